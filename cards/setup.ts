import template from './setup.json';
import { type AdaptiveCard, expandCard } from './expand';
import { Verbs } from './verbs';

export interface SetupPerson {
  readonly aadObjectId: string;
  readonly name: string;
}

export interface SetupPractice {
  readonly practiceId: string;
  readonly name: string;
  readonly odsCode: string;
  readonly leads: readonly SetupPerson[];
}

/** A line at the top: what just happened, or what to fix. */
export interface SetupNotice {
  readonly text: string;
  readonly kind: 'success' | 'error';
}

export interface SetupChannel {
  readonly id: string;
  readonly name: string;
}

export interface SetupView {
  readonly pcnName: string;
  readonly channel: SetupChannel;
  readonly admins: readonly SetupPerson[];
  readonly practices: readonly SetupPractice[];
  readonly notice?: SetupNotice;
}

/**
 * What every focused card (a practice's edit card, "Add a practice",
 * "Channel and admins") shows: the team to choose from and, after a refusal,
 * what to fix at the top and what the admin typed (`T`).
 */
export interface FocusedView<T> {
  readonly pcnName: string;
  readonly roster: readonly SetupPerson[];
  readonly typed?: T;
  readonly notice?: string;
}

const names = (people: readonly SetupPerson[]) => (people.length ? people.map((p) => p.name).join(', ') : 'none yet');

/**
 * The people a choice set offers, by name. It always includes the people
 * already chosen (current leads, admins), so a choice set never drops someone
 * silently when they have just left the team.
 */
export function rosterChoices(roster: readonly SetupPerson[], chosen: readonly SetupPerson[]): SetupPerson[] {
  const byId = new Map<string, SetupPerson>();
  for (const p of [...roster, ...chosen]) byId.set(p.aadObjectId, p);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A multi-select choice set's value: the ids typed (when a card comes back
 * after a refusal) that the set offers, else the people already chosen.
 */
export function chosenIds(
  offered: readonly SetupPerson[],
  chosen: readonly SetupPerson[],
  typed: readonly string[] | undefined,
): string {
  const ids = new Set(offered.map((p) => p.aadObjectId));
  return (typed?.filter((id) => ids.has(id)) ?? chosen.map((p) => p.aadObjectId)).join(',');
}

/**
 * The PCN admin's set-up card: "Add a practice" and "Add several practices"
 * first (what a new admin came for), then each practice as one row (name,
 * ODS code and leads beside an "Edit" button), then the posting channel and
 * admins with "Change channel and admins". With 7 practices it is about 520
 * px tall in a 446 px wide card (test/e2e/playground-setup.test.ts measures
 * it). Every button replaces this card with a focused one (setup-practice.ts,
 * setup-add.ts, setup-several.ts, setup-settings.ts), and only those list
 * the team, once each: a card listing a team of 550 twice passed the ~100 KB
 * Teams allows, and a PCN team can hold every practice's staff. With 12
 * practices this card is about 9 KB whatever the size of the team; a focused
 * card is about 77 KB for a team of 1,000 (about 77 bytes a person). Like the
 * other cards it declares 1.4 for Action.Execute and keeps to 1.2 elements
 * (see quick-check.ts).
 */
export function renderSetupCard(view: SetupView): AdaptiveCard {
  return expandCard(template, {
    pcnName: view.pcnName,
    notice: view.notice?.text ?? '',
    // Teams' "Good" green is under 4.5:1 on white: a success notice is bold default text.
    noticeColour: view.notice?.kind === 'error' ? 'Attention' : 'Default',
    channelName: view.channel.name,
    adminNames: names(view.admins),
    practiceCount: view.practices.length,
    practices: view.practices.map((p) => ({
      practiceId: p.practiceId,
      name: p.name,
      odsCode: p.odsCode,
      leadNames: names(p.leads),
    })),
    verbs: Verbs,
  });
}
