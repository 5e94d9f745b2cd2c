import { quickCheckCards } from '../../cards/quick-check-renderer';
import type { ConversationAddress, Person, Practice } from '../../services/domain';
import { InstallationService } from '../../services/installation';
import { Outbox } from '../../services/outbox/outbox';
import { SetupService } from '../../services/pcn-setup';
import { QuickCheck } from '../../services/quick-check';
import type { Answers } from '../../services/domain/quick-check';
import type { Store } from '../../services/store';
import type { DocType } from '../../services/store/documents';
import type { QuickCheckRepository } from '../../services/store/quick-check-repository';
import { FakeClock, silentLogger } from '../support/fakes';
import { tempSqliteStore } from '../support/temp-store';

/** A PCN with three practices on real SQLite, for the quick-check unit tests. */

export const TENANT = 'tenant-1';
export const TEAM = '19:team@thread.tacv2';
export const admin: Person = { aadObjectId: 'aad-admin', name: 'Alex Morgan' };
export const leadA: Person = { aadObjectId: 'aad-lead-a', name: 'Priya Shah' };
export const leadB: Person = { aadObjectId: 'aad-lead-b', name: 'Tom Hughes' };
export const member: Person = { aadObjectId: 'aad-member', name: 'Sam Jones' };
export const EXPORT_SECRET = Buffer.from('unit-test-export-secret-0123456789abcdef');

export const ALL_YES: Answers = { strategy: 'yes', managed: 'yes', impact: 'yes', value: 'yes' };
export const ONE_NO: Answers = { strategy: 'yes', managed: 'no', impact: 'yes', value: 'yes' };

export interface Fixture {
  readonly store: Store;
  readonly clock: FakeClock;
  readonly qc: QuickCheck;
  readonly outbox: Outbox;
  /** The same repository the services use, for reading what they wrote. */
  readonly repo: QuickCheckRepository;
  readonly pcnId: string;
  readonly riverside: Practice;
  readonly hillside: Practice;
  readonly valley: Practice;
  dispose(): Promise<void>;
}

export const channelAddress: ConversationAddress = {
  conversationId: TEAM,
  serviceUrl: 'http://127.0.0.1:1/',
  tenantId: TENANT,
  botId: '28:bot',
  isGroup: true,
  conversationType: 'channel',
};

/** Riverside (lead: Priya), Hillside (lead: Tom), Valley (no lead yet). The clock starts on 4 January 2027. */
export async function quickCheckFixture(start = '2027-01-04T09:30:00Z'): Promise<Fixture> {
  const { store, dispose } = await tempSqliteStore();
  const clock = new FakeClock(start);
  const logger = silentLogger();
  const installation = new InstallationService(store, clock, logger);
  const { pcn } = await installation.teamInstalled({
    tenantId: TENANT,
    teamId: TEAM,
    aadGroupId: 'group-1',
    teamName: 'Riverside PCN',
    address: channelAddress,
    installer: admin,
  });
  const setup = new SetupService(store, clock, logger);
  const riverside = await setup.addPractice(pcn.pcnId, admin, { name: 'Riverside Surgery', odsCode: 'B82005', leads: [leadA] });
  const hillside = await setup.addPractice(pcn.pcnId, admin, {
    name: 'Hillside Medical Centre',
    odsCode: 'B82006',
    leads: [leadB],
  });
  const valley = await setup.addPractice(pcn.pcnId, admin, { name: 'Valley Practice', odsCode: 'B82007', leads: [] });
  const outbox = new Outbox(store, clock);
  const qc = new QuickCheck({
    cards: quickCheckCards,
    store,
    clock,
    logger,
    outbox,
    export: { secret: EXPORT_SECRET, baseUrl: 'https://bot.example.nhs.uk' },
  });
  return {
    store,
    clock,
    qc,
    outbox,
    repo: store.quickCheck,
    pcnId: pcn.pcnId,
    riverside,
    hillside,
    valley,
    dispose,
  };
}

/** Gives a person a 1:1 chat with the bot. */
export async function givePersonalChat(store: Store, person: Person): Promise<ConversationAddress> {
  const address: ConversationAddress = {
    conversationId: `a:personal-${person.aadObjectId}`,
    serviceUrl: 'http://127.0.0.1:1/',
    tenantId: TENANT,
    botId: '28:bot',
    user: person,
    isGroup: false,
    conversationType: 'personal',
  };
  await store.users.save({
    tenantId: TENANT,
    aadObjectId: person.aadObjectId,
    name: person.name,
    address,
    active: true,
    updatedAt: new Date().toISOString(),
  });
  return address;
}

const QUICK_CHECK_TYPES: DocType[] = ['round', 'answer', 'answerHistory', 'action', 'processed', 'outbox'];

/** Every quick-check document with its ETag: equal snapshots mean nothing was written. */
export async function snapshot(store: Store, pcnId: string): Promise<string> {
  const parts: unknown[] = [];
  for (const type of QUICK_CHECK_TYPES) parts.push((await store.documents.query(pcnId, type, { limit: 1000 })).items);
  return JSON.stringify(parts);
}

export { cardText } from '../support/card-text';
