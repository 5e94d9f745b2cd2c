import { ForbiddenError, NotFoundError, ValidationError } from '../../services/errors';
import { InstallationService } from '../../services/installation';
import { OdsClient } from '../../services/ods';
import {
  checkWithDirectory,
  expandPcns,
  type ListedPractice,
  MAX_PRACTICES_AT_ONCE,
  type NewPracticeLine,
  SetupService,
} from '../../services/pcn-setup';
import type { Store } from '../../services/store';
import { FakeClock, silentLogger } from '../support/fakes';
import { type OdsStandIn, STAND_IN_BROKEN, STAND_IN_PCN, startOdsStandIn } from '../support/ods-stand-in';
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

  describe('adding several practices at once', () => {
    /** Practice i of a pasted list: line i + 1, a fictional Y9 code. */
    const line = (i: number, over: Partial<NewPracticeLine> = {}): NewPracticeLine => ({
      line: i + 1,
      name: `Practice ${i + 1}`,
      odsCode: `Y9${1000 + i}`,
      leads: [],
      ...over,
    });
    const seven = Array.from({ length: 7 }, (_, i) => line(i));

    it('when an admin adds seven, then all are stored with the ODS code index in one go, in the order typed', async () => {
      const added = await setup.addPractices(pcnId, admin, seven);

      expect(added.map((p) => p.name)).toEqual(seven.map((l) => l.name));
      const stored = await store.practices.list(pcnId);
      expect(stored).toHaveLength(7);
      expect(stored.every((p) => p.leads.length === 0 && p.createdAt === '2026-12-02T10:00:00.000Z')).toBe(true);
      expect((await store.pcns.get(pcnId))?.odsCodes).toEqual(Object.fromEntries(added.map((p) => [p.odsCode, p.practiceId])));
    });

    it('when one code is already in the PCN, then the line and the practice using it are named and nothing is written', async () => {
      await setup.addPractice(pcnId, admin, { name: 'Riverside Surgery', odsCode: 'Y91003', leads: [] });
      const before = await store.pcns.get(pcnId);

      const attempt = setup.addPractices(pcnId, admin, seven);

      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toMatchObject({
        userMessage: 'Line 4: Y91003 is already in this PCN, as Riverside Surgery.',
      });
      expect(await store.practices.list(pcnId)).toHaveLength(1);
      expect(await store.pcns.get(pcnId)).toEqual(before);
    });

    it('when a code is given twice, then the second line is named and nothing is written', async () => {
      const attempt = setup.addPractices(pcnId, admin, [...seven, line(9, { odsCode: 'Y91002' })]);

      await expect(attempt).rejects.toMatchObject({ userMessage: 'Line 10: Y91002 is on line 3 as well.' });
      expect(await store.practices.list(pcnId)).toHaveLength(0);
    });

    it(`when ${MAX_PRACTICES_AT_ONCE} are added, then all are stored; one more is refused and nothing is written`, async () => {
      const many = Array.from({ length: MAX_PRACTICES_AT_ONCE + 1 }, (_, i) => line(i));

      await expect(setup.addPractices(pcnId, admin, many)).rejects.toMatchObject({
        userMessage: 'You can add up to 30 practices at once.',
      });
      expect(await store.practices.list(pcnId)).toHaveLength(0);
      await setup.addPractices(pcnId, admin, many.slice(0, MAX_PRACTICES_AT_ONCE));
      expect(await store.practices.list(pcnId)).toHaveLength(MAX_PRACTICES_AT_ONCE);
    });

    it('when two admins add lists sharing a code at the same moment, then one list is stored whole and the other not at all', async () => {
      const other = Array.from({ length: 5 }, (_, i) => line(i + 6, { name: `Other ${i}` }));

      const results = await Promise.allSettled([
        setup.addPractices(pcnId, admin, seven),
        setup.addPractices(pcnId, admin, other),
      ]);

      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const stored = await store.practices.list(pcnId);
      expect([7, 5]).toContain(stored.length);
      expect(Object.keys((await store.pcns.get(pcnId))?.odsCodes ?? {})).toHaveLength(stored.length);
    });

    it('when a non-admin adds a list, or an admin adds an empty one, then it is refused and nothing is written', async () => {
      await expect(setup.addPractices(pcnId, member, seven)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(setup.addPractices(pcnId, admin, [])).rejects.toBeInstanceOf(ValidationError);
      expect(await store.practices.list(pcnId)).toHaveLength(0);
    });

    it("when an admin sets a new practice's leads, then only its leads change; a non-admin is refused", async () => {
      const [first] = await setup.addPractices(pcnId, admin, seven);

      await setup.setLeads(pcnId, admin, first.practiceId, [lead]);
      await expect(setup.setLeads(pcnId, member, first.practiceId, [member])).rejects.toBeInstanceOf(ForbiddenError);

      expect(await store.practices.get(pcnId, first.practiceId)).toMatchObject({ ...first, leads: [lead] });
      await expect(setup.setLeads(pcnId, admin, 'gone', [lead])).rejects.toBeInstanceOf(NotFoundError);
    });
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

describe('checking typed practices with the NHS directory (the ODS stand-in over HTTP)', () => {
  let ods: OdsStandIn;
  let closed: boolean;
  beforeEach(async () => {
    ods = await startOdsStandIn();
    closed = false;
  });
  afterEach(() => (closed ? undefined : ods.close()));
  /** Makes ODS unreachable: nothing listens on its port any more. */
  const unplug = async () => {
    closed = true;
    await ods.close();
  };

  const directory = (enabled = true) => new OdsClient({ baseUrl: ods.url, enabled, logger: silentLogger() });
  const listed = (text: string, line = 1): ListedPractice => {
    const [name, odsCode] = text.includes(',') ? text.split(', ') : [undefined, text];
    return { line, text, odsCode, ...(name ? { name } : {}) };
  };

  it("when only a code is typed, then the name is the directory's; a typed name stands", async () => {
    const answers = await checkWithDirectory(directory(), true, [
      { odsCode: 'B82005' },
      { name: 'Castle Surgery', odsCode: 'B82010' },
    ]);

    expect(answers).toEqual([
      { kind: 'named', name: 'Riverside Medical Centre' },
      { kind: 'named', name: 'Castle Surgery' },
    ]);
  });

  it('when a code is a walk-in centre or a PCN, then it is refused, typed name or not; an unknown code needs a name', async () => {
    const answers = await checkWithDirectory(directory(), true, [
      { name: 'Walk-in', odsCode: 'Y02020' },
      { odsCode: STAND_IN_PCN },
      { odsCode: 'B82123' },
      { name: 'Hill Surgery', odsCode: 'B82124' },
    ]);

    expect(answers).toEqual([
      { kind: 'notGpPractice', odsName: 'Leeds City NHS Walk-in Centre' },
      { kind: 'notGpPractice', odsName: 'Riverside and Castle PCN' },
      { kind: 'needsName', notInDirectory: true },
      { kind: 'named', name: 'Hill Surgery' },
    ]);
  });

  it.each([
    ['busy (429 twice)', (s: OdsStandIn) => s.rateLimitNext(2, '0')],
    ['unreachable', () => unplug()],
    ['answering what it never documented', () => undefined, STAND_IN_BROKEN],
  ])(
    'when ODS is %s, then it is asked once, typed names stand and a code alone needs a name',
    async (_label, make, code = 'B82005') => {
      await make(ods);

      const answers = await checkWithDirectory(directory(), true, [
        { odsCode: code },
        { name: 'Castle Surgery', odsCode: 'Y02020' },
        { odsCode: 'B82010' },
      ]);

      expect(answers).toEqual([
        { kind: 'needsName', notInDirectory: false },
        { kind: 'named', name: 'Castle Surgery' },
        { kind: 'needsName', notInDirectory: false },
      ]);
      expect(new Set(ods.requests.map((r) => r.url)).size).toBeLessThanOrEqual(1);
    },
  );

  it('when look-ups are off, then nothing is asked and only typed names count', async () => {
    const answers = await checkWithDirectory(directory(false), false, [
      { odsCode: 'B82005' },
      { name: 'Walk-in', odsCode: 'Y02020' },
    ]);

    expect(answers).toEqual([
      { kind: 'needsName', notInDirectory: false },
      { kind: 'named', name: 'Walk-in' },
    ]);
    expect(ods.requests).toEqual([]);
  });

  it("when a PCN's code is alone on a line, then its practices take its place, less those in the PCN or the list", async () => {
    const list = [listed('Hill Surgery, B82124', 1), listed(STAND_IN_PCN, 3), listed('B82010', 4)];

    const expanded = await expandPcns(directory(), list, (code) => code === 'B82005');

    expect(expanded).toEqual({
      lines: [
        { text: 'Hill Surgery, B82124', name: 'Hill Surgery', odsCode: 'B82124' },
        { text: 'B82010', odsCode: 'B82010' },
      ],
      pcns: [{ odsCode: STAND_IN_PCN, added: 0, left: 2 }],
    });
    expect(await expandPcns(directory(), [listed(STAND_IN_PCN)], () => false)).toEqual({
      lines: [
        { text: 'Castle Medical Group (The), B82010', name: 'Castle Medical Group (The)', odsCode: 'B82010' },
        { text: 'Riverside Medical Centre, B82005', name: 'Riverside Medical Centre', odsCode: 'B82005' },
      ],
      pcns: [{ odsCode: STAND_IN_PCN, added: 2, left: 0 }],
    });
  });

  it('when no line is a PCN the directory knows, then there is nothing to expand', async () => {
    expect(await expandPcns(directory(), [listed('B82005'), listed('U99999', 2), listed('Hill, U12345', 3)], () => false)).toBe(
      undefined,
    );
  });

  it("when ODS cannot answer for a PCN's code, then the admin is asked to type the practices, naming the line", async () => {
    await unplug();

    await expect(expandPcns(directory(), [listed('B82005'), listed(STAND_IN_PCN, 2)], () => false)).rejects.toMatchObject({
      userMessage:
        "Line 2: I couldn't get the practices of U12345 from the NHS directory just now. Type each practice's name and ODS code instead.",
    });
  });
});
