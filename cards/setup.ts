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

export interface SetupView {
  readonly pcnName: string;
  readonly channel: { readonly id: string; readonly name: string };
  readonly channels: readonly { readonly id: string; readonly name: string }[];
  readonly admins: readonly SetupPerson[];
  readonly roster: readonly SetupPerson[];
  readonly practices: readonly SetupPractice[];
  readonly notice?: SetupNotice;
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
 * The PCN admin's set-up card: each practice as a line with an "Edit" button
 * (which opens the practice's own card, see setup-practice.ts), "Add a
 * practice", and the channel and admins. Only the add form and the admins
 * picker list the team, so the card holds the roster twice however many
 * practices there are: a team of 300 with 12 practices comes to about 57 KB,
 * where Teams refuses cards of about 100 KB (a roster in every practice's
 * edit form made it 340 KB). Like the other cards it declares 1.4 for
 * Action.Execute and keeps to 1.2 elements (see quick-check.ts).
 */
export function renderSetupCard(view: SetupView): AdaptiveCard {
  const channels = view.channels.some((c) => c.id === view.channel.id) ? view.channels : [view.channel, ...view.channels];
  return expandCard(template, {
    pcnName: view.pcnName,
    notice: view.notice?.text ?? '',
    noticeColour: view.notice?.kind === 'error' ? 'Attention' : 'Good',
    channelName: view.channel.name,
    channelId: view.channel.id,
    channels,
    adminNames: names(view.admins),
    adminIds: view.admins.map((a) => a.aadObjectId).join(','),
    roster: rosterChoices(view.roster, view.admins),
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
