import type { ChannelRecord, ReminderState } from '../domain/channels';
import { reminderStateId } from '../domain/channels';
import { docId, readAll, updateWithRetry } from './doc-helpers';
import type { BatchOperation, DocumentStore, NewDocument, Stored } from './documents';

function channelDocument(channel: ChannelRecord): NewDocument<ChannelRecord> {
  const { etag: _etag, ...fields } = channel as ChannelRecord & { etag?: string };
  return { ...fields, type: 'channel', id: docId('channel', channel.channelId) };
}

function reminderDocument(state: ReminderState): NewDocument<ReminderState> {
  const { etag: _etag, ...fields } = state as ReminderState & { etag?: string };
  return { ...fields, type: 'reminder', id: docId('reminder', reminderStateId(state.kind, state.subject)) };
}

/**
 * Practice channels (id `channel:<channelId>`) and what people said about
 * their refresh reminders (id `reminder:<kind>:<subject>`), in the PCN's partition.
 */
export class ChannelRepository {
  constructor(private readonly docs: DocumentStore) {}

  get(pcnId: string, channelId: string): Promise<Stored<ChannelRecord> | undefined> {
    return this.docs.get<ChannelRecord>(pcnId, 'channel', docId('channel', channelId));
  }

  /** Every channel of the PCN (a PCN has tens at most). */
  list(pcnId: string): Promise<Stored<ChannelRecord>[]> {
    return readAll((o) => this.docs.query<ChannelRecord>(pcnId, 'channel', { ...o, orderBy: { field: 'createdAt' } }));
  }

  create(channel: ChannelRecord): Promise<Stored<ChannelRecord>> {
    return this.docs.create<ChannelRecord>(channelDocument(channel));
  }

  /** Batch step (Store.batch): create the channel; the batch fails with AlreadyExistsError if it exists. */
  createStep(channel: ChannelRecord): BatchOperation {
    return { op: 'create', doc: channelDocument(channel) };
  }

  /** Conditional on the ETag read; ConflictError if someone else wrote first. */
  replace(channel: Stored<ChannelRecord>): Promise<Stored<ChannelRecord>> {
    return this.docs.replace<ChannelRecord>(channelDocument(channel), channel.etag);
  }

  /** Read-modify-write under the ETag, retried on conflict; `change` returns undefined to leave it. */
  update(
    pcnId: string,
    channelId: string,
    change: (current: Stored<ChannelRecord>) => ChannelRecord | undefined,
  ): Promise<Stored<ChannelRecord> | undefined> {
    return updateWithRetry<ChannelRecord>(
      () => this.get(pcnId, channelId),
      (next) => this.replace(next),
      change,
    );
  }

  /** Conditional on the ETag read; ConflictError if it changed since. */
  remove(channel: Stored<ChannelRecord>): Promise<void> {
    return this.docs.delete(channel.pcnId, 'channel', docId('channel', channel.channelId), channel.etag);
  }

  getReminder(pcnId: string, kind: ReminderState['kind'], subject: string): Promise<Stored<ReminderState> | undefined> {
    return this.docs.get<ReminderState>(pcnId, 'reminder', docId('reminder', reminderStateId(kind, subject)));
  }

  /** Last writer wins: the latest Snooze or Not relevant is what the person meant. */
  saveReminder(state: ReminderState): Promise<Stored<ReminderState>> {
    return this.docs.upsert<ReminderState>(reminderDocument(state));
  }

  /** Batch step (Store.batch): save the reminder state, last writer wins (as saveReminder). */
  saveReminderStep(state: ReminderState): BatchOperation {
    return { op: 'upsert', doc: reminderDocument(state) };
  }

  listReminders(pcnId: string): Promise<Stored<ReminderState>[]> {
    return readAll((o) => this.docs.query<ReminderState>(pcnId, 'reminder', o));
  }
}
