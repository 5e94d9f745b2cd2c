/**
 * Setting up many practices at once, over real HTTP into the bot with a
 * loopback Teams connector: "Add several practices" (one box, one practice
 * a line), then each new practice's leads with "Save and next". With ODS
 * look-ups on, the NHS directory is the loopback stand-in
 * (test/support/ods-stand-in.ts), also made busy (429) and unreachable.
 */
import { Verbs } from '../../cards/verbs';
import {
  cardOf,
  cardText,
  type Harness,
  PCN_ID,
  PEOPLE,
  type Someone,
  startHarness,
  type InvokeBody,
} from '../support/bot-harness';
import { pressButton } from '../support/card-text';
import { type OdsStandIn, STAND_IN_PCN, startOdsStandIn } from '../support/ods-stand-in';
import { STORE_KINDS, useStore } from '../support/store-kinds';

const SEVEN = [
  'Riverside Surgery, Y90021',
  'Castle Medical Group\tY90022',
  'Y90023 - Hillside Practice',
  '',
  'Oak Tree Surgery - Y90024',
  'Y90025, Weir Lane Health Centre',
  "St John's Surgery (Y90026)",
  'Canal Street Practice, y90027',
].join('\n');
const SEVEN_NAMES = [
  'Riverside Surgery',
  'Castle Medical Group',
  'Hillside Practice',
  'Oak Tree Surgery',
  'Weir Lane Health Centre',
  "St John's Surgery",
  'Canal Street Practice',
];
/** A lead for each of the seven, from the team's four people. */
const LEADS = [PEOPLE.lead, PEOPLE.admin, PEOPLE.newcomer, PEOPLE.lead, PEOPLE.member, PEOPLE.newcomer, PEOPLE.lead];

/** Clicks and fields, as the Playground test counts them (test/e2e/playground-setup.test.ts). */
interface Steps {
  clicks: number;
  fields: number;
}

/** A few lines of the helpers every test here uses. */
function useSetup(h: () => Harness) {
  const press = async (who: Someone, card: unknown, title: string, typed: Record<string, string> = {}, steps?: Steps) => {
    const { verb, data } = pressButton(card, title, typed);
    if (steps) {
      steps.fields += Object.keys(typed).length;
      steps.clicks += 1;
    }
    const { body } = await h().invoke(who, verb, data);
    return body;
  };
  const postedSetupCard = async () => {
    await h().say(PEOPLE.admin, 'setup');
    return cardOf((await h().connector.waitFor((a) => cardText(cardOf(a.activity)).includes('Set up Riverside PCN'))).activity);
  };
  const openSeveral = async (steps?: Steps) =>
    (await press(PEOPLE.admin, await postedSetupCard(), 'Add several practices', {}, steps)).value;
  const addList = async (list: string, steps?: Steps) =>
    press(PEOPLE.admin, await openSeveral(steps), 'Add practices', { newPractices: list }, steps);
  const practices = () => h().store.practices.list(PCN_ID);
  const boxOf = (card: unknown) => pressButton(card, 'Add practices').data.newPractices;
  return { press, postedSetupCard, openSeveral, addList, practices, boxOf };
}

/** A card the bot answered with (an invoke's card), with its text. */
const shown = (body: InvokeBody) => {
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return cardText(body.value);
};

