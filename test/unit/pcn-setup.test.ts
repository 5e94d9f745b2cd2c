import { ForbiddenError, NotFoundError, ValidationError } from '../../services/errors';
import { InstallationService } from '../../services/installation';
import { SetupService } from '../../services/pcn-setup';
import type { Store } from '../../services/store';
import { FakeClock, silentLogger } from '../support/fakes';
import { tempSqliteStore } from '../support/temp-store';

const admin = { aadObjectId: 'aad-admin', name: 'Alex Morgan' };
const lead = { aadObjectId: 'aad-lead', name: 'Priya Shah' };
const member = { aadObjectId: 'aad-member', name: 'Sam Jones' };

describe('SetupService', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let setup: SetupService;
  let pcnId: string;

  beforeEach(async () => {
    ({ store, dispose } = await tempSqliteStore());
    const clock = new FakeClock('2026-12-02T10:00:00Z');
    const installation = new InstallationService(store, clock, silentLogger());
    const { pcn } = await installation.teamInstalled({
      tenantId: 'tenant-1',
      teamId: '19:team@thread.tacv2',
      aadGroupId: 'group-1',
      teamName: 'Riverside PCN',
      address: {
        conversationId: '19:team@thread.tacv2',
        serviceUrl: 'http://127.0.0.1:1/',
        tenantId: 'tenant-1',
        botId: 'bot',
        isGroup: true,
        conversationType: 'channel',
      },
      installer: admin,
    });
    pcnId = pcn.pcnId;
    setup = new SetupService(store, clock, silentLogger());
  });

  afterEach(() => dispose());

  it('when the installer adds a practice, then it is stored with its leads and indexed by ODS code', async () => {
    const practice = await setup.addPractice(pcnId, admin, { name: 'Riverside Surgery', odsCode: 'B82005', leads: [lead] });

    const stored = await store.practices.get(pcnId, practice.practiceId);
    expect(stored).toMatchObject({ name: 'Riverside Surgery', odsCode: 'B82005', leads: [lead] });
    expect((await store.pcns.get(pcnId))?.odsCodes).toEqual({ B82005: practice.practiceId });
  });

  it('when a non-admin tries to add a practice, then it is refused and nothing is written', async () => {
    await expect(setup.addPractice(pcnId, member, { name: 'X Surgery', odsCode: 'B82006', leads: [] })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(await store.practices.list(pcnId)).toHaveLength(0);
  });

  it('when a second practice uses a taken ODS code, then it is refused naming the field', async () => {
    await setup.addPractice(pcnId, admin, { name: 'Riverside Surgery', odsCode: 'B82005', leads: [] });
    const attempt = setup.addPractice(pcnId, admin, { name: 'Other Surgery', odsCode: 'B82005', leads: [] });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ field: 'ODS code' });
    expect(await store.practices.list(pcnId)).toHaveLength(1);
  });

  it('when two admins add the same ODS code at the same moment, then exactly one practice is created', async () => {
    const results = await Promise.allSettled([
      setup.addPractice(pcnId, admin, { name: 'A Surgery', odsCode: 'C81001', leads: [] }),
      setup.addPractice(pcnId, admin, { name: 'B Surgery', odsCode: 'C81001', leads: [] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await store.practices.list(pcnId)).toHaveLength(1);
  });

  it('when a practice is renamed and re-coded, then the old code is freed', async () => {
    const practice = await setup.addPractice(pcnId, admin, { name: 'Riverside', odsCode: 'B82005', leads: [] });
    await setup.updatePractice(pcnId, admin, practice.practiceId, {
      name: 'Riverside Surgery',
      odsCode: 'B82099',
      leads: [lead],
    });

    expect((await store.pcns.get(pcnId))?.odsCodes).toEqual({ B82099: practice.practiceId });
    const again = await setup.addPractice(pcnId, admin, { name: 'Newcomer', odsCode: 'B82005', leads: [] });
    expect(again.odsCode).toBe('B82005');
  });

  it('when a practice is removed, then it and its code are gone', async () => {
    const practice = await setup.addPractice(pcnId, admin, { name: 'Riverside', odsCode: 'B82005', leads: [] });
    await setup.removePractice(pcnId, admin, practice.practiceId);
    expect(await store.practices.list(pcnId)).toHaveLength(0);
    expect((await store.pcns.get(pcnId))?.odsCodes).toEqual({});
  });

  it("when an admin opens a practice's edit card, then they get it; a non-admin is refused, and a removed practice is not found", async () => {
    const practice = await setup.addPractice(pcnId, admin, { name: 'Riverside', odsCode: 'B82005', leads: [lead] });

    await expect(setup.practice(pcnId, admin, practice.practiceId)).resolves.toMatchObject({
      pcn: { name: 'Riverside PCN' },
      practice: { name: 'Riverside', leads: [lead] },
    });
    await expect(setup.practice(pcnId, member, practice.practiceId)).rejects.toBeInstanceOf(ForbiddenError);
    await setup.removePractice(pcnId, admin, practice.practiceId);
    await expect(setup.practice(pcnId, admin, practice.practiceId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('when an admin opens "Add a practice" or "Channel and admins", then they get the PCN; a non-admin is refused', async () => {
    await expect(setup.pcn(pcnId, admin)).resolves.toMatchObject({ name: 'Riverside PCN', admins: [admin] });
    await expect(setup.pcn(pcnId, member)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setup.pcn('no-such-pcn', admin)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('when admins are saved, then the new admin can make changes and the old one cannot', async () => {
    await setup.saveSettings(pcnId, admin, { postingChannel: { id: 'c-social', name: 'Social media' }, admins: [lead] });
    expect((await store.pcns.get(pcnId))?.postingChannel).toEqual({ id: 'c-social', name: 'Social media' });
    await expect(setup.snapshot(pcnId, admin)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setup.snapshot(pcnId, lead)).resolves.toMatchObject({ practices: [] });
  });

  it('when the admin list would be empty, then it is refused', async () => {
    await expect(
      setup.saveSettings(pcnId, admin, { postingChannel: { id: 'c', name: 'General' }, admins: [] }),
    ).rejects.toMatchObject({ field: 'PCN admins' });
    expect((await store.pcns.get(pcnId))?.admins).toEqual([admin]);
  });
});
