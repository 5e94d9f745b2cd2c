import { isPcnAdmin, requireLeadOrAdmin, requirePcn } from '../access';
import type { Clock } from '../clock';
import type { CampaignCalendar, LondonDay, NewOutboxItem, Pcn, Person } from '../domain';
import { DEFAULT_PCN_SETTINGS, questionById } from '../domain';
import {
  ABOUT_REVIEW_DAYS,
  type ChannelRecord,
  platformName,
  type RefreshCardRenderer,
  type RefreshReminderView,
  type RefreshStatusView,
  type ReminderItem,
  type ReminderKind,
  SNOOZE_DAYS,
} from '../domain/channels';
import { addDays, dayOf, daysBetween, formatDay } from '../domain/days';
import { parseQuarter, quarterLabel } from '../domain/quarters';
import { ValidationError } from '../errors';
import type { Logger } from '../logger';
import type { Outbox } from '../outbox/outbox';
import { personalAddress, postingChannelAddress } from '../quick-check/addresses';
import type { Store } from '../store';
import type { Stored } from '../store/documents';
import { isWorkingDay, LAST_KNOWN_YEAR } from './bank-holidays';
import { refreshedAt } from './channel-service';
import { latestPosted, latestPostedPlans, postedKey } from './freshness';
import { outOfSeasonLookback, outOfSeasonPlans } from './out-of-season';

/** `refresh-reminder:<London day>:<owner's object id>`: one card per person per day. */
export function refreshReminderKey(day: LondonDay, ownerId: string): string {
  return `refresh-reminder:${day}:${ownerId}`;
}

/** One reminder due, with what it stands on (for Not relevant and Done on follow-ups). */
interface Due extends ReminderItem {
  readonly basis: string;
  readonly practiceId: string;
  readonly practiceName: string;
  /** The channel ("Instagram (@riverside.mc)"), or empty for follow-ups. */
  readonly label: string;
  /** Worst first in `refresh status`: days overdue. */
  readonly days: number;
}

/** A reminder as the card's buttons send it back: `<kind>:<subject>`. */
export interface ReminderRef {
  readonly kind: ReminderKind;
  readonly subject: string;
}

export type ReminderAnswer =
  { readonly kind: 'done' } | { readonly kind: 'snooze' } | { readonly kind: 'notRelevant'; readonly reason: string };

export interface RefreshCheckDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly outbox: Pick<Outbox, 'enqueue'>;
  readonly cards: RefreshCardRenderer;
  /** The campaigns' dates, for plans out of season. */
  readonly calendar: CampaignCalendar;
}

/**
 * The daily refresh check (DOMAIN.md "Refresh reminders"). On working days
 * (Monday to Friday, not a bank holiday in England and Wales) it sends each
 * channel owner at most one card, bundling what is due for them: a channel
 * with no fresh content for the PCN's staleAfterDays (14 by default), an
 * "about" text not checked for 90 days, their practices' open quick
 * check follow-ups, and (to the plan's owner) a plan out of season for 30
 * days after its campaign ends (out-of-season.ts). Done, Snooze 7 days and Not relevant (with why) are
 * stored, so a reminder comes back only when it is due again.
 */
export class RefreshCheckService {
  private readonly log: Logger;

  constructor(private readonly deps: RefreshCheckDeps) {
    this.log = deps.logger.child({ module: 'refresh-check' });
  }