describe.each(STORE_KINDS)('adding several practices at once (%s store)', (kind) => {
  const storeEnv = useStore(kind);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ env: storeEnv() });
    await h.install();
  });
  afterEach(() => h.close());
  const { press, addList, practices } = useSetup(() => h);

  it('when an admin pastes seven practices and chooses a lead for each with "Save and next", then all are stored with their leads in 17 steps', async () => {
    const steps: Steps = { clicks: 0, fields: 0 };

    let answer = await addList(SEVEN, steps);
    expect(shown(answer)).toContain('Added 7 practices.');
    for (const [i, lead] of LEADS.entries()) {
      const text = shown(answer);
      const title = i < 6 ? 'Save and next' : 'Save and finish';
      expect(text).toContain(`practice ${i + 1} of the 7 you added to Riverside PCN`);
      const { practiceId } = pressButton(answer.value, title).data;
      expect(text).toContain((await practices()).find((p) => p.practiceId === practiceId)?.name);
      answer = await press(PEOPLE.admin, answer.value, title, { [`leads_${practiceId}`]: lead.aadObjectId }, steps);
    }

    const done = shown(answer);
    expect(done).toContain('Set up Riverside PCN');
    expect(done).toContain('Saved Canal Street Practice (Y90027), the last of the 7 practices you added.');
    expect(done).toContain('Practices (7)');
    const stored = await practices();
    expect(stored.map((p) => p.name).sort()).toEqual([...SEVEN_NAMES].sort());
    for (const [i, name] of SEVEN_NAMES.entries()) {
      expect(stored.find((p) => p.name === name)?.leads).toEqual([{ aadObjectId: LEADS[i].aadObjectId, name: LEADS[i].name }]);
    }
    expect(Object.keys((await h.store.pcns.get(PCN_ID))?.odsCodes ?? {}).sort()).toEqual(stored.map((p) => p.odsCode).sort());
    // Add several practices, the box, Add practices; then a lead and Save per practice.
    expect(steps).toEqual({ clicks: 9, fields: 8 });
  });

  it('when 30 practices are pasted, then all 30 are stored in one go; 31 are refused whole and nothing is stored', async () => {
    const lines = Array.from({ length: 31 }, (_, i) => `Practice number ${i + 1}, Y9${1000 + i}`);

    const refused = await addList(lines.join('\n'));
    expect(shown(refused)).toContain('You can add up to 30 practices at once, and this list has 31.');
    expect(await practices()).toHaveLength(0);

    const added = await addList(lines.slice(0, 30).join('\n'));
    expect(shown(added)).toContain('Added 30 practices.');
    expect(await practices()).toHaveLength(30);
  });
});

