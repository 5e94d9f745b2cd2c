import pino from 'pino';
import { PcnCampaignService } from '../../../services/campaigns';
import { DEFAULT_PCN_SETTINGS, type Pcn, type PcnCalendarRecord, type PcnCampaign } from '../../../services/domain';
import { AlreadyExistsError, ConflictError, ValidationError } from '../../../services/errors';
import type { DocumentStore } from '../../../services/store/documents';
import { Store } from '../../../services/store/repositories';

const PCN = 'tenant-1:19:campaigns@thread.tacv2';
const ADMIN = { aadObjectId: 'admin-1', name: 'Alex Morgan' };

function campaign(campaignId: string, name: string, over: Partial<PcnCampaign> = {}): PcnCampaign {
  return {
    pcnId: PCN,
    campaignId,
    name,
    aliases: [],
    description: '',
    audience: 'Everyone',
    start: '2026-10-03',
    end: '2026-10-03',
    createdBy: ADMIN,
    createdAt: '2026-09-01T09:00:00.000Z',
    updatedAt: '2026-09-01T09:00:00.000Z',
    ...over,
  };
}

const calendar = (names: Record<string, string>, feedVersion = 1): PcnCalendarRecord => ({
  pcnId: PCN,
  names,
  feedVersion,
  updatedAt: '2026-09-01T09:00:00.000Z',
});

function pcn(): Pcn {
  return {
    pcnId: PCN,
    tenantId: 'tenant-1',
    teamId: '19:campaigns@thread.tacv2',
    name: 'Riverside PCN',
    admins: [ADMIN],
    postingChannel: { id: '19:campaigns@thread.tacv2', name: 'General' },
    serviceUrl: 'https://smba.example/uk/',
    botId: 'bot-1',
    installedAt: '2026-09-01T09:00:00.000Z',
    active: true,
    settings: DEFAULT_PCN_SETTINGS,
    odsCodes: {},
  };
}

const input = (name: string) => ({ name, start: '2026-10-03', end: '2026-10-04', description: '', audience: '', aliases: [] });

/** A PCN's own campaigns and its calendar record: written together under ETags, on every adapter. */
export function campaignContract(documents: () => DocumentStore): void {
  const store = () => new Store(documents());
  const clock = { now: () => new Date('2026-09-15T09:00:00Z') };

  it("when campaigns are added with the PCN's calendar record, then list gives the PCN's own by name (ids with : and @ kept safe)", async () => {
    const s = store();
    await s.batch(PCN, [
      s.campaigns.createStep(campaign('pcn:b', 'Walk to school week')),
      s.campaigns.calendarCreateStep(calendar({ walk: 'pcn:b' })),
    ]);
    await s.batch(PCN, [s.campaigns.createStep(campaign('pcn:a', 'Autumn health fair'))]);
    await s.batch('tenant-1:other', [s.campaigns.createStep({ ...campaign('pcn:c', 'Elsewhere'), pcnId: 'tenant-1:other' })]);

    expect((await s.campaigns.list(PCN)).map((c) => c.name)).toEqual(['Autumn health fair', 'Walk to school week']);
    await expect(s.campaigns.get(PCN, 'pcn:b')).resolves.toMatchObject({ name: 'Walk to school week', etag: expect.any(String) });
    await expect(s.campaigns.calendar(PCN)).resolves.toMatchObject({ names: { walk: 'pcn:b' }, feedVersion: 1 });
    await expect(s.campaigns.get(PCN, 'pcn:c')).resolves.toBeUndefined();
  });

  it('when a campaign is changed or removed from a stale read, then ConflictError and the batch writes nothing', async () => {
    const s = store();
    await s.batch(PCN, [
      s.campaigns.createStep(campaign('pcn:a', 'Health fair')),
      s.campaigns.calendarCreateStep(calendar({ 'health fair': 'pcn:a' })),
    ]);
    const read = (await s.campaigns.get(PCN, 'pcn:a'))!;
    const cal = (await s.campaigns.calendar(PCN))!;
    await s.batch(PCN, [s.campaigns.replaceStep({ ...read, name: 'Health fair 2026' })]);

    await expect(
      s.batch(PCN, [s.campaigns.replaceStep({ ...read, name: 'Lost' }), s.campaigns.calendarReplaceStep({ ...cal, names: {} })]),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      s.batch(PCN, [s.campaigns.deleteStep(read), s.campaigns.calendarReplaceStep({ ...cal, names: {} })]),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(s.campaigns.get(PCN, 'pcn:a')).resolves.toMatchObject({ name: 'Health fair 2026' });
    await expect(s.campaigns.calendar(PCN)).resolves.toMatchObject({ names: { 'health fair': 'pcn:a' }, etag: cal.etag });
  });

  it('when two first campaigns both create the calendar record, then the second batch fails whole (AlreadyExistsError)', async () => {
    const s = store();
    await s.batch(PCN, [
      s.campaigns.createStep(campaign('pcn:a', 'One')),
      s.campaigns.calendarCreateStep(calendar({ one: 'pcn:a' })),
    ]);

    await expect(
      s.batch(PCN, [
        s.campaigns.createStep(campaign('pcn:b', 'Two')),
        s.campaigns.calendarCreateStep(calendar({ two: 'pcn:b' })),
      ]),
    ).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(s.campaigns.get(PCN, 'pcn:b')).resolves.toBeUndefined();
  });

  it('when two admins add campaigns of one name at the same moment, then exactly one is saved and the other is told the name is taken', async () => {
    const s = store();
    await s.pcns.create(pcn());
    const service = new PcnCampaignService(s, clock, pino({ level: 'silent' }));

    const results = await Promise.allSettled([
      service.add(PCN, ADMIN, input('Flu clinic Saturday')),
      service.add(PCN, ADMIN, input('flu-clinic saturday')),
      service.add(PCN, ADMIN, input('Carers coffee morning')),
    ]);

    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(ValidationError);
    const names = (await s.campaigns.list(PCN)).map((c) => c.name);
    expect(names).toHaveLength(2);
    expect(names).toContain('Carers coffee morning');
    expect(names.filter((n) => /flu/i.test(n))).toHaveLength(1);
    expect(Object.keys((await s.campaigns.calendar(PCN))!.names).sort()).toEqual([
      'carers coffee morning',
      'flu clinic saturday',
    ]);
  });

  it("when a campaign is renamed and another removed, then the PCN's names follow and a freed name can be used again", async () => {
    const s = store();
    await s.pcns.create(pcn());
    const service = new PcnCampaignService(s, clock, pino({ level: 'silent' }));
    const fair = await service.add(PCN, ADMIN, input('Health fair'));
    const walk = await service.add(PCN, ADMIN, input('Walk week'));

    await service.update(PCN, ADMIN, fair.campaignId, fair.etag, input('Autumn health fair'));
    await service.remove(PCN, ADMIN, walk.campaignId, walk.etag);
    await service.add(PCN, ADMIN, input('Health fair'));

    expect((await s.campaigns.list(PCN)).map((c) => c.name)).toEqual(['Autumn health fair', 'Health fair']);
    expect(Object.keys((await s.campaigns.calendar(PCN))!.names).sort()).toEqual(['autumn health fair', 'health fair']);
  });
}
