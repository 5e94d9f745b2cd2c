import type { ConversationAddress, Person } from './pcn';
import type { QuestionId } from './questions';

/**
 * The quick check's records, kept in the PCN's partition (see
 * store/quick-check-repository.ts for their ids).
 */

export type YesNo = 'yes' | 'no';
export type Answers = Readonly<Record<QuestionId, YesNo>>;

/** What a practice says in one go: four answers and an optional comment. */
export interface AnswerContent {
  readonly answers: Answers;
  readonly comment?: string;
}

/** A quick-check card that Teams accepted, so it can be replied to (reminders) and updated (close). */
export interface PostedCard {
  readonly practiceId: string;
  /** 'channel': the practice's card in the PCN channel; 'lead': a copy sent 1:1 to one lead. */
  readonly audience: 'channel' | 'lead';
  readonly leadId?: string;
  /** Where the card lives: for a channel card, the thread (`<channelId>;messageid=<id>`). */
  readonly address: ConversationAddress;
  readonly activityId: string;
  readonly postedAt: string;
}

/** One round per PCN per quarter (id `round:<quarter>`). */
export interface Round {
  readonly pcnId: string;
  readonly quarter: string;
  readonly status: 'open' | 'closed';
  readonly openedAt: string;
  /** Who opened it early with `start quick check`; absent when the schedule did. */
  readonly openedBy?: Person;
  /** The quarter's end in Europe/London (exclusive): answers are refused from this instant. */
  readonly closesAt: string;
  readonly closedAt?: string;
  /** Posted cards by card key (practice id, or `<practiceId>:<leadId>` for 1:1 copies). */
  readonly cards: Readonly<Record<string, PostedCard>>;
}

/** A practice's current answers for a round (id `answer:<quarter>:<practiceId>`). */
export interface AnswerSet extends AnswerContent {
  readonly pcnId: string;
  readonly quarter: string;
  readonly practiceId: string;
  readonly answeredBy: Person;
  readonly answeredAt: string;
  readonly firstAnsweredAt: string;
  /** 1 for the first answer, +1 for every change; the history entry of each version has the same number. */
  readonly version: number;
}

/** Every recorded change, kept for ever (id `answerHistory:<quarter>:<practiceId>:<version>`). */
export interface AnswerHistoryEntry {
  readonly pcnId: string;
  readonly quarter: string;
  readonly practiceId: string;
  readonly version: number;
  readonly by: Person;
  readonly at: string;
  readonly before?: AnswerContent;
  readonly after: AnswerContent;
}

/** A "No" turned into something to do (id `action:<quarter>:<practiceId>:<questionId>`). */
export interface FollowUpAction {
  readonly pcnId: string;
  readonly quarter: string;
  readonly practiceId: string;
  readonly questionId: QuestionId;
  readonly status: 'open' | 'done';
  readonly openedAt: string;
  readonly openedBy: Person;
  readonly closedAt?: string;
  readonly closedBy?: Person;
  /** Why it closed, for people: "Answered Yes in 2027-Q2". */
  readonly closedNote?: string;
}

/** Marks an incoming activity as handled, so a redelivery is recognised (id `processed:activity:<id>`). */
export interface ProcessedActivity {
  readonly pcnId: string;
  readonly kind: 'quickCheckAnswer';
  readonly activityId: string;
  readonly at: string;
}
