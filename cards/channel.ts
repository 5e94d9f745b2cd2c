import { z } from 'zod';
import formTemplate from './channel-form.json';
import listTemplate from './channels.json';
import { type AdaptiveCard, expandCard } from './expand';
import type { ChannelFormView, ChannelNotice, ChannelsView } from '../services/domain/channels';
import { parseInput } from '../services/domain';

/** The channel cards' verbs: the cards carry them, bot/handlers/channels.ts answers them. */
export const ChannelVerbs = {
  list: 'channels.list',
  add: 'channels.add',
  edit: 'channels.edit',
  save: 'channels.save',
  remove: 'channels.remove',
  refreshed: 'channels.refreshed',
  about: 'channels.about',
} as const;

// Teams' "Good" green is under 4.5:1 on white: a success notice is bold default text.
const noticeFields = (notice?: ChannelNotice) => ({
  notice: notice?.text ?? '',
  noticeColour: notice?.kind === 'error' ? 'Attention' : 'Default',
});

/** `channels`: each practice's channels with Refreshed, About checked and Edit (Remove is on the edit card), and Add a channel. */
export function renderChannelsCard(view: ChannelsView): AdaptiveCard {
  return expandCard(listTemplate, {
    title: view.title,
    ...noticeFields(view.notice),
    several: view.practices.length > 1,
    practices: view.practices,
    canAdd: view.canAdd,
    verbs: ChannelVerbs,
    fallbackText: [
      view.title,
      ...view.practices.flatMap((p) => [p.name, ...p.channels.map((c) => `${c.heading}. ${c.detail}`)]),
    ].join('. '),
  });
}

/** Add a channel, or change one: practice (named when there is only one), platform, handle or address, owner. */
export function renderChannelFormCard(view: ChannelFormView): AdaptiveCard {
  const single = view.practices.length === 1 ? view.practices[0] : undefined;
  return expandCard(formTemplate, {
    title: view.title,
    ...noticeFields(view.notice),
    practiceName: single?.title ?? '',
    practices: view.practices,
    platforms: view.platforms,
    owners: view.owners,
    values: view.values,
    channelId: view.channelId ?? '',
    saveData: {
      verb: ChannelVerbs.save,
      ...(view.channelId ? { channelId: view.channelId } : {}),
      ...(single ? { practiceId: single.value } : {}),
    },
    verbs: ChannelVerbs,
  });
}

const ID = /^[A-Za-z0-9-]{1,64}$/;
const id = (what: string) =>
  z.string({ required_error: 'is required', invalid_type_error: what }).trim().min(1, 'is required').regex(ID, what);

/** What Save on the channel card sends (the verb and channel id besides the inputs). */
const ChannelSchema = z
  .object({
    verb: z.string().optional(),
    channelId: z.string().regex(ID).optional(),
    practiceId: id('is not a practice I know'),
    platform: z.string({ required_error: 'is required' }).trim().min(1, 'is required').max(20, 'must be chosen from the list'),
    address: z.string({ required_error: 'is required' }).trim().min(1, 'is required').max(300, 'must be at most 300 characters'),
    ownerId: z.string({ required_error: 'is required' }).trim().min(1, 'is required').max(64, 'must be chosen from the list'),
  })
  .strict();

export const CHANNEL_LABELS = {
  practiceId: 'Practice',
  platform: 'Platform',
  address: 'Handle or web address',
  ownerId: 'Owner',
} as const;

export function parseChannelInput(data: unknown) {
  return parseInput(ChannelSchema, data, CHANNEL_LABELS);
}

/** A button's channel id, or undefined when the card is not one the bot sent. */
export function parseChannelId(data: Readonly<Record<string, unknown>>): string | undefined {
  return typeof data.channelId === 'string' && ID.test(data.channelId) ? data.channelId : undefined;
}

/** The typed values, to show the card again as it was. */
export function typedChannelValues(data: Readonly<Record<string, unknown>>) {
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string).slice(0, 300) : undefined);
  return { practiceId: text('practiceId'), platform: text('platform'), address: text('address'), ownerId: text('ownerId') };
}
