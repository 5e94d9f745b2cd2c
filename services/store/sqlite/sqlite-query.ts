import {
  assertFieldName,
  assertPartition,
  assertSortable,
  type DocType,
  type FieldValue,
  pageSize,
  type QueryOptions,
} from '../documents';
import { FIELD_INDEXES } from './migrations';

/** One page's SQL: the statement text (values are bound, never inlined), its parameters, and how to page on. */
export interface PageQuery {
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly limit: number;
  readonly offset: number;
}

/**
 * The SELECT for one page of `type` documents (in one partition, or all of
 * them for the dispatcher's cross-partition read), with Cosmos DB's
 * semantics: equality filters that compare type as well as value, ordering
 * by a sortable field with Cosmos DB's order of mixed types. It reads one row
 * more than the page, to know whether another page follows.
 */
export function pageQuery(
  pcnId: string | undefined,
  type: DocType,
  options: QueryOptions | undefined,
  sortableFields: readonly string[],
): PageQuery {
  const limit = pageSize(options);
  const offset = decodeOffset(options?.continuation);
  const { clauses, params } = filter(pcnId, type, options?.where, options?.idPrefix, options?.ranges);
  let order = 'pcn_id ASC, id ASC';
  if (options?.orderBy) {
    const field = options.orderBy.field;
    assertSortable(field, sortableFields);
    const dir = options.orderBy.direction === 'desc' ? 'DESC' : 'ASC';
    order = `${typeRank(field)} ${dir}, json_extract(body, '$.${field}') ${dir}, pcn_id ${dir}, id ${dir}`;
  }
  return {
    sql: `SELECT * FROM documents${indexedBy(pcnId, type, options?.ranges)} WHERE ${clauses.join(' AND ')} ORDER BY ${order} LIMIT ? OFFSET ?`,
    params: [...params, limit + 1, offset],
    limit,
    offset,
  };
}

/** INDEXED BY the field index for a range on it within one partition (see FIELD_INDEXES), else nothing. */
function indexedBy(pcnId: string | undefined, type: DocType, ranges: QueryOptions['ranges']): string {
  if (pcnId === undefined) return '';
  const field = Object.keys(ranges ?? {}).find((f) => FIELD_INDEXES[type]?.[f] !== undefined);
  return field === undefined ? '' : ` INDEXED BY ${FIELD_INDEXES[type]?.[field]}`;
}

/** The COUNT of `type` documents in one partition matching `where`, with pageQuery's filter semantics. */
export function countQuery(
  pcnId: string,
  type: DocType,
  where: QueryOptions['where'],
): { readonly sql: string; readonly params: readonly unknown[] } {
  const { clauses, params } = filter(pcnId, type, where);
  return { sql: `SELECT COUNT(*) AS n FROM documents WHERE ${clauses.join(' AND ')}`, params };
}

/** The WHERE clauses (and their bound values) for `type`, optionally one partition, and equality filters. */
function filter(
  pcnId: string | undefined,
  type: DocType,
  where: QueryOptions['where'],
  idPrefix?: string,
  ranges?: QueryOptions['ranges'],
): { clauses: string[]; params: unknown[] } {
  // The type is written into the SQL rather than bound, so SQLite can use the partial indexes on one type
  // (see migrations.ts); it is a DocType from the code, never input, and checked to be a plain word.
  assertTypeLiteral(type);
  const clauses = [`type = '${type}'`];
  const params: unknown[] = [];
  if (pcnId !== undefined) {
    assertPartition(pcnId);
    clauses.push('pcn_id = ?');
    params.push(pcnId);
  }
  if (idPrefix) {
    // A range on the primary key (pcn_id, id): every id starting with the prefix sorts between these two.
    clauses.push('id >= ? AND id < ?');
    params.push(idPrefix, prefixEnd(idPrefix));
  }
  for (const [field, value] of Object.entries(where ?? {})) {
    assertFieldName(field);
    if (value === null) {
      clauses.push(`json_extract(body, '$.${field}') IS NULL`);
    } else {
      // Compare type as well as value so 1 never matches "1", as in Cosmos DB.
      clauses.push(`(json_type(body, '$.${field}') IN (${jsonTypesFor(value)}) AND json_extract(body, '$.${field}') = ?)`);
      params.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
    }
  }
  for (const [field, range] of Object.entries(ranges ?? {})) {
    assertFieldName(field);
    // The same json_extract expression as the plans-by-start index, so SQLite can walk it as a range.
    clauses.push(`json_type(body, '$.${field}') = 'text'`);
    if (range.from !== undefined) {
      clauses.push(`json_extract(body, '$.${field}') >= ?`);
      params.push(range.from);
    }
    if (range.to !== undefined) {
      clauses.push(`json_extract(body, '$.${field}') <= ?`);
      params.push(range.to);
    }
  }
  return { clauses, params };
}

/** The continuation for the page after one that started at `offset` and held `limit` rows. */
export function nextContinuation(query: PageQuery): string {
  return Buffer.from(JSON.stringify({ o: query.offset + query.limit })).toString('base64url');
}

/** The smallest string above every string starting with `prefix`: its last character's code plus one. */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

function assertTypeLiteral(type: string): void {
  if (!/^[A-Za-z]+$/.test(type)) throw new Error(`Invalid document type: ${JSON.stringify(type)}`);
}

/**
 * Cosmos DB sorts mixed types as: missing, null, booleans, numbers, strings.
 * Ranking by JSON type first gives SQLite the same order. One json_type call
 * (a missing field gives NULL: the ELSE), as the outbox index repeats this
 * expression on every write (migrations.ts, which must spell it the same).
 */
function typeRank(field: string): string {
  return `CASE json_type(body, '$.${field}') WHEN 'null' THEN 1 WHEN 'true' THEN 2 WHEN 'false' THEN 2 WHEN 'integer' THEN 3 WHEN 'real' THEN 3 WHEN 'text' THEN 4 WHEN 'object' THEN 5 WHEN 'array' THEN 5 ELSE 0 END`;
}

function jsonTypesFor(value: Exclude<FieldValue, null>): string {
  if (typeof value === 'string') return "'text'";
  if (typeof value === 'boolean') return "'true','false'";
  return "'integer','real'";
}

function decodeOffset(token?: string): number {
  if (!token) return 0;
  try {
    const { o } = JSON.parse(Buffer.from(token, 'base64url').toString()) as { o: unknown };
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through to the error below
  }
  throw new Error('Invalid continuation token');
}
