import { type Stored, stripSystemFields } from '../documents';

export { assertDocumentId as assertCosmosId, assertPartition } from '../documents';

/** A stored document as the port shows it: system fields gone, the ETag as `etag`. */
export function fromCosmos<T>(resource: object): Stored<T> {
  const etag = (resource as { _etag?: unknown })._etag;
  if (typeof etag !== 'string') throw new Error('Cosmos DB returned a document without an ETag');
  return { ...stripSystemFields(resource), etag } as unknown as Stored<T>;
}
