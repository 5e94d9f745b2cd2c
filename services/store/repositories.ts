import type { ConversationRecord, Pcn, Practice, UserRecord } from '../domain';
import { tenantPartition } from '../domain';
import { docId, readAll, updateWithRetry } from './doc-helpers';
import type { DocumentStore, Page, QueryOptions, Stored } from './documents';
import { OutboxRepository } from './outbox-repository';
import { ScheduleRepository } from './schedule-repository';

export { docId, readAll, updateWithRetry } from './doc-helpers';

/** Typed repositories over the document port, shared by every adapter. */
export class PcnRepository {
  constructor(private readonly docs: DocumentStore) {}

  get(pcnId: string): Promise<Stored<Pcn> | undefined> {
    return this.docs.get<Pcn>(pcnId, 'pcn', 'pcn');
  }

  create(pcn: Pcn): Promise<Stored<Pcn>> {
    return this.docs.create<Pcn>({ ...pcn, type: 'pcn', id: 'pcn' });
  }

  /** Conditional on the ETag read; ConflictError if someone else wrote first. */
  replace(pcn: Stored<Pcn>): Promise<Stored<Pcn>> {
    return this.docs.replace<Pcn>({ ...pcn, type: 'pcn', id: 'pcn' }, pcn.etag);
  }

  /** Applies `change` to the PCN with optimistic concurrency (see updateWithRetry). */
  update(pcnId: string, change: (pcn: Stored<Pcn>) => Pcn | undefined): Promise<Stored<Pcn> | undefined> {
    return updateWithRetry(
      () => this.get(pcnId),
      (next) => this.replace(next),
      change,
    );
  }

  /** Every PCN, for scheduled jobs only (crosses partitions). */
  listAll(options?: QueryOptions): Promise<Page<Pcn>> {
    return this.docs.queryAllPartitions<Pcn>('pcn', options);
  }
}

export class PracticeRepository {
  constructor(private readonly docs: DocumentStore) {}

  get(pcnId: string, practiceId: string): Promise<Stored<Practice> | undefined> {
    return this.docs.get<Practice>(pcnId, 'practice', docId('practice', practiceId));
  }

  list(pcnId: string): Promise<Stored<Practice>[]> {
    return readAll((o) => this.docs.query<Practice>(pcnId, 'practice', { ...o, orderBy: { field: 'name' } }));
  }

  create(practice: Practice): Promise<Stored<Practice>> {
    return this.docs.create<Practice>({ ...practice, type: 'practice', id: docId('practice', practice.practiceId) });
  }

  replace(practice: Stored<Practice>): Promise<Stored<Practice>> {
    return this.docs.replace<Practice>(
      { ...practice, type: 'practice', id: docId('practice', practice.practiceId) },
      practice.etag,
    );
  }

  remove(practice: Stored<Practice>): Promise<void> {
    return this.docs.delete(practice.pcnId, 'practice', docId('practice', practice.practiceId), practice.etag);
  }
}

export class ConversationRepository {
  constructor(private readonly docs: DocumentStore) {}

  get(pcnId: string, conversationId: string): Promise<Stored<ConversationRecord> | undefined> {
    return this.docs.get<ConversationRecord>(pcnId, 'conversationRef', docId('conversationRef', conversationId));
  }

  /** Last writer wins: the newest address (serviceUrl) seen is always the right one. */
  save(record: ConversationRecord): Promise<Stored<ConversationRecord>> {
    return this.docs.upsert<ConversationRecord>({
      ...record,
      type: 'conversationRef',
      id: docId('conversationRef', record.address.conversationId),
    });
  }

  list(pcnId: string): Promise<Stored<ConversationRecord>[]> {
    return readAll((o) => this.docs.query<ConversationRecord>(pcnId, 'conversationRef', o));
  }

  /** Read-modify-write under the ETag (retried on conflict): `change` returns undefined to leave it as it is. */
  update(
    pcnId: string,
    conversationId: string,
    change: (current: Stored<ConversationRecord>) => ConversationRecord | undefined,
  ): Promise<Stored<ConversationRecord> | undefined> {
    return updateWithRetry<ConversationRecord>(
      () => this.get(pcnId, conversationId),
      (next) => this.docs.replace<ConversationRecord>(next, next.etag),
      change,
    );
  }
}

export class UserRepository {
  constructor(private readonly docs: DocumentStore) {}

  get(tenantId: string, aadObjectId: string): Promise<Stored<UserRecord> | undefined> {
    return this.docs.get<UserRecord>(tenantPartition(tenantId), 'userRef', docId('userRef', aadObjectId));
  }

  save(record: UserRecord): Promise<Stored<UserRecord>> {
    return this.docs.upsert<UserRecord & { pcnId: string }>(this.document(record));
  }

  /** Read-modify-write under the ETag (retried on conflict): `change` returns undefined to leave it as it is. */
  update(
    tenantId: string,
    aadObjectId: string,
    change: (current: Stored<UserRecord>) => UserRecord | undefined,
  ): Promise<Stored<UserRecord> | undefined> {
    return updateWithRetry<UserRecord>(
      () => this.get(tenantId, aadObjectId),
      (next) => this.docs.replace<UserRecord & { pcnId: string }>(this.document(next), next.etag),
      change,
    );
  }

  private document(record: UserRecord) {
    return {
      ...record,
      pcnId: tenantPartition(record.tenantId),
      type: 'userRef' as const,
      id: docId('userRef', record.aadObjectId),
    };
  }
}

/** The Store port the services use: typed repositories over one document store. */
export class Store {
  readonly pcns: PcnRepository;
  readonly practices: PracticeRepository;
  readonly conversations: ConversationRepository;
  readonly users: UserRepository;
  readonly outbox: OutboxRepository;
  readonly schedule: ScheduleRepository;

  constructor(readonly documents: DocumentStore) {
    this.pcns = new PcnRepository(documents);
    this.practices = new PracticeRepository(documents);
    this.conversations = new ConversationRepository(documents);
    this.users = new UserRepository(documents);
    this.outbox = new OutboxRepository(documents);
    this.schedule = new ScheduleRepository(documents);
  }

  get kind(): DocumentStore['kind'] {
    return this.documents.kind;
  }

  init(): Promise<void> {
    return this.documents.init();
  }

  close(): Promise<void> {
    return this.documents.close();
  }
}
