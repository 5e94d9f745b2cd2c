import { readFileSync } from 'node:fs';
import path from 'node:path';
import { playgroundConfig, type PlaygroundConfigFile } from '../../bot/local-playground';
import { DEMO_PEOPLE, DEMO_TENANT_ID, demoPcn, demoPcnData, demoPractices, findDemoPerson } from '../../services/demo-pcn';
import { pcnIdFor } from '../../services/domain';

// js-yaml arrives with eslint and has no type declarations; only load() is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { load } = require('js-yaml') as { load(text: string): unknown };

const NOW = '2027-01-04T09:30:00.000Z';
const SERVICE_URL = 'http://localhost:56150/_connector';

function readYml(): PlaygroundConfigFile {
  const file = path.resolve(__dirname, '..', '..', '.m365agentsplayground.yml');
  return load(readFileSync(file, 'utf8')) as PlaygroundConfigFile;
}

function ymlPeople(yml: PlaygroundConfigFile) {
  return [yml.currentUser, ...yml.users];
}

describe('demo PCN and the Agents Playground config', () => {
  it('when the committed yml is parsed, then it is exactly the config generated from the demo data for the PCN admin', () => {
    const yml = readYml();

    const generated = playgroundConfig();

    expect(yml).toEqual(generated);
  });

  it('when the demo PCN is built, then its tenant, team and PCN id are the ones the Playground sends', () => {
    const yml = readYml();

    const pcn = demoPcn(NOW, SERVICE_URL, yml.bot.id);

    expect(pcn.tenantId).toBe(yml.tenantId);
    expect(DEMO_TENANT_ID).toBe(yml.tenantId);
    expect(pcn.teamId).toBe(yml.team.id);
    expect(pcn.pcnId).toBe(pcnIdFor(yml.tenantId, yml.team.id));
    expect(pcn.postingChannel).toEqual({ id: yml.team.id, name: 'General' });
    expect(pcn.botId).toBe(yml.bot.id);
    expect(pcn.serviceUrl).toBe(SERVICE_URL);
  });

  it('when the demo PCN is built, then its admin is the yml current user and a user the Playground knows', () => {
    const yml = readYml();

    const pcn = demoPcn(NOW, SERVICE_URL);

    const known = new Map(ymlPeople(yml).map((u) => [u.aadObjectId, u.name]));
    expect(pcn.admins.length).toBeGreaterThan(0);
    for (const admin of pcn.admins) expect(known.get(admin.aadObjectId)).toBe(admin.name);
    expect(pcn.admins[0]?.aadObjectId).toBe(yml.currentUser.aadObjectId);
    expect(pcn.installedBy?.aadObjectId).toBe(yml.currentUser.aadObjectId);
  });

  it('when the demo practices are built, then every lead is a yml user, with one distinct lead per practice', () => {
    const yml = readYml();
    const { pcn } = demoPcnData(NOW);

    const practices = demoPractices(pcn.pcnId, NOW);

    const known = new Map(ymlPeople(yml).map((u) => [u.aadObjectId, u.name]));
    expect(practices.length).toBeGreaterThanOrEqual(4);
    for (const practice of practices) {
      expect(practice.pcnId).toBe(pcn.pcnId);
      expect(practice.leads).toHaveLength(1);
      for (const lead of practice.leads) expect(known.get(lead.aadObjectId)).toBe(lead.name);
    }
    const leadIds = practices.map((p) => p.leads[0]?.aadObjectId);
    expect(new Set(leadIds).size).toBe(practices.length);
  });

  it('when the demo practices are built, then their ODS codes are well formed, unique and indexed on the PCN', () => {
    const { pcn, practices } = demoPcnData(NOW);

    const codes = practices.map((p) => p.odsCode);

    for (const code of codes) expect(code).toMatch(/^[A-Z]\d{5}$/);
    expect(new Set(codes).size).toBe(codes.length);
    expect(pcn.odsCodes).toEqual(Object.fromEntries(practices.map((p) => [p.odsCode, p.practiceId])));
  });

  it('when the team is listed, then it has an ordinary member who is neither an admin nor a practice lead', () => {
    const { pcn, practices } = demoPcnData(NOW);
    const privileged = new Set([
      ...pcn.admins.map((a) => a.aadObjectId),
      ...practices.flatMap((p) => p.leads.map((l) => l.aadObjectId)),
    ]);

    const ordinary = ymlPeople(readYml()).filter((u) => !privileged.has(u.aadObjectId));

    expect(ordinary.map((u) => u.name)).toEqual(['Sam Patel']);
  });

  it('when the yml is checked against the Playground schema limits, then it has 5 users, 1 extra channel and unique ids', () => {
    const yml = readYml();

    const userIds = ymlPeople(yml).map((u) => u.id);
    const conversationIds = [yml.personalChat.id, yml.groupChat.id, yml.team.id, ...yml.team.channels.map((c) => c.id)];

    expect(yml.version).toBe('0.1.1');
    expect(yml.users).toHaveLength(5);
    expect(yml.team.channels.length).toBeLessThanOrEqual(1);
    expect(yml.bot.name.length).toBeLessThanOrEqual(42);
    expect(new Set(userIds).size).toBe(userIds.length);
    expect(new Set(conversationIds).size).toBe(conversationIds.length);
  });

  it('when the Playground is to act as a practice lead, then she is the current user and everyone else is a user', () => {
    const priya = findDemoPerson('Priya Shah');
    if (!priya) throw new Error('Priya Shah is missing from the demo data');

    const config = playgroundConfig(priya);

    expect(config.currentUser.aadObjectId).toBe(priya.aadObjectId);
    expect(config.users).toHaveLength(5);
    expect(config.users.map((u) => u.aadObjectId)).not.toContain(priya.aadObjectId);
    expect(config.personalChat.id).not.toBe(playgroundConfig().personalChat.id);
    expect(new Set([config.currentUser, ...config.users].map((u) => u.aadObjectId))).toEqual(
      new Set(DEMO_PEOPLE.map((p) => p.aadObjectId)),
    );
  });
});