  /** Everything due today for the PCN, snoozed and dismissed ones left out, by owner. */
  async due(pcn: Pcn, today: LondonDay): Promise<Map<string, { owner: Person; items: Due[] }>> {
    const { store } = this.deps;
    // One read of plans serves both freshness and seasons: the out-of-season look-back is the longer.
    const [channels, practices, states, plans, actions] = await Promise.all([
      store.channels.list(pcn.pcnId),
      store.practices.list(pcn.pcnId),
      store.channels.listReminders(pcn.pcnId),
      store.plans.between(pcn.pcnId, outOfSeasonLookback(today)),
      store.quickCheck.listActions(pcn.pcnId, { status: 'open' }),
    ]);
    const practiceName = new Map(practices.map((p) => [p.practiceId, p.name]));
    const posted = latestPosted(plans);
    const outOfSeason = await outOfSeasonPlans(plans, this.deps.calendar, pcn.pcnId, today, practiceName);
    const stateOf = new Map(states.map((s) => [`${s.kind}:${s.subject}`, s]));
    const staleAfter = pcn.settings.staleAfterDays ?? DEFAULT_PCN_SETTINGS.staleAfterDays;
    const quiet = (kind: ReminderKind, subject: string, basis: string) => {
      const state = stateOf.get(`${kind}:${subject}`);
      if (!state) return false;
      if (state.snoozedUntil && today < state.snoozedUntil) return true;
      return state.notRelevant?.basis === basis || state.done?.basis === basis;
    };
    const byOwner = new Map<string, { owner: Person; items: Due[] }>();
    const add = (owner: Person, item: Due) => {
      const entry = byOwner.get(owner.aadObjectId) ?? { owner, items: [] };
      entry.items.push(item);
      byOwner.set(owner.aadObjectId, entry);
    };
    const owners = new Map<string, Person[]>();
    for (const channel of channels) {
      const practice = practiceName.get(channel.practiceId);
      if (!practice) continue;
      owners.set(channel.practiceId, [...(owners.get(channel.practiceId) ?? []), channel.owner]);
      const label = `${platformName(channel.platform)} (${channel.address})`;
      const about = { practiceId: channel.practiceId, practiceName: practice, label };
      const fresh = refreshedAt(channel, posted.get(postedKey(channel.practiceId, channel.platform)));
      const since = dayOf(new Date(fresh ?? channel.createdAt));
      const stale = daysBetween(since, today);
      const staleBasis = fresh ?? `added ${channel.createdAt}`;
      if (stale >= staleAfter && !quiet('stale', channel.channelId, staleBasis)) {
        add(channel.owner, {
          kind: 'stale',
          subject: channel.channelId,
          ...about,
          basis: staleBasis,
          days: stale - staleAfter,
          text: fresh
            ? `nothing new since ${formatDay(since, false)} (${stale} days)`
            : `no fresh content recorded since it was added on ${formatDay(since, false)} (${stale} days)`,
        });
      }
      const reviewed = dayOf(new Date(channel.aboutReviewedAt ?? channel.createdAt));
      const age = daysBetween(reviewed, today);
      const aboutBasis = channel.aboutReviewedAt ?? `added ${channel.createdAt}`;
      if (age >= ABOUT_REVIEW_DAYS && !quiet('about', channel.channelId, aboutBasis)) {
        add(channel.owner, {
          kind: 'about',
          subject: channel.channelId,
          ...about,
          basis: aboutBasis,
          days: age - ABOUT_REVIEW_DAYS,
          text: channel.aboutReviewedAt
            ? `"about" text last checked ${formatDay(reviewed, false)} (${age} days)`
            : `"about" text not checked since it was added on ${formatDay(reviewed, false)} (${age} days)`,
        });
      }
    }
    for (const [practiceId, people] of owners) {
      const open = actions.filter((a) => a.practiceId === practiceId);
      if (!open.length) continue;
      const basis = open
        .map((a) => `${a.quarter}:${a.questionId}`)
        .sort()
        .join(',');
      if (quiet('actions', practiceId, basis)) continue;
      const quarters = [...new Set(open.map((a) => a.quarter))].sort().map((q) => {
        const parsed = parseQuarter(q);
        return parsed ? quarterLabel(parsed) : q;
      });
      const what = [...new Set(open.map((a) => questionById(a.questionId).short))].join(', ');
      const count = open.length === 1 ? 'one quick check follow-up' : `${open.length} quick check follow-ups`;
      const oldest = open.map((a) => a.openedAt).sort()[0]!;
      for (const owner of new Map(people.map((p) => [p.aadObjectId, p])).values()) {
        add(owner, {
          kind: 'actions',
          subject: practiceId,
          practiceId,
          practiceName: practiceName.get(practiceId)!,
          label: '',
          basis,
          days: daysBetween(dayOf(new Date(oldest)), today),
          text: `${practiceName.get(practiceId)} has ${count} open from ${quarters.join(' and ')}: ${what}. Type "results" to see the advice.`,
        });
      }
    }
    for (const found of outOfSeason) {
      if (quiet('season', found.plan.planId, found.basis)) continue;
      add(found.owner, {
        kind: 'season',
        subject: found.plan.planId,
        practiceId: found.plan.practiceId,
        practiceName: practiceName.get(found.plan.practiceId)!,
        label: '',
        basis: found.basis,
        days: found.days,
        text: found.text,
      });
    }
    return byOwner;
  }

