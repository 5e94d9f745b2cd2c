import { randomUUID } from 'node:crypto';
import { isLeadOf, isPcnAdmin, refusal, requireLeadOrAdmin, requirePcn } from '../access';
import type { Clock } from '../clock';
import {
  addDays,
  type AnnouncementKind,
  type CampaignCalendar,
  type DayRange,
  dayOf,
  daysBetween,
  formatDay,
  type LondonDay,
  MAX_PLAN_DAYS,
  OTHER_CAMPAIGN,
  type Pcn,
  type Person,
  type Plan,
  type PlanCardRenderer,
  type PlanChoice,
  type PlanCheckView,
  type PlanFormValues,
  type PlanFormView,
  type PlanInput,
  PLAN_FIELD_LABELS,
  PLAN_LIMITS,
  type PlanNotice,
  type PlanWarning,
  type Practice,
  platformList,
} from '../domain';
import { AlreadyExistsError, AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import type { Outbox } from '../outbox/outbox';
import { postingChannelAddress } from '../quick-check/addresses';
import type { Store, Stored } from '../store';
import { foldName } from '../campaigns/matching';
import { announcementItem } from './announcements';
import { acknowledgement, planWarnings, weeksOf } from './plan-warnings';
import { whenLabel } from './plan-text';
import { readShortcut } from './shortcut';
import { NameMatcher } from '../ask/names';

/** How far ahead the card's campaign list looks. */
const CAMPAIGN_DAYS_AHEAD = 120;
/** At most this many campaigns in the card's list (the card's dropdown stays short). */
const MAX_CAMPAIGN_CHOICES = 25;
const ATTEMPTS = 4;

export const PLAN_GONE = 'That plan is no longer in the PCN’s plans, so there is nothing to change.';
export const PLAN_CHANGED =
  'Someone else changed this plan while you were editing it, so I have not saved yours. Here it is as it is now.';

/** The stored version of an edit card did not match: the card is shown again from the store. */
export class StalePlanError extends AppError {
  constructor() {
    super('CONFLICT', PLAN_CHANGED);
  }
}

/** A plan the card was opened at: its id and stored version. */
export interface PlanRef {
  readonly planId: string;
  readonly version: string;
}

/** What Save did: saved (and announced), nothing to change, or warnings to answer first (nothing saved). */
export type SaveOutcome =
  | {
      readonly kind: 'saved';
      readonly plan: Stored<Plan>;
      readonly practiceName: string;
      readonly created: boolean;
      /** The channel the announcement goes to. */
      readonly channelName: string;
    }
  | { readonly kind: 'unchanged'; readonly plan: Stored<Plan>; readonly practiceName: string }
  | { readonly kind: 'warnings'; readonly check: PlanCheckView };

export interface StatusOutcome {
  readonly plan: Stored<Plan>;
  readonly practiceName: string;
  /** False when it already had that status. */
  readonly changed: boolean;
}

export interface PlanServiceDeps {
  readonly store: Store;
  readonly calendar: CampaignCalendar;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly outbox: Pick<Outbox, 'enqueueWith'>;
  readonly cards: PlanCardRenderer;
}

interface Planner {
  readonly pcn: Stored<Pcn>;
  readonly practices: Stored<Practice>[];
  /** The practices this person may plan for: all for an admin, else those they lead. */
  readonly mine: Stored<Practice>[];
}

/**
 * Planned social activity: the plan card (new, pre-filled from a sentence,
 * or an existing plan), saving with the warnings shown first, cancelling and
 * marking posted. A practice's leads and PCN admins may plan and change a
 * practice's plans; everyone in the PCN may read them (PlanListService).
 * Every write is one batch of the plan and its announcement.
 */
export class PlanService {
  private readonly log: Logger;

  constructor(private readonly deps: PlanServiceDeps) {
    this.log = deps.logger.child({ module: 'plans' });
  }

  private today(): LondonDay {
    return dayOf(this.deps.clock.now());
  }

  /** The PCN, its practices, and those this person may plan for; refused when none. */
  private async planner(pcnId: string, actor: Person): Promise<Planner> {
    const pcn = await requirePcn(this.deps.store, pcnId);
    const practices = await this.deps.store.practices.list(pcnId);
    const mine = isPcnAdmin(pcn, actor) ? practices : practices.filter((p) => isLeadOf(p, actor));
    if (mine.length === 0) {
      if (!isPcnAdmin(pcn, actor)) throw new ForbiddenError(refusal('leads', pcn, 'plan a post'));
      throw new NotFoundError('There are no practices in this PCN yet. A PCN admin adds them with **setup**.');
    }
    return { pcn, practices, mine };
  }

  /** A blank plan card; `text` (what followed `plan`) fills it in when it says anything. */
  async form(pcnId: string, actor: Person, text = '', notice?: PlanNotice): Promise<PlanFormView> {
    const planner = await this.planner(pcnId, actor);
    const today = this.today();
    const values: PlanFormValues = {
      practiceId: planner.mine.length === 1 ? planner.mine[0]!.practiceId : '',
      start: today,
      end: today,
      platforms: '',
      campaign: '',
      otherCampaign: '',
      summary: '',
      ownerId: actor.aadObjectId,
    };
    const prefill = text ? await this.fromShortcut(pcnId, text, today) : undefined;
    const filled = prefill && Object.keys(prefill).length > 0;
    return this.view(
      planner,
      actor,
      { ...values, ...prefill },
      {
        notice:
          notice ??
          (filled
            ? { kind: 'success', text: 'I have filled this in from what you typed. Check it, then press Save.' }
            : undefined),
      },
    );
  }

  private async fromShortcut(pcnId: string, text: string, today: LondonDay): Promise<Partial<PlanFormValues>> {
    const names = await this.deps.calendar.names(pcnId);
    const said = readShortcut(
      text,
      today,
      new NameMatcher(names.map((c) => ({ id: c.campaignId, name: c.name, aliases: c.aliases }))),
    );
    const prefill: Record<string, string> = {};
    if (said.platforms.length) prefill.platforms = said.platforms.join(',');
    if (said.summary) prefill.summary = said.summary.slice(0, PLAN_LIMITS.summary);
    if (said.campaign) prefill.campaign = said.campaign.id;
    let range = said.range;
    if (!range && said.campaign) {
      // "for Stoptober" and no day: its first day, or today while it is on.
      const next = await this.deps.calendar.next(pcnId, said.campaign.id, today);
      if (next) range = { start: next.start < today ? today : next.start, end: next.start < today ? today : next.start };
    }
    if (range) Object.assign(prefill, { start: range.start, end: range.end });
    return prefill;
  }

  /** The card of an existing plan, to change. */
  async editForm(pcnId: string, actor: Person, planId: string, notice?: PlanNotice): Promise<PlanFormView> {
    const planner = await this.planner(pcnId, actor);
    const plan = await this.changeable(planner, actor, planId);
    return this.view(planner, actor, valuesOf(plan), { planId, version: plan.etag, notice, owner: plan.owner });
  }

  /** The card again with what was typed (after a refusal, or "Change it" on the warnings). */
  async typedForm(
    pcnId: string,
    actor: Person,
    values: PlanFormValues,
    ref: PlanRef | undefined,
    notice?: PlanNotice,
  ): Promise<PlanFormView> {
    const planner = await this.planner(pcnId, actor);
    return this.view(planner, actor, values, { planId: ref?.planId, version: ref?.version, notice });
  }

  private async view(
    planner: Planner,
    actor: Person,
    values: PlanFormValues,
    extra: { planId?: string; version?: string; notice?: PlanNotice; owner?: Person },
  ): Promise<PlanFormView> {
    const today = this.today();
    const occurrences = await this.deps.calendar.between(planner.pcn.pcnId, {
      start: today,
      end: addDays(today, CAMPAIGN_DAYS_AHEAD),
    });
    const campaigns: PlanChoice[] = [];
    const seen = new Set<string>();
    for (const o of occurrences) {
      if (seen.has(o.campaignId) || campaigns.length >= MAX_CAMPAIGN_CHOICES) continue;
      seen.add(o.campaignId);
      campaigns.push({
        value: o.campaignId,
        title: `${o.name}, ${o.start <= today ? 'on now' : `from ${formatDay(o.start, false)}`}`,
      });
    }
    if (values.campaign && values.campaign !== OTHER_CAMPAIGN && !seen.has(values.campaign)) {
      // A campaign beyond the list's months (or one that has ended) stays choosable on its own plan.
      const known = (await this.deps.calendar.names(planner.pcn.pcnId)).find((c) => c.campaignId === values.campaign);
      if (known) campaigns.unshift({ value: known.campaignId, title: known.name });
    }
    campaigns.push({ value: OTHER_CAMPAIGN, title: 'Other (type its name)' });

    const owners = new Map<string, PlanChoice>([[actor.aadObjectId, { value: actor.aadObjectId, title: actor.name }]]);
    // A plan's owner stays choosable on its own card, whoever they are.
    if (extra.owner) owners.set(extra.owner.aadObjectId, { value: extra.owner.aadObjectId, title: extra.owner.name });
    for (const practice of planner.mine) {
      for (const lead of practice.leads) {
        if (!owners.has(lead.aadObjectId)) owners.set(lead.aadObjectId, { value: lead.aadObjectId, title: lead.name });
      }
    }
    return {
      pcnName: planner.pcn.name,
      practices: planner.mine.map((p) => ({ value: p.practiceId, title: p.name })),
      campaigns,
      owners: [...owners.values()].sort((a, b) => a.title.localeCompare(b.title)),
      values,
      planId: extra.planId,
      version: extra.version,
      notice: extra.notice,
    };
  }

  /** A stored plan this person may change (a lead of its practice, or an admin) that is still planned. */
  private async changeable(planner: Planner, actor: Person, planId: string): Promise<Stored<Plan>> {
    const plan = await this.deps.store.plans.get(planner.pcn.pcnId, planId);
    if (!plan) throw new NotFoundError(PLAN_GONE);
    this.mayChange(planner, actor, plan);
    if (plan.status !== 'planned') {
      throw new ValidationError(
        'plan',
        `That plan is marked ${plan.status === 'posted' ? 'posted' : 'cancelled'}, so it can no longer be changed. Plan a new post instead.`,
      );
    }
    return plan;
  }

  private mayChange(planner: Planner, actor: Person, plan: Plan): void {
    const practice = planner.practices.find((p) => p.practiceId === plan.practiceId);
    if (practice) requireLeadOrAdmin(planner.pcn, practice, actor, 'change this plan');
    else if (!isPcnAdmin(planner.pcn, actor)) {
      throw new ForbiddenError(refusal('admins', planner.pcn, 'change a plan of a practice that has left the PCN'));
    }
  }

  /**
   * Saves a new plan, or an edit of the plan the card was opened at. The
   * warnings come first: when there are any and `ack` does not acknowledge
   * exactly these, nothing is saved and they are returned to show. Saved
   * with the warnings and who went ahead, and the announcement queued in
   * the same batch.
   */
  async save(
    pcnId: string,
    actor: Person,
    input: PlanInput,
    options: { ref?: PlanRef; ack?: string } = {},
  ): Promise<SaveOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.trySave(pcnId, actor, input, options);
      } catch (error) {
        // A new plan's id is fresh each try; an edit that lost a race was overtaken, which is stale.
        if (error instanceof ConflictError && options.ref) throw new StalePlanError();
        if (attempt < ATTEMPTS && (error instanceof AlreadyExistsError || error instanceof ConflictError)) continue;
        throw error;
      }
    }
  }

  private async trySave(
    pcnId: string,
    actor: Person,
    input: PlanInput,
    options: { ref?: PlanRef; ack?: string },
  ): Promise<SaveOutcome> {
    const planner = await this.planner(pcnId, actor);
    const { pcn, practices } = planner;
    const practice = practices.find((p) => p.practiceId === input.practiceId);
    if (!practice) throw new ValidationError(PLAN_FIELD_LABELS.practiceId, 'Practice: choose one of the PCN’s practices.');
    requireLeadOrAdmin(pcn, practice, actor, `plan posts for ${practice.name}`);
    const existing = options.ref ? await this.changeable(planner, actor, options.ref.planId) : undefined;
    if (existing && existing.etag !== options.ref!.version) throw new StalePlanError();
    const today = this.today();
    checkDates(input, today, existing);
    const campaign = await this.campaignOf(pcnId, input);
    const owner = ownerOf(input.ownerId, actor, practice, existing?.owner);

    const fields = {
      practiceId: practice.practiceId,
      start: input.start,
      end: input.end,
      startMonth: input.start.slice(0, 7),
      platforms: [...input.platforms],
      ...campaign,
      summary: input.summary.trim(),
      owner,
    };
    if (existing && sameFields(existing, fields)) return { kind: 'unchanged', plan: existing, practiceName: practice.name };

    const names = (id: string) => practices.find((p) => p.practiceId === id)?.name ?? 'A practice no longer in the PCN';
    const others = await this.deps.store.plans.between(pcnId, weeksOf(input));
    const warnings = planWarnings({ ...fields, planId: existing?.planId }, { practices, others }, names);
    const ack = acknowledgement(warnings);
    if (warnings.length > 0 && options.ack !== ack) {
      return { kind: 'warnings', check: checkView(fields, practice.name, warnings, ack, input, options.ref, today) };
    }

    const now = this.deps.clock.now().toISOString();
    const {
      warnings: _w,
      goAhead: _g,
      campaignId: _c,
      campaignName: _n,
      etag: _e,
      ...kept
    } = existing ?? ({} as Partial<Stored<Plan>>);
    const plan: Plan = {
      ...kept,
      pcnId,
      planId: existing?.planId ?? randomUUID(),
      ...fields,
      status: 'planned',
      createdBy: existing?.createdBy ?? actor,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      updatedBy: actor,
      // A plan stored before plans had versions counts as version 1.
      version: existing ? (existing.version ?? 1) + 1 : 1,
      ...(warnings.length ? { warnings, goAhead: { by: actor, at: now } } : {}),
    };
    const kind: AnnouncementKind = existing ? 'changed' : 'planned';
    await this.write(pcn, plan, existing, practice.name, kind);
    this.log.info({ pcnId, planId: plan.planId, version: plan.version, warnings: warnings.map((w) => w.code) }, `plan ${kind}`);
    const saved = await this.deps.store.plans.get(pcnId, plan.planId);
    return { kind: 'saved', plan: saved!, practiceName: practice.name, created: !existing, channelName: pcn.postingChannel.name };
  }

  /** The plan and its announcement, in one batch: both or neither. */
  private async write(
    pcn: Pcn,
    plan: Plan,
    existing: Stored<Plan> | undefined,
    practiceName: string,
    kind: AnnouncementKind,
  ): Promise<void> {
    const channel = await postingChannelAddress(this.deps.store, pcn);
    const item = announcementItem(plan, practiceName, kind, channel, this.deps.cards);
    const step = existing
      ? this.deps.store.plans.replaceStep({ ...plan, etag: existing.etag } as Stored<Plan>)
      : this.deps.store.plans.createStep(plan);
    if (!(await this.deps.outbox.enqueueWith(pcn.pcnId, [item], [step]))) {
      throw new AlreadyExistsError(`plan ${plan.planId} v${plan.version}`);
    }
  }

  /** The calendar campaign chosen (its name kept too), the one typed, or none. */
  private async campaignOf(pcnId: string, input: PlanInput): Promise<{ campaignId?: string; campaignName?: string }> {
    const names = await this.deps.calendar.names(pcnId);
    if (input.campaignId) {
      const known = names.find((c) => c.campaignId === input.campaignId);
      if (!known) throw new ValidationError(PLAN_FIELD_LABELS.campaign, 'Campaign: choose one from the list, or Other.');
      return { campaignId: known.campaignId, campaignName: known.name };
    }
    const typed = input.otherCampaign?.trim();
    if (!typed) return {};
    // A calendar campaign typed as Other is that campaign, so overlaps and gaps see it.
    const folded = foldName(typed);
    const known = names.find((c) => [c.name, ...c.aliases].some((n) => foldName(n) === folded));
    return known ? { campaignId: known.campaignId, campaignName: known.name } : { campaignName: typed };
  }

  /** Cancels a plan, or marks it posted. Cancelling is announced; marking posted is not (it is what was planned). */
  async setStatus(pcnId: string, actor: Person, planId: string, status: 'cancelled' | 'posted'): Promise<StatusOutcome> {
    for (let attempt = 1; ; attempt++) {
      const pcn = await requirePcn(this.deps.store, pcnId);
      const practices = await this.deps.store.practices.list(pcnId);
      const planner: Planner = { pcn, practices, mine: [] };
      const plan = await this.deps.store.plans.get(pcnId, planId);
      if (!plan) throw new NotFoundError(PLAN_GONE);
      this.mayChange(planner, actor, plan);
      const practiceName = practices.find((p) => p.practiceId === plan.practiceId)?.name ?? 'A practice no longer in the PCN';
      if (plan.status === status) return { plan, practiceName, changed: false };
      if (plan.status !== 'planned') {
        throw new ValidationError('plan', `That plan is already marked ${plan.status}, so I have not changed it.`);
      }
      const now = this.deps.clock.now().toISOString();
      const next: Stored<Plan> = { ...plan, status, updatedAt: now, updatedBy: actor, version: (plan.version ?? 1) + 1 };
      try {
        if (status === 'cancelled') await this.write(pcn, next, plan, practiceName, 'cancelled');
        else await this.deps.store.plans.replace(next);
      } catch (error) {
        if (attempt < ATTEMPTS && (error instanceof ConflictError || error instanceof AlreadyExistsError)) continue;
        throw error;
      }
      this.log.info({ pcnId, planId, status }, 'plan status changed');
      return { plan: (await this.deps.store.plans.get(pcnId, planId))!, practiceName, changed: true };
    }
  }
}

