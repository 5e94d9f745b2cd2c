import template from './setup.json';
import { type AdaptiveCard, expandCard } from './expand';
import { Verbs } from './verbs';

export interface SetupPerson {
  readonly aadObjectId: string;
  readonly name: string;
}

export interface SetupView {
  readonly pcnName: string;
  readonly channel: { readonly id: string; readonly name: string };
  readonly channels: readonly { readonly id: string; readonly name: string }[];
  readonly admins: readonly SetupPerson[];
  readonly roster: readonly SetupPerson[];
  readonly practices: readonly {
    readonly practiceId: string;
    readonly name: string;
    readonly odsCode: string;
    readonly leads: readonly SetupPerson[];
  }[];
  /** A line at the top: what just happened, or what to fix. */
  readonly notice?: { readonly text: string; readonly kind: 'success' | 'error' };
}

const names = (people: readonly SetupPerson[]) => (people.length ? people.map((p) => p.name).join(', ') : 'none yet');

/** The setup card for PCN admins: practices, their leads, the posting channel and the admins. */
export function renderSetupCard(view: SetupView): AdaptiveCard {
  // The roster always includes current leads and admins, so a choice set never drops someone silently.
  const roster = new Map<string, SetupPerson>();
  for (const p of [...view.roster, ...view.admins, ...view.practices.flatMap((pr) => pr.leads)]) roster.set(p.aadObjectId, p);
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
    roster: [...roster.values()].sort((a, b) => a.name.localeCompare(b.name)),
    practiceCount: view.practices.length,
    practices: view.practices.map((p) => ({
      practiceId: p.practiceId,
      name: p.name,
      odsCode: p.odsCode,
      leadNames: names(p.leads),
      leadIds: p.leads.map((l) => l.aadObjectId).join(','),
    })),
    verbs: Verbs,
  });
}
