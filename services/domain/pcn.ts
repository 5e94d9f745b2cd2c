import type { ScheduleSettings } from './schedule';
import type { ServiceCode } from './warnings';

/**
 * The product's records, as the services see them. Stored as documents in
 * the PCN's partition (see store/repositories.ts). Users are identified by
 * their Microsoft Entra (AAD) object id, never by display name.
 */

export interface Person {
  readonly aadObjectId: string;
  readonly name: string;
}

/** A proactive address: enough for the Teams edge to rebuild a ConversationReference. */
export interface ConversationAddress {
  readonly conversationId: string;
  readonly serviceUrl: string;
  readonly tenantId: string;
  readonly botId: string;
  readonly botName?: string;
  /** The Teams channel id for channel conversations (General's id equals the team id). */
  readonly channelId?: string;
  /** For a 1:1 chat: whose it is. */
  readonly user?: Person;
  readonly isGroup: boolean;
  readonly conversationType: 'channel' | 'personal' | 'groupChat';
}

export interface PcnSettings {
  /** Send the quick check 1:1 to each practice lead as well as to the channel. */
  readonly quickCheckToLeads: boolean;
  /** Days without fresh content before a refresh reminder. */
  readonly staleAfterDays: number;
  /**
   * Days a sent message's outbox record is kept (for `status` and to refuse
   * sending it twice) before the store deletes it. Absent: DEFAULT_SENT_RETENTION_DAYS.
   */
  readonly sentRetentionDays?: number;
}

export const DEFAULT_PCN_SETTINGS: PcnSettings = { quickCheckToLeads: false, staleAfterDays: 14 };

/**
 * How long sent outbox records are kept unless the PCN says otherwise. Kept
 * out of DEFAULT_PCN_SETTINGS for now: the settings service stores the
 * defaults it merges, and this is not on the settings card yet.
 */
export const DEFAULT_SENT_RETENTION_DAYS = 90;

export interface Pcn {
  readonly pcnId: string;
  readonly tenantId: string;
  readonly teamId: string;
  readonly name: string;
  /** Object ids of PCN admins; the installer is the first. */
  readonly admins: readonly Person[];
  /** Where the bot posts; defaults to General (id = team id). */
  readonly postingChannel: { readonly id: string; readonly name: string };
  readonly serviceUrl: string;
  readonly botId: string;
  readonly installedAt: string;
  readonly installedBy?: Person;
  /** False after the bot is removed from the team; the data is kept. */
  readonly active: boolean;
  readonly settings: PcnSettings;
  /**
   * ODS code -> practice id for every practice. Kept on the PCN record so that
   * adding, re-coding or removing a practice is one atomic, ETag-checked batch
   * and two admins can never register the same code at once.
   */
  readonly odsCodes: Readonly<Record<string, string>>;
  /** Set once the welcome card has been posted for the current installation (token: which turn claimed it). */
  readonly welcomed?: { readonly at: string; readonly token: string };
  /** Admins' overrides of the default schedule (services/scheduler/settings.ts). */
  readonly schedule?: ScheduleSettings;
}

export interface Practice {
  readonly pcnId: string;
  readonly practiceId: string;
  readonly name: string;
  /** NHS ODS code, for example B82005. */
  readonly odsCode: string;
  readonly leads: readonly Person[];
  readonly populationNotes?: string;
  readonly createdAt: string;
  /**
   * The services the practice says it offers (set-up's practice card): a
   * post by another practice promising one it lacks raises service_promise.
   * Absent: not said yet.
   */
  readonly services?: readonly ServiceCode[];
  /** Other services it offers, in its own words. */
  readonly otherServices?: string;
}

export interface ConversationRecord {
  readonly pcnId: string;
  readonly address: ConversationAddress;
  readonly active: boolean;
  readonly updatedAt: string;
}

/** A person's 1:1 chat with the bot, kept in their tenant's partition. */
export interface UserRecord {
  readonly tenantId: string;
  readonly aadObjectId: string;
  readonly name: string;
  readonly address?: ConversationAddress;
  readonly active: boolean;
  readonly updatedAt: string;
}

/**
 * A PCN is one Teams team, scoped by tenant. Keyed by the team id, not the
 * team's Microsoft 365 group id: Teams sends the group id only with
 * installation events, while every message carries the team id.
 */
export function pcnIdFor(tenantId: string, teamId: string): string {
  return `${tenantId}:${teamId}`;
}

export function tenantPartition(tenantId: string): string {
  return `tenant:${tenantId}`;
}
