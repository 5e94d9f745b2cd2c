import type { Clock } from './clock';
import { DEFAULT_PCN_SETTINGS, type ConversationAddress, type Pcn, type Person, pcnIdFor } from './domain';
import { randomUUID } from 'node:crypto';
import { AlreadyExistsError } from './errors';
import type { Logger } from './logger';
import type { Store } from './store';
import type { Stored } from './store/documents';

export interface TeamInstall {
  readonly tenantId: string;
  readonly teamId: string;
  /** The team's Microsoft 365 group id when Teams gives it; falls back to the team id. */
  readonly aadGroupId?: string;
  readonly teamName: string;
  /** The team's General channel conversation (its id equals the team id). */
  readonly address: ConversationAddress;
  readonly installer?: Person;
}

/**
 * Keeps the store in step with where the bot is installed: PCNs (teams),
 * their conversation references, and people's 1:1 chats.
 */
export class InstallationService {
  private readonly log: Logger;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'installation' });
  }

  /**
   * The bot was added to a team: record the PCN (or reactivate it) and its
   * General channel. `shouldWelcome` is true for exactly one call per
   * installation, however many install events Teams delivers at once.
   */
  async teamInstalled(install: TeamInstall): Promise<{ pcn: Stored<Pcn>; shouldWelcome: boolean; configured: boolean }> {
    const pcnId = pcnIdFor(install.tenantId, install.teamId);
    const now = this.clock.now().toISOString();
    await this.saveReference(pcnId, install.address, true);
    await this.ensurePcn(pcnId, install, now);
    const token = randomUUID();
    const pcn = await this.store.pcns.update(pcnId, (p) =>
      p.active && p.serviceUrl === install.address.serviceUrl && p.welcomed
        ? undefined
        : { ...p, active: true, serviceUrl: install.address.serviceUrl, welcomed: p.welcomed ?? { at: now, token } },
    );
    if (!pcn) throw new Error(`PCN ${pcnId} vanished during installation`);
    const shouldWelcome = pcn.welcomed?.token === token;
    // Whether practices are set up already (a reinstall): the welcome card says what to do next.
    const configured = shouldWelcome && (await this.store.practices.list(pcnId)).length > 0;
    return { pcn, shouldWelcome, configured };
  }

  private async ensurePcn(pcnId: string, install: TeamInstall, now: string): Promise<void> {
    try {
      await this.store.pcns.create(newPcn(pcnId, install, now));
      this.log.info({ pcnId }, 'PCN registered');
    } catch (error) {
      // Already there (a reinstall, the demo seed, or a duplicate event racing this one).
      if (!(error instanceof AlreadyExistsError)) throw error;
    }
  }

  /** The bot was removed from a team: keep the data, stop sending there. */
  async teamRemoved(tenantId: string, teamId: string): Promise<void> {
    const pcnId = pcnIdFor(tenantId, teamId);
    await this.store.pcns.update(pcnId, (pcn) => (pcn.active ? { ...pcn, active: false, welcomed: undefined } : undefined));
    for (const ref of await this.store.conversations.list(pcnId)) {
      if (!ref.active) continue;
      await this.store.conversations.update(pcnId, ref.address.conversationId, (current) =>
        current.active ? { ...current, active: false, updatedAt: this.clock.now().toISOString() } : undefined,
      );
    }
    this.log.info({ pcnId }, 'PCN deactivated: bot removed from the team');
  }

  /** A person added the bot in a 1:1 chat (or wrote to it there): keep their address for reminders. */
  async personalInstalled(address: ConversationAddress, user: Person): Promise<void> {
    await this.store.users.save({
      tenantId: address.tenantId,
      aadObjectId: user.aadObjectId,
      name: user.name,
      address,
      active: true,
      updatedAt: this.clock.now().toISOString(),
    });
  }

  async personalRemoved(tenantId: string, user: Person): Promise<void> {
    await this.store.users.update(tenantId, user.aadObjectId, (current) =>
      current.active ? { ...current, active: false, updatedAt: this.clock.now().toISOString() } : undefined,
    );
  }

  /**
   * Called on every incoming activity: Teams may move a conversation to a new
   * serviceUrl, and proactive sends must follow it. Writes only on a change.
   */
  async refreshAddress(pcnId: string | undefined, address: ConversationAddress, user?: Person): Promise<void> {
    if (address.conversationType === 'personal') {
      if (!user) return;
      const existing = await this.store.users.get(address.tenantId, user.aadObjectId);
      if (!existing?.active || existing.address?.serviceUrl !== address.serviceUrl) await this.personalInstalled(address, user);
      return;
    }
    if (!pcnId) return;
    // Kept per channel, not per thread: every new post in a channel is a new thread id, and a record for each
    // would be a store write on nearly every turn and a document per message for ever. Nothing sends to a
    // thread from its stored reference (a card's thread is on the round), only to the channel.
    const channel = channelReference(address);
    const ref = await this.store.conversations.get(pcnId, channel.conversationId);
    if (!ref || ref.address.serviceUrl !== channel.serviceUrl) await this.saveReference(pcnId, channel, true);
    await this.store.pcns.update(pcnId, (pcn) =>
      pcn.serviceUrl !== address.serviceUrl ? { ...pcn, serviceUrl: address.serviceUrl } : undefined,
    );
  }

  private async saveReference(pcnId: string, address: ConversationAddress, active: boolean): Promise<void> {
    await this.store.conversations.save({ pcnId, address, active, updatedAt: this.clock.now().toISOString() });
  }
}

/** A thread's address (`19:x@thread.tacv2;messageid=17`) as its channel's; any other address as it is. */
function channelReference(address: ConversationAddress): ConversationAddress {
  const cut = address.conversationId.indexOf(';messageid=');
  return cut < 0 ? address : { ...address, conversationId: address.conversationId.slice(0, cut) };
}

function newPcn(pcnId: string, install: TeamInstall, now: string): Pcn {
  return {
    pcnId,
    tenantId: install.tenantId,
    teamId: install.teamId,
    name: install.teamName,
    admins: install.installer ? [install.installer] : [],
    postingChannel: { id: install.teamId, name: 'General' },
    serviceUrl: install.address.serviceUrl,
    botId: install.address.botId,
    installedAt: now,
    installedBy: install.installer,
    active: true,
    settings: DEFAULT_PCN_SETTINGS,
    odsCodes: {},
  };
}
