import type { Clock } from '../clock';
import { DEFAULT_SENT_RETENTION_DAYS, type Pcn } from '../domain';
import type { Logger } from '../logger';

const DAY_SECONDS = 86_400;
/** Ten years: far beyond any sensible retention, and well inside a document ttl's range. */
const MAX_DAYS = 3_650;
const CACHE_MS = 10 * 60_000;
const MAX_CACHED = 5_000;

/** How many seconds to keep a PCN's sent outbox records. Never rejects. */
export type SentRetention = (pcnId: string) => Promise<number>;

/** The PCN's sentRetentionDays when it is a sensible whole number of days, else the default. */
export function sentRetentionDays(pcn: Pick<Pcn, 'settings'> | undefined): number {
  const days = pcn?.settings?.sentRetentionDays;
  return typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= MAX_DAYS ? days : DEFAULT_SENT_RETENTION_DAYS;
}

/** The default for every PCN, for a dispatcher that is given no lookup. */
export const defaultSentRetention: SentRetention = async () => DEFAULT_SENT_RETENTION_DAYS * DAY_SECONDS;

/**
 * Each PCN's retention, read from its record at most every ten minutes, so
 * sends do not each pay a point read; a changed setting applies to messages
 * sent after that. When the record cannot be read the default applies (and
 * is not remembered): recording a delivery must not fail for want of it.
 */
export function sentRetentionFrom(
  pcns: { get(pcnId: string): Promise<Pick<Pcn, 'settings'> | undefined> },
  clock: Clock,
  logger: Logger,
): SentRetention {
  const log = logger.child({ module: 'sent-retention' });
  const cache = new Map<string, { readonly seconds: number; readonly until: number }>();
  return async (pcnId) => {
    const now = clock.now().getTime();
    const hit = cache.get(pcnId);
    if (hit && hit.until > now) return hit.seconds;
    try {
      const seconds = sentRetentionDays(await pcns.get(pcnId)) * DAY_SECONDS;
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(pcnId, { seconds, until: now + CACHE_MS });
      return seconds;
    } catch (error) {
      log.warn({ err: error, pcnId }, 'could not read the PCN for its retention; keeping sent items for the default');
      return DEFAULT_SENT_RETENTION_DAYS * DAY_SECONDS;
    }
  };
}
