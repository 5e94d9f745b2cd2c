import type { QuickCheckCardRenderer } from '../domain';
import type { Clock } from '../clock';
import type { OutboxAbout, Pcn, Person, Practice } from '../domain';
import { NotFoundError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import type { OutgoingMessage } from '../messenger';
import type { Store } from '../store';
import type { Stored } from '../store/documents';
import type { NewOutboxItem } from '../store/outbox-repository';
import type { QuickCheckRepository } from '../store/quick-check-repository';
import { requireAdmin, requirePcn } from '../access';
import { personalAddress, postingChannelAddress } from './addresses';
import { answeredView, cardKey, formView } from './messages';
import type { QuickCheckOutbox } from './rounds';
import { londonDateId } from '../domain/london-time';
import { parseQuarter, type Quarter, quarterLabel, quarterLastDayLabel } from '../domain/quarters';
import type { Round } from '../domain/quick-check';
import { withSentCards } from './posted-cards';

const DAY_MS = 86_400_000;
/**
 * The opening's own cards take a little while to go out (seconds; minutes in
 * a national fan-out): an on-time reminder is due exactly its interval after
 * the opening, so slightly less after the card. This much is allowed for.
 */
const DELIVERY_ALLOWANCE_MS = 10 * 60_000;

export interface ReminderRunOptions {
  /**
   * The scheduled reminder's interval (7 or 14 days by default). A practice
   * is reminded only once its card has been open that long, and never within
   * a day of the card: when the bot catches up a missed opening late, its
   * reminders, also due by then, do not follow the card within seconds.
   */
  readonly openFor?: number;
}

export interface CloseResult {
  readonly round?: Stored<Round>;
  /** True when this call closed it. */
  readonly closedNow: boolean;
  /** Updates for every posted card (outbox items with replaceActivityId), saying the round closed. */
  readonly updates: readonly NewOutboxItem[];
}

/** What "Remind now" did, for the results card's notice. */
export interface RemindNowResult {
  /** True when a reminder was queued; false when there was nothing to send, or one went today already. */
  readonly queued: boolean;
  /** One line for the person who pressed the button. */
  readonly notice: string;
}

/** `quick-check-reminder:<quarter>:<practiceId>:<nth>`, plus `:<leadId>` for a 1:1 reminder. */
export function reminderKey(quarter: string, practiceId: string, nth: number, leadId?: string): string {
  return `quick-check-reminder:${quarter}:${practiceId}:${nth}${leadId ? `:${leadId}` : ''}`;
}

/**
 * `quick-check-remind-now:<quarter>:<practiceId>:<yyyy-mm-dd>` (the London
 * date): one "Remind now" per practice per day, whoever presses it.
 */
export function remindNowKey(quarter: string, practiceId: string, londonDate: string): string {
  return `quick-check-remind-now:${quarter}:${practiceId}:${londonDate}`;
}

export function closeKey(quarter: string, key: string): string {
  return `quick-check-close:${quarter}:${key}`;
}

/**
 * What the scheduler runs during a round: reminders to practices that have
 * not answered, and the close at quarter end. Both return outbox items and
 * are safe to run twice (deterministic keys; closing is conditional). A PCN
 * admin may also remind one practice now, from the results card.
 *
 * Where a reminder goes: when the PCN sends the quick check 1:1 to leads
 * (its quickCheckToLeads setting), 1:1 with the card to each lead who has a
 * chat with the bot; every other lead is @mentioned in a reply in the
 * practice's card thread, so Teams notifies them.
 */
export class ReminderService {
  private readonly log: Logger;

  constructor(
    private readonly store: Store,
    private readonly repo: QuickCheckRepository,
    private readonly clock: Clock,
    logger: Logger,
    private readonly cards: QuickCheckCardRenderer,
    private readonly outbox: QuickCheckOutbox,
  ) {
    this.log = logger.child({ module: 'quick-check-reminders' });
  }

  /**
   * The `nth` reminder (1 after 7 days, 2 after 14, by default) for every
   * practice with no answer yet. Nothing when the round is closed or absent.
   */
  async remindNonRespondents(
    pcnId: string,
    quarterId: string,
    nth: number,
    options: ReminderRunOptions = {},
  ): Promise<NewOutboxItem[]> {
    const q = requireQuarter(quarterId);
    const pcn = await requirePcn(this.store, pcnId);
    const stored = await this.repo.getRound(pcnId, q.id);
    if (!pcn.active || !stored || !this.isOpen(stored)) return [];
    const [practices, answers] = await Promise.all([this.store.practices.list(pcnId), this.repo.listAnswers(pcnId, q.id)]);
    const round = await withSentCards(this.store, this.repo, stored, practices, this.clock.now(), this.log);
    const answered = new Set(answers.map((a) => a.practiceId));
    const items: NewOutboxItem[] = [];
    let tooSoon = 0;
    for (const practice of practices.filter((p) => !answered.has(p.practiceId))) {
      if (options.openFor !== undefined && !this.openLongEnough(round, practice.practiceId, options.openFor)) {
        tooSoon++;
        continue;
      }
      const what = nth === 1 ? 'quick check reminder' : 'second quick check reminder';
      items.push(
        ...(await this.practiceReminder(pcn, round, q, practice, what, (leadId) =>
          reminderKey(q.id, practice.practiceId, nth, leadId),
        )),
      );
    }
    this.log.info({ pcnId, quarter: q.id, nth, messages: items.length, tooSoon }, 'quick check reminders prepared');
    return items;
  }

  /** Whether the practice's card (or, if it never landed, the round) has been open for `openFor`, and a day. */
  private openLongEnough(round: Round, practiceId: string, openFor: number): boolean {
    const since = Date.parse(round.cards[cardKey(practiceId)]?.postedAt ?? round.openedAt);
    const needed = Math.max(openFor, DAY_MS) - DELIVERY_ALLOWANCE_MS;
    return this.clock.now().getTime() - since >= needed;
  }

  /**
   * "Remind now" on the results card: a PCN admin reminds one practice that
   * has not answered, at once, through the outbox, to the same people and in
   * the same way as the scheduled reminder. At most once a day per practice:
   * a second press the same (London) day queues nothing and says so.
   */
  async remindNow(pcnId: string, actor: Person, quarterId: string, practiceId: string): Promise<RemindNowResult> {
    const q = requireQuarter(quarterId);
    const pcn = await requirePcn(this.store, pcnId);
    requireAdmin(pcn, actor, 'remind a practice');
    const [stored, practice] = await Promise.all([this.repo.getRound(pcnId, q.id), this.store.practices.get(pcnId, practiceId)]);
    if (!stored || !this.isOpen(stored)) {
      throw new ValidationError('quarter', `The quick check for ${quarterLabel(q)} is not open, so I have not reminded anyone.`);
    }
    if (!practice) throw new NotFoundError('That practice is no longer part of this PCN, so I have not reminded anyone.');
    const round = await withSentCards(this.store, this.repo, stored, [practice], this.clock.now(), this.log);
    if (await this.repo.getAnswer(pcnId, q.id, practiceId)) {
      return { queued: false, notice: `${practice.name} has answered, so there is no need to remind them.` };
    }
    const leads = namesOf(practice.leads);
    if (!leads) {
      return {
        queued: false,
        notice: `${practice.name} has no practice lead yet, so there is nobody to remind: a PCN admin can add one with setup.`,
      };
    }
    const base = remindNowKey(q.id, practice.practiceId, londonDateId(this.clock.now()));
    const items = await this.practiceReminder(
      pcn,
      round,
      q,
      practice,
      'quick check reminder',
      (leadId) => (leadId ? `${base}:${leadId}` : base),
      actor,
    );
    // The first item always carries the day's key, so a second press finds it whichever way the leads are reached.
    const keyed = items.map((item, i) => (i === 0 ? { ...item, key: base } : item));
    const queued = await this.outbox.enqueueWith(pcnId, keyed, []);
    this.log.info({ pcnId, quarter: q.id, queued, messages: keyed.length }, 'quick check remind now');
    return queued
      ? { queued, notice: `I am reminding ${practice.name}'s ${leadsWord(practice.leads)} (${leads}) now.` }
      : {
          queued,
          notice: `I reminded them today already: ${practice.name}'s ${leadsWord(practice.leads)} (${leads}) had a reminder today, so I have not sent another. You can remind them again tomorrow.`,
        };
  }

  /** One practice's reminder: 1:1 where the PCN's setting says and a chat exists, else an @mention in its card thread. */
  private async practiceReminder(
    pcn: Stored<Pcn>,
    round: Stored<Round>,
    q: Quarter,
    practice: Stored<Practice>,
    what: OutboxAbout['what'],
    keyFor: (leadId?: string) => string,
    askedBy?: Person,
  ): Promise<NewOutboxItem[]> {
    const about: OutboxAbout = { what, practiceName: practice.name, quarterLabel: quarterLabel(q) };
    const summary = `Reminder: ${practice.name} quick check`;
    const items: NewOutboxItem[] = [];
    const inThread: Person[] = [];
    for (const lead of practice.leads) {
      const address = pcn.settings.quickCheckToLeads ? await personalAddress(this.store, pcn.tenantId, lead) : undefined;
      if (!address) {
        inThread.push(lead);
        continue;
      }
      items.push({
        pcnId: pcn.pcnId,
        key: keyFor(lead.aadObjectId),
        target: { kind: 'conversation', address },
        message: { text: personalText(practice, q, askedBy), card: this.cards.form(formView(q, practice)), summary },
        about: { ...about, recipientName: lead.name },
      });
    }
    if (inThread.length === 0 && practice.leads.length > 0) return items;
    const posted = round.cards[cardKey(practice.practiceId)];
    const channel = posted ? undefined : await postingChannelAddress(this.store, pcn);
    const message: OutgoingMessage = {
      text: threadText(practice, q, inThread, askedBy),
      mentions: inThread,
      summary,
      // Without a card thread to reply in, the reminder starts a thread and carries the card itself.
      ...(posted ? {} : { card: this.cards.form(formView(q, practice, { mentionLeads: true })) }),
    };
    // The thread's reply first: "Remind now" keys its first item with the day's key.
    items.unshift({
      pcnId: pcn.pcnId,
      key: keyFor(),
      target: posted
        ? { kind: 'conversation', address: posted.address }
        : { kind: 'newThread', address: channel!, channelId: channel!.conversationId },
      message,
      about,
    });
    return items;
  }

  private isOpen(round: Round): boolean {
    return round.status === 'open' && this.clock.now().toISOString() < round.closesAt;
  }

  /**
   * Closes the round (answers are refused from then on) and returns updates
   * for every posted card, showing the final answers and that it closed.
   * A second call closes nothing and returns the same updates.
   */
  async closeRound(pcnId: string, quarterId: string): Promise<CloseResult> {
    const q = requireQuarter(quarterId);
    let closedNow = false;
    const now = this.clock.now().toISOString();
    // Before closing: a card sent but never noted on the round is noted now, so its close updates it too.
    const open = await this.repo.getRound(pcnId, q.id);
    if (open)
      await withSentCards(this.store, this.repo, open, await this.store.practices.list(pcnId), this.clock.now(), this.log);
    const round = await this.repo.updateRound(pcnId, q.id, (r) => {
      // Re-run on every retry, so it reflects the read that was finally written (or not).
      closedNow = r.status !== 'closed';
      return closedNow ? { ...r, status: 'closed', closedAt: now } : undefined;
    });
    if (!round) return { closedNow: false, updates: [] };
    if (closedNow) this.log.info({ pcnId, quarter: q.id }, 'quick check round closed');
    const [practices, answers] = await Promise.all([this.store.practices.list(pcnId), this.repo.listAnswers(pcnId, q.id)]);
    const practiceBy = new Map(practices.map((p) => [p.practiceId, p]));
    const answerBy = new Map(answers.map((a) => [a.practiceId, a]));
    const updates: NewOutboxItem[] = [];
    for (const [key, posted] of Object.entries(round.cards)) {
      const practice = practiceBy.get(posted.practiceId);
      if (!practice) continue; // removed since: its card stays as it was
      updates.push({
        pcnId,
        key: closeKey(q.id, key),
        target: { kind: 'conversation', address: posted.address },
        replaceActivityId: posted.activityId,
        message: { card: this.cards.answered(answeredView(q, practice, answerBy.get(posted.practiceId), 'closed')) },
        about: { what: 'closed card', practiceName: practice.name, quarterLabel: quarterLabel(q) },
      });
    }
    return { round, closedNow, updates };
  }
}

function requireQuarter(quarterId: string): Quarter {
  const q = parseQuarter(quarterId);
  if (!q) throw new ValidationError('quarter', `${quarterId} is not a quarter such as 2027-Q1.`);
  return q;
}

function namesOf(people: readonly Person[]): string {
  return people.map((p) => p.name).join(', ');
}

function leadsWord(people: readonly Person[]): string {
  return people.length === 1 ? 'practice lead' : 'practice leads';
}

function personalText(practice: Practice, q: Quarter, askedBy?: Person): string {
  const opening = askedBy ? `${askedBy.name} asked me to remind you` : 'A reminder';
  return `${opening}: ${practice.name} has not answered the social media quick check for ${quarterLabel(q)} yet. It is four Yes/No questions; you can answer on the card below. It closes at the end of ${quarterLastDayLabel(q)}.`;
}

function threadText(practice: Practice, q: Quarter, leads: readonly Person[], askedBy?: Person): string {
  const who = leads.length ? `${leads.map((l) => `<at>${l.name}</at>`).join(', ')}: ` : '';
  const reminder = askedBy ? `${askedBy.name} asked me to remind you that` : 'a reminder that';
  const opening = who ? `${who}${reminder}` : `${reminder.charAt(0).toUpperCase()}${reminder.slice(1)}`;
  const noLead =
    practice.leads.length === 0
      ? ` ${practice.name} has no practice lead yet: a PCN admin can answer, or add a lead with setup.`
      : '';
  return `${opening} ${practice.name} has not answered the social media quick check for ${quarterLabel(q)} yet. It closes at the end of ${quarterLastDayLabel(q)}.${noLead}`;
}