describe('adding several practices: what goes wrong (sqlite store)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.install();
  });
  afterEach(() => h.close());
  const { press, postedSetupCard, openSeveral, addList, practices, boxOf } = useSetup(() => h);

  it.each([
    [
      'a short code',
      'Riverside Surgery, Y90021\nCastle, Y9002\n',
      'Line 2: ODS code must be a letter followed by five digits, for example B82005.',
    ],
    [
      'no code',
      'Riverside Surgery, Y90021\n\nCastle Medical Group',
      'Line 3: add the practice\'s ODS code, for example "Riverside Surgery, B82005".',
    ],
    ['a code twice', 'Riverside Surgery, Y90021\nCastle, y90021', 'Line 2: Y90021 is on line 1 as well.'],
    [
      'a code alone (ODS look-ups are off)',
      'Riverside Surgery, Y90021\nY90022',
      'Line 2: add the practice\'s name before its code, for example "Riverside Surgery, B82005".',
    ],
  ])(
    'when the list has %s, then the card comes back naming the line, with the list as typed, and nothing is stored',
    async (_label, list, message) => {
      const refused = await addList(list);

      const text = shown(refused);
      expect(text).toContain('Add several practices');
      expect(text).toContain(message);
      expect(boxOf(refused.value)).toBe(list);
      expect(await practices()).toEqual([]);
    },
  );

  it('when a code in the list is already in the PCN, then its line and the practice using it are named, and nothing is stored', async () => {
    await h.invoke(PEOPLE.admin, Verbs.addPractice, { newName: 'Riverside Surgery', newOds: 'Y90022' });

    const refused = await addList('Castle Medical Group, Y90021\nRiverside again, Y90022');

    expect(shown(refused)).toContain('Line 2: Y90022 is already in this PCN, as Riverside Surgery.');
    expect(await practices()).toHaveLength(1);
  });

  it('when a non-admin presses "Add several practices", "Add practices" or "Save and next", then each is refused politely and nothing changes', async () => {
    const form = await openSeveral();
    const leadsCard = (
      await press(PEOPLE.admin, form, 'Add practices', { newPractices: 'Riverside Surgery, Y90021\nCastle, Y90022' })
    ).value;
    const before = await practices();

    const answers = [
      await press(PEOPLE.member, await postedSetupCard(), 'Add several practices'),
      await press(PEOPLE.member, form, 'Add practices', { newPractices: 'Sneaky Surgery, Y90029' }),
      await press(PEOPLE.member, leadsCard, 'Save and next', { [`leads_${before[1].practiceId}`]: PEOPLE.member.aadObjectId }),
    ];

    for (const answer of answers) {
      expect(answer.type).toBe('application/vnd.microsoft.activity.message');
      expect(String(answer.value)).toMatch(/Only a PCN admin can change the set-up/);
    }
    expect(await practices()).toEqual(before);
  });

  it('when a lead chosen is not in the team, then the same leads card comes back saying so and nothing is saved', async () => {
    const leadsCard = (await addList('Riverside Surgery, Y90021\nCastle Medical Group, Y90022')).value;
    const [riverside] = (await practices()).filter((p) => p.odsCode === 'Y90021');

    const refused = await press(PEOPLE.admin, leadsCard, 'Save and next', {
      [`leads_${riverside.practiceId}`]: 'aad-not-in-team',
    });

    expect(shown(refused)).toContain('Practice leads: one of the people chosen is not a member of this team.');
    expect(shown(refused)).toContain('Riverside Surgery (Y90021)');
    expect(pressButton(refused.value, 'Save and next').data.queue).toBe(pressButton(leadsCard, 'Save and next').data.queue);
    expect((await practices()).every((p) => p.leads.length === 0)).toBe(true);
  });

  it('when the next practice was removed meanwhile, then "Save and next" skips it; "Back to setup" leaves the rest without leads', async () => {
    const first = (await addList('Riverside Surgery, Y90021\nCastle Medical Group, Y90022\nHillside Practice, Y90023')).value;
    const castle = (await practices()).find((p) => p.odsCode === 'Y90022');
    await h.invoke(PEOPLE.admin, Verbs.removePractice, { practiceId: castle?.practiceId });

    const next = await press(PEOPLE.admin, first, 'Save and next');
    expect(shown(next)).toContain('Hillside Practice (Y90023)');
    expect(shown(next)).toContain('Saved Riverside Surgery (Y90021).');
    const back = await press(PEOPLE.admin, next.value, 'Back to setup');

    expect(shown(back)).toContain('Practices (2)');
    expect((await practices()).map((p) => p.leads)).toEqual([[], []]);
  });

  it('when an older Teams client sends "Add practices" as an Action.Submit, then the practices are added too', async () => {
    const form = await openSeveral();
    const { data } = pressButton(form, 'Add practices', { newPractices: 'Riverside Surgery, Y90021' });

    await h.submit(PEOPLE.admin, data);

    expect((await practices()).map((p) => p.name)).toEqual(['Riverside Surgery']);
  });
});