  /** The practice a reminder is about, read afresh: undefined when its channel, practice or plan is gone. */
  private async practiceOf(pcnId: string, ref: ReminderRef): Promise<string | undefined> {
    const { store } = this.deps;
    if (ref.kind === 'actions') return ref.subject;
    if (ref.kind === 'season') return (await store.plans.get(pcnId, ref.subject))?.practiceId;
    return (await store.channels.get(pcnId, ref.subject))?.practiceId;
  }

  /**
   * The scheduled run (`period`: the London day). Nothing on a weekend or a
   * bank holiday. One outbox item per owner, keyed by day and person, so a
   * repeated run queues nothing twice.
   */
  async queueDaily(pcn: Pcn, period: LondonDay): Promise<NewOutboxItem[]> {
    if (!pcn.active) return [];
    if (Number(period.slice(0, 4)) > LAST_KNOWN_YEAR) {
      this.log.warn({ period }, 'bank holidays unknown for this year: update services/refresh/bank-holidays.ts');
    }
    if (!isWorkingDay(period)) return [];
    const due = await this.due(pcn, period);
    const items: NewOutboxItem[] = [];
    for (const { owner, items: reminders } of due.values()) {
      const address = await personalAddress(this.deps.store, pcn.tenantId, owner);
      const view: RefreshReminderView = {
        pcnId: pcn.pcnId,
        day: period,
        owner,
        mention: !address,
        items: reminders.map(({ kind, subject, text }) => ({ kind, subject, text })),
        ...reminderLines(reminders, period),
      };
      const channel = address ? undefined : await postingChannelAddress(this.deps.store, pcn);
      const item: NewOutboxItem = {
        pcnId: pcn.pcnId,
        key: refreshReminderKey(period, owner.aadObjectId),
        target: address
          ? { kind: 'conversation', address }
          : { kind: 'newThread', address: channel!, channelId: channel!.conversationId },
        message: {
          card: this.deps.cards.reminder(view),
          summary: reminders.length === 1 ? 'A channel reminder' : `${reminders.length} channel reminders`,
          ...(address ? {} : { mentions: [owner] }),
        },
        about: { what: 'refresh reminder', recipientName: owner.name, daysLabel: formatDay(period) },
      };
      await this.deps.outbox.enqueue(item);
      items.push(item);
    }
    this.log.info({ pcnId: pcn.pcnId, day: period, people: items.length }, 'refresh reminders queued');
    return items;
  }

  /** Done, Snooze 7 days, or Not relevant, for every reminder on a card. Returns what was done, for the person. */
  async answer(pcnId: string, person: Person, refs: readonly ReminderRef[], answer: ReminderAnswer): Promise<string> {
    const { store, clock } = this.deps;
    const pcn = await requirePcn(store, pcnId);
    const now = clock.now();
    const today = dayOf(now);
    const due = await this.due(pcn, today);
    const current = new Map<string, Due>();
    for (const entry of due.values()) for (const d of entry.items) current.set(`${d.kind}:${d.subject}`, d);
    if (answer.kind === 'notRelevant' && !answer.reason.trim()) {
      throw new ValidationError('reason', 'Say why it is not relevant, so others know: type a reason, then press Not relevant.');
    }
    let changed = 0;
    for (const ref of refs) {
      const practiceId = await this.practiceOf(pcnId, ref);
      if (!practiceId) continue;
      const practice = await store.practices.get(pcnId, practiceId);
      if (!practice) continue;
      requireLeadOrAdmin(pcn, practice, person, 'answer its reminders');
      const base = { pcnId, kind: ref.kind, subject: ref.subject, updatedAt: now.toISOString(), updatedBy: person };
      const basis = current.get(`${ref.kind}:${ref.subject}`)?.basis;
      if (answer.kind === 'snooze') {
        await store.channels.saveReminder({ ...base, snoozedUntil: addDays(today, SNOOZE_DAYS) });
      } else if (answer.kind === 'notRelevant') {
        if (!basis) continue;
        await store.channels.saveReminder({
          ...base,
          notRelevant: { reason: answer.reason.trim().slice(0, 300), basis, by: person, at: base.updatedAt },
        });
      } else if (ref.kind === 'actions' || ref.kind === 'season') {
        if (!basis) continue;
        await store.channels.saveReminder({ ...base, done: { basis, by: person, at: base.updatedAt } });
      } else {
        const at = base.updatedAt;
        await store.channels.update(pcnId, ref.subject, (c) =>
          ref.kind === 'stale' ? { ...c, lastRefreshedAt: at, updatedAt: at } : { ...c, aboutReviewedAt: at, updatedAt: at },
        );
      }
      changed++;
    }
    this.log.info({ pcnId, answer: answer.kind, changed }, 'refresh reminders answered');
    if (!changed) return 'Those reminders are no longer due, so there was nothing to change.';
    if (answer.kind === 'snooze')
      return `Snoozed until ${formatDay(addDays(today, SNOOZE_DAYS), false)}. I will remind you again then if it is still due.`;
    if (answer.kind === 'notRelevant')
      return 'Noted as not relevant, with your reason. I will not remind you about it again unless it changes.';
    return 'Thanks: marked done today.';
  }

