import { isLeadOf, isPcnAdmin, requireLeadOrAdmin, requirePcn } from '../access';
import type { Clock } from '../clock';
import type { Pcn, Person, Platform, Practice } from '../domain';
import { isPlatform, PLATFORMS } from '../domain';
import {
  type ChannelFormView,
  type ChannelNotice,
  type ChannelRecord,
  type ChannelsView,
  checkChannelAddress,
  platformName,
  sinceLabel,
} from '../domain/channels';
import { dayOf } from '../domain/days';
import { NotFoundError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import type { Store } from '../store';
import type { Stored } from '../store/documents';
import { latestPostedPlans, postedKey } from './freshness';

/** What the channel card sends, checked by the card's schema first. */
export interface ChannelInput {
  readonly practiceId: string;
  readonly platform: string;
  readonly address: string;
  readonly ownerId: string;
}

export const CHANNEL_FIELD_LABELS = {
  practiceId: 'Practice',
  platform: 'Platform',
  address: 'Handle or web address',
  ownerId: 'Owner',
} as const;

const GONE = 'That channel is no longer on the list: someone may have removed it. Here are the channels as they are now.';

/**
 * Practice channels (`channels`): a practice's leads keep their practice's
 * channels, PCN admins any practice's. Each channel has a platform, a handle
 * or web address, an owner from the practice's leads, and the dates it was
 * last refreshed and its "about" text last checked.
 */
export class ChannelService {
  private readonly log: Logger;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'channels' });
  }

  /** The practices this person may change channels for: all for an admin, else those they lead. */
  private async mine(pcnId: string, person: Person): Promise<{ pcn: Stored<Pcn>; practices: Stored<Practice>[] }> {
    const pcn = await requirePcn(this.store, pcnId);
    const all = await this.store.practices.list(pcnId);
    const admin = isPcnAdmin(pcn, person);
    return { pcn, practices: all.filter((p) => admin || isLeadOf(p, person)) };
  }

  async view(pcnId: string, person: Person, notice?: ChannelNotice): Promise<ChannelsView> {
    const { practices } = await this.mine(pcnId, person);
    const [channels, posted] = await Promise.all([
      this.store.channels.list(pcnId),
      latestPostedPlans(this.store, pcnId, dayOf(this.clock.now())),
    ]);
    const today = dayOf(this.clock.now());
    return {
      title: practices.length === 1 ? `${practices[0]!.name}: channels` : 'Practice channels',
      notice,
      canAdd: practices.length > 0,
      practices: practices.map((p) => {
        const own = channels.filter((c) => c.practiceId === p.practiceId);
        return {
          practiceId: p.practiceId,
          name: p.name,
          empty: own.length ? '' : 'No channels yet.',
          channels: own.map((c) => ({
            channelId: c.channelId,
            heading: `${platformName(c.platform)}: ${c.address}`,
            detail: `Refreshed ${sinceLabel(refreshedAt(c, posted.get(postedKey(c.practiceId, c.platform))), today, false)}; "about" checked ${sinceLabel(c.aboutReviewedAt, today, false)}. Owner ${c.owner.name}.`,
            canChange: true,
          })),
        };
      }),
    };
  }

  /** The add card (no channel) or the edit card; `typed` when it is shown again to fix something. */
  async form(
    pcnId: string,
    person: Person,
    channelId?: string,
    typed?: Partial<ChannelInput>,
    notice?: ChannelNotice,
  ): Promise<ChannelFormView> {
    const { pcn, practices } = await this.mine(pcnId, person);
    const channel = channelId ? await this.store.channels.get(pcnId, channelId) : undefined;
    if (channelId && !channel) throw new NotFoundError(GONE);
    if (channel) {
      const practice = practices.find((p) => p.practiceId === channel.practiceId);
      if (!practice) {
        const theirs = await this.store.practices.get(pcnId, channel.practiceId);
        if (theirs) requireLeadOrAdmin(pcn, theirs, person, 'change its channels');
        throw new NotFoundError(GONE);
      }
    }
    if (!practices.length)
      throw new ValidationError('practiceId', 'You do not lead a practice, so there are no channels for you to add.');
    const practiceId = typed?.practiceId ?? channel?.practiceId ?? practices[0]!.practiceId;
    const ownerChoices = practices.flatMap((p) =>
      p.leads.map((l) => ({ value: l.aadObjectId, title: practices.length > 1 ? `${l.name} (${p.name})` : l.name })),
    );
    const unique = [...new Map(ownerChoices.map((o) => [o.value, o])).values()];
    const chosen = practices.find((p) => p.practiceId === practiceId) ?? practices[0]!;
    const defaultOwner = isLeadOf(chosen, person) ? person.aadObjectId : (chosen.leads[0]?.aadObjectId ?? '');
    return {
      title: channel ? `Change ${chosen.name}'s ${platformName(channel.platform)} channel` : 'Add a channel',
      channelId: channel?.channelId,
      practices: practices.map((p) => ({ value: p.practiceId, title: p.name })),
      owners: unique,
      platforms: Object.entries(PLATFORMS).map(([value, title]) => ({ value, title })),
      values: {
        practiceId,
        platform: typed?.platform ?? channel?.platform ?? 'facebook',
        address: typed?.address ?? channel?.address ?? '',
        ownerId: typed?.ownerId ?? channel?.owner.aadObjectId ?? defaultOwner,
      },
      notice,
    };
  }

  /** Adds a channel, or changes one; ValidationError naming the field to fix, with nothing saved. */
  async save(pcnId: string, person: Person, input: ChannelInput, channelId?: string): Promise<Stored<ChannelRecord>> {
    const pcn = await requirePcn(this.store, pcnId);
    const practice = await this.store.practices.get(pcnId, input.practiceId);
    if (!practice) throw new NotFoundError('That practice is no longer part of this PCN, so I have not saved the channel.');
    requireLeadOrAdmin(pcn, practice, person, 'change its channels');
    if (!isPlatform(input.platform)) throw new ValidationError('platform', 'Platform must be one of those listed.');
    const address = checkChannelAddress(input.address);
    if (!address.ok) throw new ValidationError('address', address.message);
    if (!practice.leads.length) {
      throw new ValidationError(
        'ownerId',
        `${practice.name} has no practice lead yet, so the channel has no owner: a PCN admin can add a lead with setup.`,
      );
    }
    const owner = practice.leads.find((l) => l.aadObjectId === input.ownerId);
    if (!owner) throw new ValidationError('ownerId', `Owner must be one of ${practice.name}'s practice leads.`);
    const now = this.clock.now().toISOString();
    const platform = input.platform as Platform;
    if (channelId) {
      const current = await this.store.channels.get(pcnId, channelId);
      if (!current) throw new NotFoundError(GONE);
      const from = await this.store.practices.get(pcnId, current.practiceId);
      if (from && from.practiceId !== practice.practiceId) requireLeadOrAdmin(pcn, from, person, 'change its channels');
      const saved = await this.store.channels.replace({
        ...current,
        practiceId: practice.practiceId,
        platform,
        address: address.value,
        owner,
        updatedAt: now,
      });
      this.log.info({ pcnId, channelId }, 'channel changed');
      return saved;
    }
    const created = await this.store.channels.create({
      pcnId,
      channelId: `ch-${this.clock.now().getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      practiceId: practice.practiceId,
      platform,
      address: address.value,
      owner,
      createdAt: now,
      createdBy: person,
      updatedAt: now,
    });
    this.log.info({ pcnId, channelId: created.channelId }, 'channel added');
    return created;
  }

  /** The channel as it is, after checking the person may change it. */
  private async changeable(
    pcnId: string,
    person: Person,
    channelId: string,
  ): Promise<{ channel: Stored<ChannelRecord>; practice: Practice }> {
    const pcn = await requirePcn(this.store, pcnId);
    const channel = await this.store.channels.get(pcnId, channelId);
    if (!channel) throw new NotFoundError(GONE);
    const practice = await this.store.practices.get(pcnId, channel.practiceId);
    if (!practice) throw new NotFoundError(GONE);
    requireLeadOrAdmin(pcn, practice, person, 'change its channels');
    return { channel, practice };
  }

  async remove(pcnId: string, person: Person, channelId: string): Promise<string> {
    const { channel, practice } = await this.changeable(pcnId, person, channelId);
    await this.store.channels.remove(channel);
    this.log.info({ pcnId, channelId }, 'channel removed');
    return `Removed ${practice.name}'s ${platformName(channel.platform)} channel (${channel.address}).`;
  }

  /** "Refreshed" (fresh content today) or "About checked": sets that date to now. */
  async mark(pcnId: string, person: Person, channelId: string, what: 'refreshed' | 'about'): Promise<string> {
    const { practice, channel } = await this.changeable(pcnId, person, channelId);
    const now = this.clock.now().toISOString();
    await this.store.channels.update(pcnId, channelId, (c) =>
      what === 'refreshed' ? { ...c, lastRefreshedAt: now, updatedAt: now } : { ...c, aboutReviewedAt: now, updatedAt: now },
    );
    const name = `${practice.name}'s ${platformName(channel.platform)}`;
    return what === 'refreshed' ? `Noted: ${name} was refreshed today.` : `Noted: ${name} "about" text was checked today.`;
  }

  /**
   * "refreshed Facebook" typed in chat: the person's practice's channel on
   * that platform is marked refreshed now. When they may change several
   * practices' channels on it, a practice name picks one ("refreshed
   * Facebook Riverside"); otherwise they are asked which.
   */
  async refreshedByWords(pcnId: string, person: Person, words: string): Promise<string> {
    const text = words.trim().toLowerCase();
    const said = (w: string) => text === w || text.startsWith(`${w} `);
    const entry = Object.entries(PLATFORMS).find(([code, name]) => said(code) || said(name.toLowerCase()));
    if (!entry) {
      return `Which channel? Say "refreshed" and the platform, such as "refreshed Facebook". The platforms are ${Object.values(PLATFORMS).join(', ')}.`;
    }
    const [code, name] = entry;
    const word = said(name.toLowerCase()) ? name.toLowerCase() : code;
    const rest = text.slice(word.length).trim();
    const { practices } = await this.mine(pcnId, person);
    const channels = (await this.store.channels.list(pcnId)).filter((c) => c.platform === code);
    let candidates = channels.filter((c) => practices.some((p) => p.practiceId === c.practiceId));
    if (rest) {
      const named = candidates.filter((c) =>
        practices
          .find((p) => p.practiceId === c.practiceId)
          ?.name.toLowerCase()
          .includes(rest),
      );
      if (named.length) candidates = named;
    }
    if (!candidates.length) {
      return `I have no ${name} channel for ${practices.length === 1 ? practices[0]!.name : 'your practices'}. Add it with "channels", then I can keep track of it.`;
    }
    const byPractice = new Set(candidates.map((c) => c.practiceId));
    if (byPractice.size > 1) {
      const names = practices.filter((p) => byPractice.has(p.practiceId)).map((p) => p.name);
      return `Which practice's ${name}? Say, for example, "refreshed ${name} ${names[0]}". You may change ${names.join(', ')}.`;
    }
    const now = this.clock.now().toISOString();
    for (const c of candidates) {
      await this.store.channels.update(pcnId, c.channelId, (current) => ({ ...current, lastRefreshedAt: now, updatedAt: now }));
    }
    const practice = practices.find((p) => byPractice.has(p.practiceId))!;
    return `Noted: ${practice.name}'s ${name} was refreshed today.`;
  }
}

/** When a channel last had fresh content: said on its card, or a plan for it marked posted, whichever is later. */
export function refreshedAt(channel: ChannelRecord, postedAt: string | undefined): string | undefined {
  if (!postedAt) return channel.lastRefreshedAt;
  if (!channel.lastRefreshedAt) return postedAt;
  return postedAt > channel.lastRefreshedAt ? postedAt : channel.lastRefreshedAt;
}