describe('with ODS look-ups on (the loopback ODS stand-in)', () => {
  let h: Harness;
  let ods: OdsStandIn;
  let odsClosed: boolean;
  beforeEach(async () => {
    ods = await startOdsStandIn();
    odsClosed = false;
    h = await startHarness({ env: { ODS_LOOKUP: '1', ODS_API_URL: ods.url } });
    await h.install();
  });
  afterEach(async () => {
    await h.close();
    if (!odsClosed) await ods.close();
  });
  const { press, postedSetupCard, addList, practices, boxOf } = useSetup(() => h);
  const addOne = async (typed: Record<string, string>) =>
    press(PEOPLE.admin, (await press(PEOPLE.admin, await postedSetupCard(), 'Add a practice')).value, 'Add practice', typed);

  it('when only ODS codes are pasted, then the names come from ODS and the leads card follows', async () => {
    const answer = await addList('b82005\nHill Top Surgery, B82010');

    expect(shown(answer)).toContain('Riverside Medical Centre (B82005)');
    expect((await practices()).map((p) => p.name).sort()).toEqual(['Hill Top Surgery', 'Riverside Medical Centre']);
  });

  it("when the PCN's code is pasted, then its practices come back in the box to check, nothing is stored, and adding them stores them", async () => {
    const offered = await addList(`Hill Top Surgery, Y90021\n${STAND_IN_PCN}`);

    expect(shown(offered)).toContain(
      `I have put the 2 practices of ${STAND_IN_PCN} from the NHS directory in the list. Check the list, then press Add practices.`,
    );
    expect(boxOf(offered.value)).toBe(
      'Hill Top Surgery, Y90021\nCastle Medical Group (The), B82010\nRiverside Medical Centre, B82005',
    );
    expect(await practices()).toEqual([]);

    const added = await press(PEOPLE.admin, offered.value, 'Add practices');
    expect(shown(added)).toContain('Added 3 practices.');
    expect((await practices()).map((p) => p.odsCode).sort()).toEqual(['B82005', 'B82010', 'Y90021']);
  });

  it('when a code is a walk-in centre, then it is refused plainly, on the list and on "Add a practice", and nothing is stored', async () => {
    const listed = await addList('Riverside, B82005\nWalk-in, Y02020');
    const single = await addOne({ newName: 'Walk-in', newOds: 'Y02020' });

    const walkIn = 'the NHS directory lists Y02020 as Leeds City NHS Walk-in Centre, which is not a GP practice.';
    expect(shown(listed)).toContain(`Line 2: ${walkIn}`);
    expect(shown(single)).toContain(`ODS code: ${walkIn}`);
    expect(await practices()).toEqual([]);
  });

  it('when "Add a practice" gets only an ODS code, then the name comes from ODS; an unknown code asks for the name', async () => {
    const unknown = await addOne({ newName: '', newOds: 'B82123' });
    const added = await addOne({ newName: '', newOds: 'b82005', newLeads: PEOPLE.lead.aadObjectId });

    expect(shown(unknown)).toContain(
      "Practice name: the NHS directory has no practice B82123. Check the code, or type the practice's name.",
    );
    expect(shown(added)).toContain('Added Riverside Medical Centre (B82005).');
    expect(await practices()).toEqual([
      expect.objectContaining({
        name: 'Riverside Medical Centre',
        odsCode: 'B82005',
        leads: [expect.objectContaining({ name: 'Priya Shah' })],
      }),
    ]);
  });

  it.each([
    ['busy (429 to every request)', async () => ods.rateLimitNext(1000, '0')],
    [
      'unreachable',
      async () => {
        odsClosed = true;
        await ods.close();
      },
    ],
  ])(
    'when ODS is %s, then typed names are added as with look-ups off, and a code alone asks for the name without alarm',
    async (_label, breakOds) => {
      await breakOds();

      const codeOnly = await addList('Riverside Surgery, B82005\nB82010');
      const single = await addOne({ newName: '', newOds: 'B82010' });
      const typed = await addList('Riverside Surgery, B82005\nCity Walk-in, Y02020');

      const alarms = /ODS|directory|busy|reach|try again|error/i;
      const refusalOf = (card: unknown) =>
        cardText(card)
          .split('\n')
          .find((line) => /^(Line \d+:|Practice name)/.test(line)) ?? '';
      expect(refusalOf(codeOnly.value)).toBe(
        'Line 2: add the practice\'s name before its code, for example "Riverside Surgery, B82005".',
      );
      expect(refusalOf(single.value)).toBe('Practice name is required.');
      expect(refusalOf(codeOnly.value)).not.toMatch(alarms);
      expect(shown(typed)).toContain('Added 2 practices.');
      expect((await practices()).map((p) => p.name).sort()).toEqual(['City Walk-in', 'Riverside Surgery']);
    },
  );
});
