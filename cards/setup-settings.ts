import template from './setup-settings.json';
import { type AdaptiveCard, expandCard } from './expand';
import { chosenIds, type FocusedView, rosterChoices, type SetupChannel, type SetupPerson } from './setup';
import { Verbs } from './verbs';

/** What the admin chose on the card, shown again when it could not be saved; what is missing shows as stored. */
export interface TypedSettings {
  readonly channelId?: string;
  readonly adminIds?: readonly string[];
}

export interface SettingsView extends FocusedView<TypedSettings> {
  /** Where the bot posts now. */
  readonly channel: SetupChannel;
  /** The team's channels. */
  readonly channels: readonly SetupChannel[];
  readonly admins: readonly SetupPerson[];
}

/**
 * The "Channel and admins" card, opened from the set-up card: the channel
 * the bot posts in and the PCN admins (the team listed once, current admins
 * chosen and offered even if they have left the team), with "Save" and "Back
 * to setup". Input ids as the set-up card's old inline form, so a set-up card
 * posted before this card existed still saves. Body in 1.2 elements.
 */
export function renderSettingsCard(view: SettingsView): AdaptiveCard {
  const channels = view.channels.some((c) => c.id === view.channel.id) ? view.channels : [view.channel, ...view.channels];
  const typedChannel = channels.find((c) => c.id === view.typed?.channelId);
  const roster = rosterChoices(view.roster, view.admins);
  return expandCard(template, {
    pcnName: view.pcnName,
    notice: view.notice ?? '',
    channelId: (typedChannel ?? view.channel).id,
    channels,
    adminIds: chosenIds(roster, view.admins, view.typed?.adminIds),
    roster,
    verbs: Verbs,
  });
}