/** The card's values of a stored plan. */
function valuesOf(plan: Plan): PlanFormValues {
  return {
    practiceId: plan.practiceId,
    start: plan.start,
    end: plan.end,
    platforms: plan.platforms.join(','),
    campaign: plan.campaignId ?? (plan.campaignName ? OTHER_CAMPAIGN : ''),
    otherCampaign: plan.campaignId ? '' : (plan.campaignName ?? ''),
    summary: plan.summary,
    ownerId: plan.owner?.aadObjectId ?? plan.createdBy.aadObjectId,
  };
}

function inputValues(input: PlanInput): PlanFormValues {
  return {
    practiceId: input.practiceId,
    start: input.start,
    end: input.end,
    platforms: input.platforms.join(','),
    campaign: input.campaignId ?? (input.otherCampaign ? OTHER_CAMPAIGN : ''),
    otherCampaign: input.otherCampaign ?? '',
    summary: input.summary,
    ownerId: input.ownerId,
  };
}

function checkView(
  fields: Pick<Plan, 'platforms' | 'start' | 'end'>,
  practiceName: string,
  warnings: readonly PlanWarning[],
  ack: string,
  input: PlanInput,
  ref: PlanRef | undefined,
  today: LondonDay,
): PlanCheckView {
  return {
    title: `${practiceName}: ${platformList(fields.platforms)}, ${whenLabel(fields, today)}`,
    warnings,
    summary: input.summary,
    values: inputValues(input),
    planId: ref?.planId,
    version: ref?.version,
    ack,
  };
}

