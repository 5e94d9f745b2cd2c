import type { QuickCheckCardRenderer } from '../domain';
import type { Clock } from '../clock';
import type { OutboxAbout, Person, Practice } from '../domain';
import { ValidationError } from '../errors';
import type { Logger } from '../logger';
import type { OutgoingMessage } from '../messenger';
import type { Store } from '../store';
import type { Stored } from '../store/documents';
import type { NewOutboxItem } from '../store/outbox-repository';
import type { QuickCheckRepository } from '../store/quick-check-repository';
import { requirePcn } from '../access';
import { personalAddress, postingChannelAddress } from './addresses';
import { answeredView, cardKey, formView } from './messages';
import { parseQuarter, type Quarter, quarterLabel, quarterLastDayLabel } from '../domain/quarters';
import type { Round } from '../domain/quick-check';

export interface CloseResult {
  readonly round?: Stored<Round>;
  /** True when this call closed it. */
  readonly closedNow: boolean;
  /** Updates for every posted card (outbox items with replaceActivityId), saying the round closed. */
  readonly updates: readonly NewOutboxItem[];
}

/** `quick-check-reminder:<quarter>:<practiceId>:<nth>`, plus `:<leadId>` for a 1:1 reminder. */
export function reminderKey(quarter: string, practiceId: string, nth: number, leadId?: string): string {
  return `quick-check-reminder:${quarter}:${practiceId}:${nth}${leadId ? `:${leadId}` : ''}`;
}

export function closeKey(quarter: string, key: string): string {
  return `quick-check-close:${quarter}:${key}`;
}

/**
 * What the scheduler runs during a round: reminders to practices that have
 * not answered, and the close at quarter end. Both return outbox items and
 * are safe to run twice (deterministic keys; closing is conditional).
 */
export class ReminderService {
  private readonly log: Logger;

  constructor(
    private readonly store: Store,
    private readonly repo: QuickCheckRepository,
    private readonly clock: Clock,
    logger: Logger,
    private readonly cards: QuickCheckCardRenderer,
  ) {
    this.log = logger.child({ module: 'quick-check-reminders' });
  }

  /**
   * The `nth` reminder (1 after 7 days, 2 after 14, by default) for every
   * practice with no answer yet: 1:1 (with the card, to answer there) to each
   * lead who has a chat with the bot; the others are @mentioned in a reply in
   * the practice's card thread. Nothing when the round is closed or absent.
   */
  async remindNonRespondents(pcnId: string, quarterId: string, nth: number): Promise<NewOutboxItem[]> {
    const q = requireQuarter(quarterId);
    const pcn = await requirePcn(this.store, pcnId);
    const round = await this.repo.getRound(pcnId, q.id);
    if (!pcn.active || !round || round.status !== 'open' || this.clock.now().toISOString() >= round.closesAt) return [];
    const [practices, answers] = await Promise.all([this.store.practices.list(pcnId), this.repo.listAnswers(pcnId, q.id)]);
    const answered = new Set(answers.map((a) => a.practiceId));
    const items: NewOutboxItem[] = [];
    for (const practice of practices.filter((p) => !answered.has(p.practiceId))) {
      const reminderAbout: OutboxAbout = {
        what: nth === 1 ? 'quick check reminder' : 'second quick check reminder',
        practiceName: practice.name,
        quarterLabel: quarterLabel(q),
      };
      const unreachable: Person[] = [];
      for (const lead of practice.leads) {
        const address = await personalAddress(this.store, pcn.tenantId, lead);
        if (!address) {
          unreachable.push(lead);
          continue;
        }
        items.push({
          pcnId,
          key: reminderKey(q.id, practice.practiceId, nth, lead.aadObjectId),
          target: { kind: 'conversation', address },
          message: {
            text: personalText(practice, q),
            card: this.cards.form(formView(q, practice)),
            summary: `Reminder: ${practice.name} quick check`,
          },
          about: { ...reminderAbout, recipientName: lead.name },
        });
      }
      if (unreachable.length === 0 && practice.leads.length > 0) continue;
      const posted = round.cards[cardKey(practice.practiceId)];
      const channel = posted ? undefined : await postingChannelAddress(this.store, pcn);
      const message: OutgoingMessage = {
        text: threadText(practice, q, unreachable),
        mentions: unreachable,
        summary: `Reminder: ${practice.name} quick check`,
        // Without a card thread to reply in, the reminder starts a thread and carries the card itself.
        ...(posted ? {} : { card: this.cards.form(formView(q, practice)) }),
      };
      items.push({
        pcnId,
        key: reminderKey(q.id, practice.practiceId, nth),
        target: posted
          ? { kind: 'conversation', address: posted.address }
          : { kind: 'newThread', address: channel!, channelId: channel!.conversationId },
        message,
        about: reminderAbout,
      });
    }
    this.log.info({ pcnId, quarter: q.id, nth, messages: items.length }, 'quick check reminders prepared');
    return items;
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

function personalText(practice: Practice, q: Quarter): string {
  return `A reminder: ${practice.name} has not answered the social media quick check for ${quarterLabel(q)} yet. It is four Yes/No questions; you can answer on the card below. It closes at the end of ${quarterLastDayLabel(q)}.`;
}

function threadText(practice: Practice, q: Quarter, leads: readonly Person[]): string {
  const who = leads.length ? `${leads.map((l) => `<at>${l.name}</at>`).join(', ')}: a` : 'A';
  const noLead =
    practice.leads.length === 0
      ? ` ${practice.name} has no practice lead yet: a PCN admin can answer, or add a lead with setup.`
      : '';
  return `${who} reminder that ${practice.name} has not answered the social media quick check for ${quarterLabel(q)} yet. It closes at the end of ${quarterLastDayLabel(q)}.${noLead}`;
}
