import type { Store } from '../../../services/store';

const TYPES = [
  'pcn',
  'practice',
  'conversationRef',
  'round',
  'answer',
  'answerHistory',
  'action',
  'plan',
  'channel',
  'reminder',
] as const;

/** Every document the generator writes, without ETags, in a stable order: for comparing two loads. */
export async function dump(store: Store): Promise<string[]> {
  const out: string[] = [];
  for (const type of TYPES) {
    let continuation: string | undefined;
    do {
      const page = await store.documents.queryAllPartitions<object>(type, { limit: 1000, continuation });
      for (const doc of page.items) {
        const { etag: _etag, ...rest } = doc as { etag?: string };
        out.push(JSON.stringify(rest, Object.keys(rest).sort()));
      }
      continuation = page.continuation;
    } while (continuation);
  }
  return out.sort();
}
