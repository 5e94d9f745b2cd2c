import type { Person } from './pcn';

/**
 * The view models that services return and cards render. Plain data: the
 * cards decide how it looks, the services decide what it says.
 */

export interface QuickCheckFormView {
  readonly practiceName: string;
  readonly quarterLabel: string;
  /** The round's quarter id (`2027-Q1`), sent back with the answers. */
  readonly roundId: string;
  readonly practiceId: string;
  /** Sent back so a lead's 1:1 copy (no team in the turn) finds its PCN. */
  readonly pcnId: string;
  /** "Wednesday 31 March 2027": when the round closes. */
  readonly closesLabel: string;
  /** "Wednesday 31 March": the closing day where the quarter already names the year (else closesLabel is shown). */
  readonly closesDayLabel?: string;
  /**
   * Who the card waits for, @mentioned on it: the practice's leads on the
   * channel card (empty: the practice has no lead yet). Absent on a card
   * already in front of the person who answers (a 1:1 copy, "Change answers").
   */
  readonly mention?: readonly Person[];
  /** Pre-filled answers ("Change answers"). */
  readonly answers?: Partial<Record<string, 'yes' | 'no'>>;
  readonly comment?: string;
  /** A line at the top saying what to fix. */
  readonly notice?: string;
  /** Follow-up actions still open from earlier rounds, as short lines. */
  readonly openActions?: readonly string[];
}

export interface AnsweredView {
  readonly practiceName: string;
  readonly quarterLabel: string;
  readonly roundId: string;
  readonly practiceId: string;
  readonly pcnId: string;
  /** Absent when the round closed without an answer. */
  readonly answers?: Readonly<Record<string, 'yes' | 'no'>>;
  readonly comment?: string;
  readonly answeredBy?: string;
  /** "Monday 2 December, 10:15": the quarter on the card already names the year. */
  readonly answeredAtLabel?: string;
  /** How many times the answers were changed after the first. */
  readonly changes?: number;
  readonly state: 'open' | 'closed';
  /** "Wednesday 31 March 2027". */
  readonly closesLabel: string;
  /** "Wednesday 31 March" (else closesLabel is shown). */
  readonly closesDayLabel?: string;
}

export type Cell = 'yes' | 'no' | 'none';

export interface ResultsView {
  readonly pcnName: string;
  readonly quarterLabel: string;
  /** "Open until the end of 31 March 2027." or "Closed at the end of 31 December 2026." */
  readonly statusLine: string;
  readonly note?: string;
  /** What the button just pressed did ("Remind now"), shown at the top. */
  readonly notice?: string;
  /** The questions' short names ("Strategy"), in question order. */
  readonly headers: readonly string[];
  readonly answeredCount: number;
  readonly practiceCount: number;
  /**
   * Per practice: its answers, and the change in Yes answers since last
   * quarter ("+1 Yes", "No change"), "new this quarter" for a first answer,
   * or "–" when there is nothing to compare.
   */
  readonly rows: readonly {
    readonly practice: string;
    readonly cells: readonly Cell[];
    readonly change: string;
    /** Set on the practices that have not answered, for their "Remind now". */
    readonly practiceId?: string;
  }[];
  /** The practices in the round that have not answered, in the grid's order (absent: none). */
  readonly notAnswered?: readonly { readonly practiceId: string; readonly practice: string; readonly hasLead: boolean }[];
  /** Set when the person looking may press "Remind now" (a PCN admin, while the round is open): the round's quarter id. */
  readonly remindQuarterId?: string;
  readonly actions: readonly string[];
  /** The quarter before, for the "Previous quarter" button, when it had a round. */
  readonly previousQuarterId?: string;
}

export interface TrendView {
  readonly pcnName: string;
  /** Quarter headings, oldest first: "Apr to Jun 2026". */
  readonly headers: readonly string[];
  /** Per practice, per quarter: the number of Yes answers (0 to 4), or undefined for no answer. */
  readonly rows: readonly { readonly practice: string; readonly yes: readonly (number | undefined)[] }[];
  /** Per quarter: how many practices answered, of how many; undefined when there was no round. */
  readonly responses: readonly ({ readonly answered: number; readonly total: number } | undefined)[];
  /** Per question (short name), per quarter: how many of the practices that answered said Yes; undefined when none answered. */
  readonly questions: readonly {
    readonly question: string;
    readonly yes: readonly ({ readonly yes: number; readonly answered: number } | undefined)[];
  }[];
}

/** One campaign in an answer: its dates in the house style, who plans what for it, and a gap line when nobody does. */
export interface AnswerCampaign {
  readonly name: string;
  /** "Thursday 1 October to Saturday 31 October 2026". */
  readonly dates: string;
  readonly description?: string;
  readonly audience?: string;
  /** "Riverside Medical Centre: Facebook, Monday 5 October: flu clinic dates". */
  readonly plans: readonly string[];
  /** Set when the campaign starts within 14 days and no practice plans anything for it. */
  readonly gap?: string;
  /** "Your PCN's own campaign" for a PCN campaign. */
  readonly note?: string;
}

/** What the bot answers a question with: one compact card. */
export interface AnswerView {
  readonly title: string;
  readonly intro?: string;
  readonly campaigns: readonly AnswerCampaign[];
  /** Plans by day ("Monday 7 December": lines), for questions about plans. */
  readonly days: readonly { readonly day: string; readonly plans: readonly string[] }[];
  /** Said when there is nothing to list. */
  readonly empty?: string;
  /** Questions to try, when the bot did not understand. */
  readonly examples?: readonly string[];
}
