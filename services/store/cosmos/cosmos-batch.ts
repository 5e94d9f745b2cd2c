import type { Container, JSONObject, OperationInput, OperationResponse } from '@azure/cosmos';
import { AlreadyExistsError, ConflictError, StoreBusyError } from '../../errors';
import { assertTtl, type BatchOperation, type DocType, MAX_BATCH_OPERATIONS, type Stored, stripSystemFields } from '../documents';
import { batchFailure, guard, isBusyStatus } from './cosmos-errors';
import { assertCosmosId, fromCosmos } from './cosmos-documents';

/** An ETag no document can have: forces a 412 where SQLite's `AND type = ?` would match no row. */
const NEVER_MATCHES = '"type-mismatch"';
const ATTEMPTS = 3;

type Known = { readonly present: false } | { readonly present: true; readonly type: DocType; readonly etag?: string };

interface Plan {
  readonly inputs: OperationInput[];
  /** For each input, the port operation it came from. */
  readonly sources: BatchOperation[];
  /** Deletes without ifMatch that we pinned to the ETag we read: a 404/412 on them means "read again". */
  readonly pinned: Set<number>;
}

/**
 * A transactional batch with the SQLite adapter's meaning. Cosmos DB fails a
 * whole batch on a delete of an absent document, and its delete has no type
 * condition, so deletes are read first and the batch is planned in order:
 * a delete without ifMatch of an absent (or other-typed) document is dropped,
 * as SQLite's is a no-op. Failures map to the same typed errors, first failing
 * operation first; the batch is all-or-nothing either way.
 */
export async function runBatch(
  container: Container,
  pcnId: string,
  operations: readonly BatchOperation[],
  readType: (id: string) => Promise<{ type: DocType; etag: string } | undefined>,
): Promise<Stored<object>[]> {
  if (operations.length === 0) return [];
  if (operations.length > MAX_BATCH_OPERATIONS) throw new Error(`A batch may hold at most ${MAX_BATCH_OPERATIONS} operations`);
  for (const op of operations) {
    if (op.op !== 'delete' && op.doc.pcnId !== pcnId)
      throw new Error('Every document in a batch must belong to the batch partition');
    assertCosmosId(op.op === 'delete' ? op.id : op.doc.id);
    if (op.op !== 'delete') assertTtl(op.doc);
  }
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const plan = await planBatch(operations, readType);
    if (plan.inputs.length === 0) return [];
    const holder: { status?: number } = {};
    const response = await batchFailure.run(holder, () => guard('batch', () => container.items.batch(plan.inputs, pcnId)));
    const results = response.result ?? [];
    const failed = results.findIndex((r) => r.statusCode >= 400 && r.statusCode !== 424);
    if (failed === -1) return collect(plan, results);
    const status = results[failed].statusCode;
    if (plan.pinned.has(failed) && (status === 404 || status === 412)) continue; // changed since we read it
    throw batchError(plan.sources[failed], status);
  }
  throw new ConflictError(`batch in ${pcnId} kept racing with other writers`);
}

async function planBatch(
  operations: readonly BatchOperation[],
  readType: (id: string) => Promise<{ type: DocType; etag: string } | undefined>,
): Promise<Plan> {
  const deleteIds = [...new Set(operations.flatMap((op) => (op.op === 'delete' ? [op.id] : [])))];
  const before = new Map<string, Known>();
  await Promise.all(
    deleteIds.map(async (id) => {
      const found = await readType(id);
      before.set(id, found ? { present: true, type: found.type, etag: found.etag } : { present: false });
    }),
  );
  const now = new Map(before);
  const plan: Plan = { inputs: [], sources: [], pinned: new Set() };
  for (const op of operations) {
    if (op.op !== 'delete') {
      plan.inputs.push(writeInput(op));
      plan.sources.push(op);
      now.set(op.doc.id, { present: true, type: op.doc.type });
      continue;
    }
    const known = now.get(op.id) ?? { present: false };
    const sameType = known.present && known.type === op.type;
    if (op.ifMatch !== undefined) {
      plan.inputs.push(deleteInput(op.id, known.present && !sameType ? NEVER_MATCHES : op.ifMatch));
      plan.sources.push(op);
    } else if (sameType) {
      if (known.etag !== undefined) plan.pinned.add(plan.inputs.length);
      plan.inputs.push(deleteInput(op.id, known.etag));
      plan.sources.push(op);
    }
    now.set(op.id, { present: false });
  }
  return plan;
}

function writeInput(op: Exclude<BatchOperation, { op: 'delete' }>): OperationInput {
  const resourceBody = stripSystemFields(op.doc) as unknown as JSONObject;
  switch (op.op) {
    case 'create':
      return { operationType: 'Create', resourceBody };
    case 'upsert':
      return { operationType: 'Upsert', resourceBody };
    case 'replace':
      return { operationType: 'Replace', id: op.doc.id, resourceBody, ifMatch: op.ifMatch };
  }
}

/** The SDK's type omits ifMatch on deletes, but the service and the SDK both honour it. */
function deleteInput(id: string, ifMatch: string | undefined): OperationInput {
  return { operationType: 'Delete', id, ...(ifMatch !== undefined ? { ifMatch } : {}) } as OperationInput;
}

function collect(plan: Plan, results: OperationResponse[]): Stored<object>[] {
  return plan.sources.flatMap((op, i) => {
    if (op.op === 'delete') return [];
    const body = results[i].resourceBody;
    return [body ? fromCosmos<object>(body) : ({ ...stripSystemFields(op.doc), etag: results[i].eTag } as Stored<object>)];
  });
}

function batchError(op: BatchOperation, status: number): Error {
  const what = op.op === 'delete' ? `${op.type} ${op.id}` : `${op.doc.type} ${op.doc.id}`;
  if (isBusyStatus(status)) return new StoreBusyError(`batch ${op.op} of ${what}: Cosmos DB answered ${status}`);
  if (op.op === 'create' && status === 409) return new AlreadyExistsError(`${what} already exists`);
  if (status === 412 || status === 404) return new ConflictError(`${what} changed or vanished since it was read`);
  return new Error(`batch ${op.op} of ${what} failed with status ${status}`);
}
