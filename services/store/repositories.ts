import type { ConversationRecord, Pcn, Practice, UserRecord } from '../domain';
import { tenantPartition } from '../domain';
import { docId, readAll, updateWithRetry } from './doc-helpers';
import type { BatchOperation, DocumentStore, NewDocument, Page, QueryOptions, Stored } from './documents';
import { CampaignRepository } from './campaign-repository';
import { ChannelRepository } from './channel-repository';
import { OutboxRepository } from './outbox-repository';
import { QuickCheckRepository } from './quick-check-repository';
import { PlanRepository } from './plan-repository';
import { ScheduleRepository } from './schedule-repository';
import { LeaseRepository } from './lease-repository';

export { docId, readAll, updateWithRetry } from './doc-helpers';

/** Typed repositories over the document port, shared by every adapter. */
export class PcnRepository {
  constructor(private readonly docs: DocumentStore) {}

  get(pcnId: string): Promise<Stored<Pcn> | undefined> {
    return this.docs.get<Pcn>(pcnId, 'pcn', 'pcn');
  }

  create(pcn: Pcn): Promise<Stored<Pcn>> {
    return this.docs.create<Pcn>(pcnDocument(pcn));
  }

  /** Conditional on the ETag read; ConflictError if someone else wrote first. */
  replace(pcn: Stored<Pcn>): Promise<Stored<Pcn>> {
    return this.docs.replace<Pcn>(pcnDocument(pcn), pcn.etag);
  }

  /** Batch step (Store.batch): create the PCN record; the batch fails with AlreadyExistsError if it exists. */
  createStep(pcn: Pcn): BatchOperation {
    return { op: 'create', doc: pcnDocument(pcn) };
  }

  /** Batch step (Store.batch): replace the PCN record, conditional on the ETag it was read with. */
  replaceStep(pcn: Stored<Pcn>): BatchOperation {
    return { op: 'replace', doc: pcnDocument(pcn), ifMatch: pcn.etag };
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
    return this.docs.create<Practice>(practiceDocument(practice));
  }

  replace(practice: Stored<Practice>): Promise<Stored<Practice>> {
    return this.docs.replace<Practice>(practiceDocument(practice), practice.etag);
  }

  remove(practice: Stored<Practice>): Promise<void> {
    return this.docs.delete(practice.pcnId, 'practice', docId('practice', practice.practiceId), practice.etag);
  }

  /** Batch step (Store.batch): create the practice; the batch fails with AlreadyExistsError if it exists. */
  createStep(practice: Practice): BatchOperation {
    return { op: 'create', doc: practiceDocument(practice) };
  }

  /** Batch step (Store.batch): replace the practice, conditional on the ETag it was read with. */
  replaceStep(practice: Stored<Practice>): BatchOperation {
    return { op: 'replace', doc: practiceDocument(practice), ifMatch: practice.etag };
  }

  /** Batch step (Store.batch): delete the practice, conditional on the ETag it was read with. */
  deleteStep(practice: Stored<Practice>): BatchOperation {
    return { op: 'delete', type: 'practice', id: docId('practice', practice.practiceId), ifMatch: practice.etag };
  }
}

function pcnDocument(pcn: Pcn): NewDocument<Pcn> {
  return { ...pcn, type: 'pcn', id: 'pcn' };
}

function practiceDocument(practice: Practice): NewDocument<Practice> {
  return { ...practice, type: 'practice', id: docId('practice', practice.practiceId) };
}

export class ConversationRepository {
  constructor(private readonly docs: DocumentStore) {}

  get(pcnId: string, conversationId: string): Promise<Stored<ConversationRecord> | undefined> {
    return this.docs.get<ConversationRecord>(pcnId, 'conversationRef', docId('conversationRef', conversationId));
  }

  /** Last writer wins: the newest address (serviceUrl) seen is always the right one. */
  save(record: ConversationRecord): Promise<Stored<ConversationRecord>> {
    return this.docs.upsert<ConversationRecord>(this.document(record));
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
      (next) => this.docs.replace<ConversationRecord>(this.document(next), next.etag),
      change,
    );
  }

  private document(record: ConversationRecord): NewDocument<ConversationRecord> {
    return { ...record, type: 'conversationRef', id: docId('conversationRef', record.address.conversationId) };
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

/**
 * The Store port the services use: typed repositories over one document
 * store. Services never build a document id or a raw batch operation: writes
 * that must happen together are the repositories' batch steps (`createStep`,
 * `replaceStep`, ...), committed with `batch`.
 */
export class Store {
  readonly pcns: PcnRepository;
  readonly practices: PracticeRepository;
  readonly conversations: ConversationRepository;
  readonly users: UserRepository;
  readonly outbox: OutboxRepository;
  readonly quickCheck: QuickCheckRepository;
  readonly schedule: ScheduleRepository;
  /** Conversation ownership and live instances, for the dispatchers of several instances. */
  readonly leases: LeaseRepository;
  /** A PCN's own campaigns and its calendar record (feed link version). */
  readonly campaigns: CampaignRepository;
  readonly plans: PlanRepository;
  /** Practice channels and their refresh reminders' snoozes. */
  readonly channels: ChannelRepository;

  constructor(readonly documents: DocumentStore) {
    this.pcns = new PcnRepository(documents);
    this.practices = new PracticeRepository(documents);
    this.conversations = new ConversationRepository(documents);
    this.users = new UserRepository(documents);
    this.outbox = new OutboxRepository(documents);
    this.quickCheck = new QuickCheckRepository(documents);
    this.schedule = new ScheduleRepository(documents);
    this.leases = new LeaseRepository(documents);
    this.campaigns = new CampaignRepository(documents);
    this.plans = new PlanRepository(documents);
    this.channels = new ChannelRepository(documents);
  }

  get kind(): DocumentStore['kind'] {
    return this.documents.kind;
  }

  /**
   * Commits repositories' batch steps in the PCN's partition, all or nothing
   * (at most 100). AlreadyExistsError or ConflictError, with nothing written,
   * when a create finds its document or a conditional step's ETag is stale.
   */
  async batch(pcnId: string, steps: readonly BatchOperation[]): Promise<void> {
    await this.documents.batch(pcnId, steps);
  }

  init(): Promise<void> {
    return this.documents.init();
  }

  close(): Promise<void> {
    return this.documents.close();
  }
}