  /** `refresh status` (PCN admins): every practice's channels, worst first. */
  async status(pcnId: string, person: Person): Promise<RefreshStatusView> {
    const { store, clock } = this.deps;
    const pcn = await requirePcn(store, pcnId);
    if (!isPcnAdmin(pcn, person)) return { lines: [], empty: '' };
    const today = dayOf(clock.now());
    const [channels, practices, posted] = await Promise.all([
      store.channels.list(pcnId),
      store.practices.list(pcnId),
      latestPostedPlans(store, pcnId, today),
    ]);
    const names = new Map(practices.map((p) => [p.practiceId, p.name]));
    const staleAfter = pcn.settings.staleAfterDays ?? DEFAULT_PCN_SETTINGS.staleAfterDays;
    const rows = channels
      .filter((c) => names.has(c.practiceId))
      .map((c: Stored<ChannelRecord>) => {
        const fresh = refreshedAt(c, posted.get(postedKey(c.practiceId, c.platform)));
        const since = daysBetween(dayOf(new Date(fresh ?? c.createdAt)), today);
        const about = daysBetween(dayOf(new Date(c.aboutReviewedAt ?? c.createdAt)), today);
        const score = Math.max(since - staleAfter, about - ABOUT_REVIEW_DAYS);
        const ago = since <= 0 ? 'today' : since === 1 ? 'yesterday' : `${since} days ago`;
        const refreshed = fresh ? `refreshed ${formatDay(dayOf(new Date(fresh)), false)} (${ago})` : 'never refreshed';
        const checked = c.aboutReviewedAt
          ? `"about" checked ${formatDay(dayOf(new Date(c.aboutReviewedAt)), false)}`
          : '"about" never checked';
        const attention = since >= staleAfter || about >= ABOUT_REVIEW_DAYS;
        const flag = attention ? 'Needs attention: ' : '';
        return {
          attention,
          score,
          heading: `${names.get(c.practiceId)}: ${platformName(c.platform)} (${c.address})`,
          detail: `${flag}${refreshed}; ${checked}. Owner: ${c.owner.name}.`,
        };
      })
      .sort((a, b) => b.score - a.score || a.heading.localeCompare(b.heading));
    const without = practices.filter((p) => !channels.some((c) => c.practiceId === p.practiceId));
    const needAttention = rows.filter((r) => r.attention).length;
    return {
      channels: { upToDate: rows.length - needAttention, needAttention },
      lines: [
        ...rows.map(({ heading, detail }) => ({ heading, detail })),
        ...without.map((p) => ({ heading: p.name, detail: 'No channels yet: a practice lead can add them with "channels".' })),
      ],
      empty: channels.length || practices.length ? '' : 'No practices yet: a PCN admin can add them with setup.',
    };
  }
}

/**
 * The card's words: one line per channel (what is due for it, together),
 * then each practice's follow-ups; the practice is the title when there is
 * one, else it starts each line. The 111/999 advice is said once.
 */
function reminderLines(items: readonly Due[], day: LondonDay): { title: string; lines: string[]; note: string } {
  const practices = [...new Set(items.map((i) => i.practiceName))];
  const one = practices.length === 1;
  const lines = new Map<string, string[]>();
  for (const item of items) {
    if (!item.label) continue;
    const key = `${item.practiceName}|${item.label}`;
    lines.set(key, [...(lines.get(key) ?? []), item.text]);
  }
  const channelLines = [...lines].map(([key, phrases]) => {
    const [practice, label] = key.split('|') as [string, string];
    return `${one ? '' : `${practice}'s `}${label}: ${phrases.join('; ')}.`;
  });
  return {
    title: one ? `${practices[0]}: reminders for ${formatDay(day, false)}` : `Channel reminders for ${formatDay(day, false)}`,
    lines: [...channelLines, ...items.filter((i) => !i.label).map((i) => i.text)],
    note: items.some((i) => i.kind === 'about')
      ? 'Check each "about" text says what the channel is for, and to call 111, or 999 in an emergency.'
      : '',
  };
}
