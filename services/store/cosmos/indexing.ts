import type { ContainerDefinition, CompositePath, IndexingPolicy } from '@azure/cosmos';
import { assertFieldName, type QueryOptions, SORTABLE_FIELDS } from '../documents';

/**
 * Container layout and indexing, in one place so the adapter, the local
 * server and the Bicep template (deploy/cosmos.md) agree.
 */
export const PCN_CONTAINER = 'pcn';
export const LEASES_CONTAINER = 'leases';

/** Fields the repositories sort by: one list for every adapter (see documents.ts). */
export const DEFAULT_SORTABLE_FIELDS: readonly string[] = SORTABLE_FIELDS;

/** Fields that are constant within a query's results, so sorting on them adds nothing. */
function constantFields(crossPartition: boolean): Set<string> {
  return new Set(crossPartition ? ['type'] : ['type', 'pcnId']);
}

/**
 * The properties an ORDER BY must name, in order: the requested field, then
 * pcnId (across partitions), then id, less any that are constant or repeated.
 * This is exactly the SQLite adapter's `field, pcn_id, id` ordering.
 */
export function sortKeys(orderBy: QueryOptions['orderBy'], crossPartition: boolean): string[] {
  const wanted = [...(orderBy ? [orderBy.field] : []), 'pcnId', 'id'];
  const constant = constantFields(crossPartition);
  return [...new Set(wanted)].filter((f) => !constant.has(f));
}

function composite(paths: readonly string[], order: 'ascending' | 'descending'): CompositePath[] {
  return paths.map((p) => ({ path: `/${p}`, order }));
}

/**
 * Every composite index the adapter's queries can need. Azure serves a
 * descending ORDER BY from the ascending index too; the descending copies are
 * kept because the local test server matches directions exactly, and they
 * cost little on writes.
 */
export function compositeIndexes(sortableFields: readonly string[]): CompositePath[][] {
  const keySets = new Map<string, string[]>();
  const add = (keys: string[]) => {
    if (keys.length > 1) keySets.set(keys.join(','), keys);
  };
  for (const field of [...sortableFields, 'id', 'pcnId']) {
    assertFieldName(field);
    add(sortKeys({ field }, false));
    add(sortKeys({ field }, true));
  }
  add(sortKeys(undefined, true));
  return [...keySets.values()].flatMap((keys) => [composite(keys, 'ascending'), composite(keys, 'descending')]);
}

export function pcnContainerDefinition(sortableFields: readonly string[]): ContainerDefinition {
  const indexingPolicy: IndexingPolicy = {
    indexingMode: 'consistent',
    automatic: true,
    includedPaths: [{ path: '/*' }],
    excludedPaths: [{ path: '/"_etag"/?' }],
    compositeIndexes: compositeIndexes(sortableFields),
  };
  // Time to live on, with no default (-1): only documents that carry a ttl expire (sent outbox items).
  return { id: PCN_CONTAINER, partitionKey: { paths: ['/pcnId'] }, defaultTtl: -1, indexingPolicy };
}

/**
 * Leases are only ever read by id, so nothing is indexed (cheaper writes), and
 * per-item time-to-live clears old job-and-period leases away.
 */
export function leasesContainerDefinition(): ContainerDefinition {
  return {
    id: LEASES_CONTAINER,
    partitionKey: { paths: ['/id'] },
    defaultTtl: -1,
    indexingPolicy: { indexingMode: 'consistent', automatic: true, includedPaths: [], excludedPaths: [{ path: '/*' }] },
  };
}
