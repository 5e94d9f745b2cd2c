import { systemClock } from '../../services/clock';
import type { ConversationAddress } from '../../services/domain';
import { Outbox } from '../../services/outbox/outbox';
import { renderQuickCheckCard } from '../../cards/quick-check';
import { formView } from '../../services/quick-check/messages';
import { parseQuarter } from '../../services/domain/quarters';
import { Store } from '../../services/store';
import type { NewOutboxItem } from '../../services/store/outbox-repository';
import { SqliteDocumentStore } from '../../services/store/sqlite/sqlite-store';
import { seededRandom } from '../support/teams-connector';

/** England: about 1,250 PCNs formed by 6,758 practices (BJGP 2020). */
export const PCN_COUNT = 1_250;
export const PRACTICE_COUNT = 6_758;
const MIN_PER_PCN = 3;
const MAX_PER_PCN = 10;
export const KEY_PREFIX = 'bench:';
const TENANT = 'bench-tenant';
const PLACEHOLDER = { pcnId: 'PCN-PLACEHOLDER', practiceId: 'PRACTICE-PLACEHOLDER', name: 'NAME-PLACEHOLDER' };

export interface PcnPlan {
  readonly pcnId: string;
  readonly channelId: string;
  readonly practiceIds: readonly string[];
}

/**
 * PCN sizes between 3 and 10 that add up to the national total: every PCN
 * starts at 3 and the remaining practices join PCNs at random (seeded), which
 * gives the bell around 5 to 6 that England's PCNs show.
 */
export function planPcns(seed = 2027, pcns = PCN_COUNT, practices = PRACTICE_COUNT): PcnPlan[] {
  if (practices < pcns * MIN_PER_PCN || practices > pcns * MAX_PER_PCN) throw new Error('Impossible PCN sizes');
  const random = seededRandom(seed);
  const sizes = new Array<number>(pcns).fill(MIN_PER_PCN);
  for (let left = practices - pcns * MIN_PER_PCN; left > 0;) {
    const i = Math.floor(random() * pcns);
    if ((sizes[i] as number) >= MAX_PER_PCN) continue;
    sizes[i] = (sizes[i] as number) + 1;
    left--;
  }
  let next = 0;
  return sizes.map((size, i) => {
    const n = String(i + 1).padStart(4, '0');
    return {
      pcnId: `${TENANT}:19:bench-pcn-${n}@thread.tacv2`,
      channelId: `19:bench-pcn-${n}@thread.tacv2`,
      practiceIds: Array.from({ length: size }, () => `P${String(++next).padStart(5, '0')}`),
    };
  });
}

/** How many PCNs have each size, for the report. */
export function sizeHistogram(plan: readonly PcnPlan[]): Record<string, number> {
  const histogram: Record<string, number> = {};
  for (const p of plan) histogram[p.practiceIds.length] = (histogram[p.practiceIds.length] ?? 0) + 1;
  return histogram;
}

/**
 * Writes one quick-check card per practice into the outbox of a new SQLite
 * file, each a new thread in its PCN's channel on the connector, through the
 * product's own Outbox (one atomic batch per PCN, as the quick check does).
 */
export async function seedOutbox(file: string, plan: readonly PcnPlan[], serviceUrl: string): Promise<number> {
  const store = new Store(new SqliteDocumentStore(file));
  await store.init();
  const outbox = new Outbox(store, systemClock);
  const quarter = parseQuarter('2027-Q1');
  if (!quarter) throw new Error('bad quarter');
  // Rendering a card through the template costs tens of ms; render one and stamp each practice into a copy.
  const template = JSON.stringify(
    renderQuickCheckCard(
      formView(quarter, {
        pcnId: PLACEHOLDER.pcnId,
        practiceId: PLACEHOLDER.practiceId,
        name: PLACEHOLDER.name,
        odsCode: 'B00000',
        leads: [],
        createdAt: '2026-10-01T09:00:00.000Z',
      }),
    ),
  );
  const cardFor = (pcnId: string, practiceId: string, name: string): object =>
    JSON.parse(
      template
        .replaceAll(PLACEHOLDER.pcnId, pcnId)
        .replaceAll(PLACEHOLDER.practiceId, practiceId)
        .replaceAll(PLACEHOLDER.name, name),
    ) as object;
  let queued = 0;
  try {
    for (const pcn of plan) {
      const address: ConversationAddress = {
        conversationId: pcn.channelId,
        channelId: pcn.channelId,
        serviceUrl,
        tenantId: TENANT,
        botId: '28:bench-bot',
        botName: 'PCN Social Media',
        isGroup: true,
        conversationType: 'channel',
      };
      const items: NewOutboxItem[] = pcn.practiceIds.map((practiceId, i) => {
        const name = `Practice ${practiceId} ${i % 2 === 0 ? 'Surgery' : 'Medical Centre'}`;
        return {
          pcnId: pcn.pcnId,
          key: `${KEY_PREFIX}${practiceId}`,
          target: { kind: 'newThread', address, channelId: pcn.channelId },
          message: { card: cardFor(pcn.pcnId, practiceId, name), summary: `${name}: social media quick check` },
        };
      });
      if (!(await outbox.enqueueWith(pcn.pcnId, items))) throw new Error(`Seeding ${pcn.pcnId} found it already seeded`);
      queued += items.length;
    }
  } finally {
    await store.close();
  }
  return queued;
}

/** The outbox's counts by status, read straight from the file after a run. */
export async function outboxCounts(file: string): Promise<Record<string, number>> {
  const store = new Store(new SqliteDocumentStore(file));
  await store.init();
  try {
    const counts: Record<string, number> = {};
    for (const status of ['pending', 'sending', 'sent', 'parked'] as const) {
      let continuation: string | undefined;
      let n = 0;
      do {
        const page = await store.documents.queryAllPartitions('outbox', { where: { status }, limit: 1000, continuation });
        n += page.items.length;
        continuation = page.continuation;
      } while (continuation);
      counts[status] = n;
    }
    return counts;
  } finally {
    await store.close();
  }
}