/** The days a plan may have: To not before From, at most MAX_PLAN_DAYS in all, not over, not too far ahead. */
function checkDates(range: DayRange, today: LondonDay, existing: Plan | undefined): void {
  if (range.end < range.start) throw new ValidationError(PLAN_FIELD_LABELS.end, 'To must be on or after the From date.');
  if (daysBetween(range.start, range.end) >= MAX_PLAN_DAYS) {
    throw new ValidationError(
      PLAN_FIELD_LABELS.end,
      `To must be within ${MAX_PLAN_DAYS} days of From: plan a longer campaign as several posts.`,
    );
  }
  const unchanged = existing && existing.start === range.start && existing.end === range.end;
  if (range.end < today && !unchanged) {
    throw new ValidationError(PLAN_FIELD_LABELS.end, 'To must be today or later: a plan is for posts still to come.');
  }
  if (daysBetween(today, range.start) > PLAN_LIMITS.daysAhead) {
    throw new ValidationError(PLAN_FIELD_LABELS.start, 'From must be within about a year from today.');
  }
}

/** The owner chosen: the person planning, one of the practice's leads, or (on an edit) the owner it has. */
function ownerOf(ownerId: string, actor: Person, practice: Practice, current?: Person): Person {
  if (ownerId === actor.aadObjectId) return { aadObjectId: actor.aadObjectId, name: actor.name };
  if (current && ownerId === current.aadObjectId) return current;
  const lead = practice.leads.find((l) => l.aadObjectId === ownerId);
  if (!lead) throw new ValidationError(PLAN_FIELD_LABELS.ownerId, `Owner: choose yourself or one of ${practice.name}’s leads.`);
  return { aadObjectId: lead.aadObjectId, name: lead.name };
}

function sameFields(plan: Plan, fields: Omit<Plan, 'pcnId' | 'planId' | 'status' | 'createdBy' | 'createdAt' | 'updatedAt'>) {
  return (
    plan.practiceId === fields.practiceId &&
    plan.start === fields.start &&
    plan.end === fields.end &&
    plan.platforms.join(',') === fields.platforms.join(',') &&
    (plan.campaignId ?? '') === (fields.campaignId ?? '') &&
    (plan.campaignName ?? '') === (fields.campaignName ?? '') &&
    plan.summary === fields.summary &&
    plan.owner?.aadObjectId === fields.owner?.aadObjectId
  );
}
