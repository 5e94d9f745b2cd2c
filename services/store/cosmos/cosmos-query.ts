import type { SqlParameter, SqlQuerySpec } from '@azure/cosmos';
import { assertFieldName, assertSortable, type DocType, type QueryOptions } from '../documents';
import { sortKeys } from './indexing';

/**
 * Builds the parameterised SQL for a query with exactly the SQLite adapter's
 * meaning: equality is type-exact (Cosmos DB never matches 1 with "1"), a
 * `null` filter matches null or a missing field, and results are ordered by
 * the field, then pcnId (across partitions), then id, all in one direction.
 * Field names are checked identifiers and written as c["name"], so reserved
 * words such as `value` are safe too.
 */
export function buildQuery(
  type: DocType,
  pcnId: string | undefined,
  options: QueryOptions | undefined,
  sortableFields: readonly string[],
): SqlQuerySpec {
  const { clauses, parameters } = filter(type, pcnId, options?.where, options?.idPrefix, options?.ranges);
  const orderBy = options?.orderBy;
  if (orderBy) assertSortable(orderBy.field, sortableFields);
  const direction = orderBy?.direction === 'desc' ? 'DESC' : 'ASC';
  const order = sortKeys(orderBy, pcnId === undefined)
    .map((f) => `c["${f}"] ${direction}`)
    .join(', ');
  return { query: `SELECT * FROM c WHERE ${clauses.join(' AND ')} ORDER BY ${order}`, parameters };
}

/** `SELECT VALUE COUNT(1)` of `type` documents in one partition matching `where`, with buildQuery's filter semantics. */
export function buildCount(type: DocType, pcnId: string, where: QueryOptions['where']): SqlQuerySpec {
  const { clauses, parameters } = filter(type, pcnId, where);
  return { query: `SELECT VALUE COUNT(1) FROM c WHERE ${clauses.join(' AND ')}`, parameters };
}

function filter(
  type: DocType,
  pcnId: string | undefined,
  where: QueryOptions['where'],
  idPrefix?: string,
  ranges?: QueryOptions['ranges'],
): { clauses: string[]; parameters: SqlParameter[] } {
  const parameters: SqlParameter[] = [{ name: '@type', value: type }];
  const clauses = ['c["type"] = @type'];
  if (pcnId !== undefined) {
    clauses.push('c["pcnId"] = @pcnId');
    parameters.push({ name: '@pcnId', value: pcnId });
  }
  if (idPrefix) {
    clauses.push('STARTSWITH(c["id"], @idPrefix)');
    parameters.push({ name: '@idPrefix', value: idPrefix });
  }
  Object.entries(where ?? {}).forEach(([field, value], i) => {
    assertFieldName(field);
    if (value === null) {
      clauses.push(`(NOT IS_DEFINED(c["${field}"]) OR IS_NULL(c["${field}"]))`);
    } else {
      clauses.push(`c["${field}"] = @w${i}`);
      parameters.push({ name: `@w${i}`, value });
    }
  });
  Object.entries(ranges ?? {}).forEach(([field, range], i) => {
    assertFieldName(field);
    // Cosmos DB compares a string with a number as undefined (no match) already; IS_STRING says so plainly.
    clauses.push(`IS_STRING(c["${field}"])`);
    if (range.from !== undefined) {
      clauses.push(`c["${field}"] >= @r${i}from`);
      parameters.push({ name: `@r${i}from`, value: range.from });
    }
    if (range.to !== undefined) {
      clauses.push(`c["${field}"] <= @r${i}to`);
      parameters.push({ name: `@r${i}to`, value: range.to });
    }
  });
  return { clauses, parameters };
}

/** Our continuation token wraps the SDK's, so callers see one opaque format from every adapter. */
export function encodeContinuation(sdkToken: string): string {
  return Buffer.from(JSON.stringify({ c: sdkToken })).toString('base64url');
}

export function decodeContinuation(token?: string): string | undefined {
  if (!token) return undefined;
  try {
    const { c } = JSON.parse(Buffer.from(token, 'base64url').toString()) as { c: unknown };
    if (typeof c === 'string' && c.length > 0) return c;
  } catch {
    // fall through to the error below
  }
  throw new Error('Invalid continuation token');
}
