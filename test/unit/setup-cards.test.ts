import type { AdaptiveCard } from '../../cards/expand';
import { renderSetupCard, type SetupPerson, type SetupPractice, type SetupView } from '../../cards/setup';
import { type AddPracticeView, renderAddPracticeCard } from '../../cards/setup-add';
import { typedNewPractice, typedPractice, typedSettings } from '../../cards/setup-inputs';
import { type PracticeEditView, renderPracticeEditCard } from '../../cards/setup-practice';
import { renderSettingsCard, type SettingsView } from '../../cards/setup-settings';
import { type LeadsView, renderLeadsCard } from '../../cards/setup-leads';
import { renderSeveralPracticesCard, type SeveralPracticesView } from '../../cards/setup-several';
import { Verbs } from '../../cards/verbs';
import { cardParts, cardText } from '../support/card-text';

const GIVEN = [
  'Olivia',
  'Mohammed',
  'Siobhan',
  'Chukwuemeka',
  'Aleksandra',
  'Rhiannon',
  'Oluwaseun',
  'Eleanor',
  'Gurpreet',
  'Thomas',
];
const FAMILY = [
  'Fitzgerald-Hughes',
  'Ramaswamy',
  'Okonkwo',
  'MacLeod',
  'Wójcik',
  'Thompson',
  'Abdirahman',
  'Llewellyn',
  'Chowdhury',
  'Kowalczyk',
  'Richardson',
  'Nakamura',
  'Edwards',
  'Ferreira',
  'Gallagher',
  'Hussain',
  'Ivanova',
  'Johnston',
  'Kaur',
  'Lindqvist',
  'Morrison',
  'Nwachukwu',
  'Oyelaran',
  'Papadopoulos',
  'Quinn',
  'Robertson',
  'Szymańska',
  'Templeton',
  'Underwood',
  'Vasquez',
];

/** A whole PCN's staff in its team: `count` people with distinct, realistic names and 36-character Entra ids. */
function teamOf(count: number): SetupPerson[] {
  return Array.from({ length: count }, (_, i) => ({
    aadObjectId: `${(0x3f2a0000 + i).toString(16)}-9c41-4e7b-8a2d-${(0x5e0b00000000 + i * 7919).toString(16)}`,
    name: `${GIVEN[i % GIVEN.length]} ${FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]}`,
  }));
}

function practicesFor(team: readonly SetupPerson[], count: number): SetupPractice[] {
  return Array.from({ length: count }, (_, i) => ({
    practiceId: `7d0c${String(i).padStart(4, '0')}-1b2e-4f60-9a7c-3e5d8f1a2b4c`,
    name: `${FAMILY[i]} Road Medical Centre and Family Practice`,
    odsCode: `Y9${String(1000 + i)}`,
    leads: team.slice(10 + 2 * i, 12 + 2 * i),
  }));
}

const team = teamOf(300);
const practices = practicesFor(team, 12);
const admins = team.slice(0, 2);
const PCN_NAME = 'Riverside Health PCN';
const GENERAL = { id: '19:general', name: 'General' };
const SOCIAL = { id: '19:social', name: 'Social media' };

const mainCard = (over: Partial<SetupView> = {}) =>
  renderSetupCard({ pcnName: PCN_NAME, channel: GENERAL, admins, practices, ...over });

const editCard = (over: Partial<PracticeEditView> = {}) =>
  renderPracticeEditCard({ pcnName: PCN_NAME, practice: practices[3], roster: team, ...over });

const addCard = (over: Partial<AddPracticeView> = {}) => renderAddPracticeCard({ pcnName: PCN_NAME, roster: team, ...over });

const settingsCard = (over: Partial<SettingsView> = {}) =>
  renderSettingsCard({ pcnName: PCN_NAME, channel: GENERAL, channels: [SOCIAL], admins, roster: team, ...over });

const severalCard = (over: Partial<SeveralPracticesView> = {}) =>
  renderSeveralPracticesCard({ pcnName: PCN_NAME, lookup: false, ...over });

const leadsCard = (over: Partial<LeadsView> = {}) =>
  renderLeadsCard({
    pcnName: PCN_NAME,
    practice: { ...practices[4], leads: [] },
    roster: team,
    queue: practices.slice(5, 7).map((p) => p.practiceId),
    total: 7,
    ...over,
  });

const bytes = (card: AdaptiveCard) => Buffer.byteLength(JSON.stringify(card));
const kb = (card: AdaptiveCard) => `${(bytes(card) / 1024).toFixed(1)} KB`;

const choiceSets = (card: AdaptiveCard) => cardParts(card).filter((e) => e.type === 'Input.ChoiceSet');
/** Choice sets offering at least `size` people: a copy of the team's roster. */
const rosterLists = (card: AdaptiveCard, size = team.length) =>
  choiceSets(card).filter((c) => Array.isArray(c.choices) && c.choices.length >= size);
/** How many times a person's id appears anywhere in the card, fallbacks included. */
const mentions = (card: AdaptiveCard, person: SetupPerson) => JSON.stringify(card).split(person.aadObjectId).length - 1;
const button = (card: AdaptiveCard, title: string) => cardParts(card).filter((e) => e.title === title);
const input = (card: AdaptiveCard, id: string) => cardParts(card).find((e) => e.id === id);

/** The kinds of element in a card, actions aside, each once, sorted. */
const elementKinds = (card: unknown) =>
  [...new Set(cardParts(card).map((e) => String(e.type)))].filter((t) => !t.startsWith('Action.')).sort();

/**
 * The card declares 1.4 (for Action.Execute), every Action.Execute falls back
 * to an Action.Submit with the same data, and it uses only the elements
 * listed: all in Adaptive Cards 1.2, which the Teams mobile app renders. A new
 * kind of element fails here until someone checks it renders on mobile.
 */
function expectMobileSafe(card: AdaptiveCard, kinds: readonly string[]): void {
  expect(card.version).toBe('1.4');
  expect(elementKinds(card)).toEqual([...kinds].sort());
  for (const action of cardParts(card).filter((e) => e.type === 'Action.Execute')) {
    expect(action.fallback).toMatchObject({ type: 'Action.Submit', title: action.title, data: action.data });
  }
}

/** A button that only swaps the card: its verb, and no inputs sent. */
const swapsTo = (verb: string) =>
  expect.objectContaining({ type: 'Action.Execute', verb, associatedInputs: 'none', data: { verb } });

describe('the set-up cards for a PCN whose team holds all its practice staff (1,000 people, 12 practices)', () => {
  const bigTeam = teamOf(1000);
  const bigPractices = practicesFor(bigTeam, 12);
  const someone = bigTeam[999];
  const big = { roster: bigTeam, admins: bigTeam.slice(0, 2) };
  const cards = {
    main: mainCard({ admins: big.admins, practices: bigPractices }),
    addPractice: addCard(big),
    channelAndAdmins: settingsCard(big),
    editPractice: editCard({ ...big, practice: bigPractices[3] }),
  };

  afterAll(() => {
    // The sizes, for the record (Teams refuses cards of about 100 KB).
    process.stdout.write(
      `Set-up card sizes, 1,000 people and 12 practices: ${Object.entries(cards)
        .map(([name, card]) => `${name} ${kb(card)}`)
        .join(', ')}\n`,
    );
  });

  it('when the main set-up card is rendered, then it lists no one from the team and is under 30 KB', () => {
    const card = cards.main;

    expect(choiceSets(card)).toEqual([]);
    expect(mentions(card, someone)).toBe(0);
    expect(bytes(card)).toBeLessThan(30 * 1024);
  });

  it.each([['addPractice'], ['channelAndAdmins'], ['editPractice']] as const)(
    'when the %s card is rendered, then it lists the team once and stays under the 100 KB Teams allows',
    (name) => {
      const card = cards[name];

      expect(rosterLists(card, bigTeam.length)).toHaveLength(1);
      expect(mentions(card, someone)).toBe(1);
      expect(bytes(card)).toBeLessThan(100 * 1024);
    },
  );
});

describe('the main set-up card', () => {
  it('when rendered, then each practice shows its name, ODS code and leads as text, with an Edit button carrying its id', () => {
    const card = mainCard();
    const text = cardText(card);
    const edits = button(card, 'Edit');

    expect(text).toContain('Practices (12)');
    expect(text).toContain(`${practices[0].name} (Y91000)`);
    expect(text).toContain(`Leads: ${practices[0].leads.map((l) => l.name).join(', ')}`);
    expect(edits).toHaveLength(12);
    edits.forEach((edit, i) =>
      expect(edit).toMatchObject({
        type: 'Action.Execute',
        verb: Verbs.editPractice,
        associatedInputs: 'none',
        data: { verb: Verbs.editPractice, practiceId: practices[i].practiceId },
      }),
    );
  });

  it('when rendered, then it shows the channel and admins as text, with buttons that open "Add a practice" and "Channel and admins"', () => {
    const card = mainCard();
    const text = cardText(card);

    expect(text).toContain('General');
    expect(text).toContain(admins.map((a) => a.name).join(', '));
    expect(button(card, 'Add a practice')).toEqual([swapsTo(Verbs.newPractice)]);
    expect(button(card, 'Change channel and admins')).toEqual([swapsTo(Verbs.editSettings)]);
    expect(cardParts(card).filter((e) => String(e.type).startsWith('Input.') || e.type === 'Action.ShowCard')).toEqual([]);
  });

  it('when rendered, then it keeps to 1.2 elements, and every Action.Execute falls back to Action.Submit with the same data', () => {
    expectMobileSafe(mainCard(), ['AdaptiveCard', 'TextBlock', 'ActionSet', 'ColumnSet', 'Column']);
  });

  it('when rendered, then "Add a practice" and "Add several practices" are the first buttons, above the practices, and channel and admins come last', () => {
    const card = mainCard();
    const titles = cardParts(card)
      .filter((e) => String(e.type).startsWith('Action.'))
      .map((e) => e.title);
    const body = JSON.stringify(card.body);

    expect(titles.slice(0, 2)).toEqual(['Add a practice', 'Add several practices']);
    expect(titles.at(-1)).toBe('Change channel and admins');
    expect(button(card, 'Add several practices')).toEqual([swapsTo(Verbs.newPractices)]);
    expect(body.indexOf('Add several practices')).toBeLessThan(body.indexOf(practices[0].name));
  });

  it('when there are no practices, then it says how to add them, one or several', () => {
    expect(cardText(mainCard({ practices: [] }))).toContain(
      'No practices yet. Add them one at a time, or paste a list with "Add several practices".',
    );
  });

  it("when it shows what was just done, then the line is bold default text (Teams' green is too faint to read); a problem is red", () => {
    const notice = (kind: 'success' | 'error') =>
      cardParts(mainCard({ notice: { text: 'Something happened.', kind } })).find((e) => e.text === 'Something happened.');

    expect(notice('success')).toMatchObject({ weight: 'Bolder', color: 'Default' });
    expect(notice('error')).toMatchObject({ weight: 'Bolder', color: 'Attention' });
  });
});

describe('the "Add several practices" card', () => {
  it('when opened, then it explains the format in one line with an example, above one empty multi-line box', () => {
    const card = severalCard();
    const text = cardText(card);

    expect(text).toContain('Add several practices');
    expect(text).toContain(`To ${PCN_NAME}`);
    expect(text).toContain('One practice a line, its name and ODS code: for example Riverside Surgery, B82005');
    expect(text).not.toContain('U and five digits');
    expect(choiceSets(card)).toEqual([]);
    expect(input(card, 'newPractices')).toMatchObject({
      type: 'Input.Text',
      label: 'Practices',
      isMultiline: true,
      value: '',
      maxLength: 4000,
      isRequired: true,
    });
  });

  it("when ODS look-ups are on, then it also says a code alone, or the PCN's code, will do", () => {
    expect(cardText(severalCard({ lookup: true }))).toContain(
      "The ODS code alone will do: I look the name up. Your PCN's ODS code (U and five digits) lists its practices.",
    );
  });

  it('when opened, then "Add practices" sends the box with its verb, "Back to setup" sends none, and it keeps to 1.2 elements', () => {
    const card = severalCard();

    expect(button(card, 'Add practices')).toEqual([
      expect.objectContaining({ type: 'Action.Execute', verb: Verbs.addPractices, data: { verb: Verbs.addPractices } }),
    ]);
    expect(button(card, 'Back to setup')).toEqual([swapsTo(Verbs.showSetup)]);
    expectMobileSafe(card, ['AdaptiveCard', 'TextBlock', 'Input.Text']);
  });

  it('when shown again after a refusal, then the list comes back as typed (template syntax too) with the line to fix in red', () => {
    const list = 'Riverside Surgery, B82005\n${pcnName} Surgery, B8200';
    const card = severalCard({
      list,
      notice: { kind: 'error', text: 'Line 2: ODS code must be a letter followed by five digits.' },
    });

    expect(input(card, 'newPractices')?.value).toBe(list);
    expect(cardParts(card).find((e) => String(e.text).startsWith('Line 2:'))).toMatchObject({ color: 'Attention' });
  });
});

describe("a new practice's leads card (after adding several)", () => {
  const practice = practices[4];
  const id = practice.practiceId;

  it('when opened, then the practice is the title, it says which of the practices added it is, and the team is listed once', () => {
    const card = leadsCard();

    expect(cardText(card)).toContain(`${practice.name} (${practice.odsCode})`);
    expect(cardText(card)).toContain(`Choose its leads: practice 5 of the 7 you added to ${PCN_NAME}.`);
    expect(input(card, `leads_${id}`)).toMatchObject({
      type: 'Input.ChoiceSet',
      label: 'Practice leads',
      isMultiSelect: true,
      value: '',
    });
    expect(rosterLists(card)).toHaveLength(1);
  });

  it('when practices are still to go, then "Save and next" carries them; on the last it is "Save and finish"', () => {
    const queue = practices.slice(5, 7).map((p) => p.practiceId);

    expect(button(leadsCard(), 'Save and next')).toEqual([
      expect.objectContaining({
        type: 'Action.Execute',
        verb: Verbs.saveLeads,
        data: { verb: Verbs.saveLeads, practiceId: id, queue: queue.join(','), total: 7 },
      }),
    ]);
    expect(button(leadsCard({ queue: [] }), 'Save and finish')).toEqual([
      expect.objectContaining({ data: { verb: Verbs.saveLeads, practiceId: id, queue: '', total: 7 } }),
    ]);
    expect(cardText(leadsCard({ queue: [] }))).toContain('practice 7 of the 7');
    expect(button(leadsCard(), 'Back to setup')).toEqual([swapsTo(Verbs.showSetup)]);
    expectMobileSafe(leadsCard(), ['AdaptiveCard', 'TextBlock', 'Input.ChoiceSet']);
  });

  it('when shown again after a refusal, then it holds the people chosen who are in the team, and says what to fix', () => {
    const card = leadsCard({
      typed: [team[8].aadObjectId, 'not-in-team'],
      notice: { kind: 'error', text: 'Practice leads: one of the people chosen is not a member of this team.' },
    });

    expect(input(card, `leads_${id}`)?.value).toBe(team[8].aadObjectId);
    expect(cardText(card)).toContain('Practice leads: one of the people chosen is not a member of this team.');
  });

  it('when a team of 1,000 is listed, then the card stays under the 100 KB Teams allows', () => {
    expect(bytes(leadsCard({ roster: teamOf(1000) }))).toBeLessThan(100 * 1024);
  });
});

describe('the "Add a practice" card', () => {
  it('when opened, then it asks for the name, ODS code and leads, empty, with the team to choose from', () => {
    const card = addCard();

    expect(cardText(card)).toContain('Add a practice');
    expect(cardText(card)).toContain(`To ${PCN_NAME}`);
    expect(input(card, 'newName')).toMatchObject({ type: 'Input.Text', label: 'Practice name', value: '', maxLength: 100 });
    expect(input(card, 'newOds')).toMatchObject({ type: 'Input.Text', label: 'ODS code', value: '', maxLength: 6 });
    expect(input(card, 'newLeads')).toMatchObject({ type: 'Input.ChoiceSet', label: 'Practice leads', isMultiSelect: true });
    expect(input(card, 'newLeads')?.choices).toHaveLength(team.length);
  });

  it('when opened, then "Add practice" sends the inputs with the add verb, "Back to setup" sends none, and it keeps to 1.2 elements', () => {
    const card = addCard();

    expect(button(card, 'Add practice')).toEqual([
      expect.objectContaining({ type: 'Action.Execute', verb: Verbs.addPractice, data: { verb: Verbs.addPractice } }),
    ]);
    expect(button(card, 'Add practice')[0].associatedInputs).toBeUndefined();
    expect(button(card, 'Back to setup')).toEqual([swapsTo(Verbs.showSetup)]);
    expectMobileSafe(card, ['AdaptiveCard', 'TextBlock', 'Input.Text', 'Input.ChoiceSet']);
  });

  it('when shown again after a refusal, then it holds what was typed (cut to length, only people in the team) and says what to fix', () => {
    const typed = typedNewPractice({
      newName: 'N'.repeat(5000),
      newOds: 'Y9 100 extra',
      newLeads: `${team[50].aadObjectId},not-in-team,bad id;drop`,
    });
    const card = addCard({ typed, notice: 'ODS code must be a letter followed by five digits, for example B82005.' });

    expect(cardText(card)).toContain('ODS code must be a letter followed by five digits');
    expect(input(card, 'newName')?.value).toBe('N'.repeat(100));
    expect(input(card, 'newOds')?.value).toBe('Y9 100');
    expect(input(card, 'newLeads')?.value).toBe(team[50].aadObjectId);
  });

  it('when ODS look-ups are on, then the name may be left empty and says the NHS directory will give it', () => {
    expect(input(addCard({ lookup: true }), 'newName')).toMatchObject({
      isRequired: false,
      placeholder: 'Leave empty to use the name in the NHS directory',
    });
    expect(input(addCard(), 'newName')).toMatchObject({ isRequired: true, placeholder: 'For example, Riverside Surgery' });
  });

  it('when the name typed holds template syntax, then it is shown as typed, not evaluated', () => {
    const card = addCard({ typed: { name: '${pcnName} Surgery' } });

    expect(input(card, 'newName')?.value).toBe('${pcnName} Surgery');
  });
});

describe('the "Channel and admins" card', () => {
  it("when opened, then the current channel and admins are chosen, and the team's channels and people offered", () => {
    const card = settingsCard();

    expect(cardText(card)).toContain('Channel and admins');
    expect(input(card, 'postingChannel')).toMatchObject({
      type: 'Input.ChoiceSet',
      label: 'Channel the bot posts in',
      value: GENERAL.id,
      choices: [
        { title: 'General', value: GENERAL.id },
        { title: 'Social media', value: SOCIAL.id },
      ],
    });
    expect(input(card, 'admins')).toMatchObject({
      label: 'PCN admins',
      isMultiSelect: true,
      value: admins.map((a) => a.aadObjectId).join(','),
    });
  });

  it('when opened, then Save sends the inputs with the save verb, Back to setup sends none, and it keeps to 1.2 elements', () => {
    const card = settingsCard();

    expect(button(card, 'Save')).toEqual([
      expect.objectContaining({ type: 'Action.Execute', verb: Verbs.saveSettings, data: { verb: Verbs.saveSettings } }),
    ]);
    expect(button(card, 'Back to setup')).toEqual([swapsTo(Verbs.showSetup)]);
    expectMobileSafe(card, ['AdaptiveCard', 'TextBlock', 'Input.ChoiceSet']);
  });

  it('when the admins have left the team, then the admins picker still offers them, chosen', () => {
    const picker = input(settingsCard({ roster: team.slice(2) }), 'admins');

    expect(picker?.value).toBe(admins.map((a) => a.aadObjectId).join(','));
    expect(picker?.choices).toEqual(expect.arrayContaining(admins.map((a) => ({ title: a.name, value: a.aadObjectId }))));
  });

  it('when shown again after a refusal, then it holds what was chosen (only channels and people in the team) and says what to fix', () => {
    const chosen = settingsCard({
      typed: typedSettings({ postingChannel: SOCIAL.id, admins: `${team[7].aadObjectId},not-in-team,bad id` }),
      notice: 'PCN admins: one of the people chosen is not a member of this team.',
    });
    const elsewhere = settingsCard({ typed: typedSettings({ postingChannel: '19:elsewhere', admins: '' }) });

    expect(cardText(chosen)).toContain('PCN admins: one of the people chosen is not a member of this team.');
    expect(input(chosen, 'postingChannel')?.value).toBe(SOCIAL.id);
    expect(input(chosen, 'admins')?.value).toBe(team[7].aadObjectId);
    expect(input(elsewhere, 'postingChannel')?.value).toBe(GENERAL.id);
    expect(input(elsewhere, 'admins')?.value).toBe('');
  });
});

describe("a practice's edit card", () => {
  const practice = practices[3];
  const id = practice.practiceId;

  it('when opened, then it shows the practice name and ODS code, with the current leads chosen from the team', () => {
    const card = editCard();
    const inputs = cardParts(card);

    expect(cardText(card)).toContain(`Edit ${practice.name}`);
    expect(inputs.find((e) => e.id === `name_${id}`)).toMatchObject({ type: 'Input.Text', value: practice.name, maxLength: 100 });
    expect(inputs.find((e) => e.id === `ods_${id}`)).toMatchObject({ type: 'Input.Text', value: 'Y91003' });
    expect(inputs.find((e) => e.id === `leads_${id}`)).toMatchObject({
      type: 'Input.ChoiceSet',
      label: 'Practice leads',
      isMultiSelect: true,
      value: practice.leads.map((l) => l.aadObjectId).join(','),
    });
  });

  it('when opened, then Save, Remove and Back to setup carry the right verbs, and only Save sends the inputs', () => {
    const card = editCard();

    expect(button(card, 'Save practice')).toEqual([
      expect.objectContaining({ verb: Verbs.savePractice, data: { verb: Verbs.savePractice, practiceId: id } }),
    ]);
    expect(button(card, 'Remove practice')).toEqual([
      expect.objectContaining({
        verb: Verbs.removePractice,
        associatedInputs: 'none',
        data: { verb: Verbs.removePractice, practiceId: id },
      }),
    ]);
    expect(button(card, 'Back to setup')).toEqual([
      expect.objectContaining({ verb: Verbs.showSetup, associatedInputs: 'none', data: { verb: Verbs.showSetup } }),
    ]);
    expectMobileSafe(card, ['AdaptiveCard', 'TextBlock', 'Input.Text', 'Input.ChoiceSet']);
  });

  it('when a lead has left the team, then they are still offered and chosen, so saving does not drop them silently', () => {
    const card = editCard({ roster: team.filter((p) => p.aadObjectId !== practice.leads[0].aadObjectId) });
    const picker = choiceSets(card)[0];

    expect(picker.choices).toContainEqual({ title: practice.leads[0].name, value: practice.leads[0].aadObjectId });
    expect(picker.value).toBe(practice.leads.map((l) => l.aadObjectId).join(','));
  });

  it('when shown again after a refusal, then it holds what was typed (cut to length, only people in the team) and says what to fix', () => {
    const typedIn = typedPractice(
      {
        practiceId: id,
        [`name_${id}`]: 'N'.repeat(5000),
        [`ods_${id}`]: 'Y9 100 extra',
        [`leads_${id}`]: `${team[50].aadObjectId},not-in-team,bad id;drop`,
      },
      id,
    );
    const card = editCard({ typed: typedIn, notice: 'ODS code must be a letter followed by five digits, for example B82005.' });
    const inputs = cardParts(card);

    expect(cardText(card)).toContain('ODS code must be a letter followed by five digits');
    expect(cardText(card)).toContain(`Edit ${practice.name}`);
    expect(inputs.find((e) => e.id === `name_${id}`)?.value).toBe('N'.repeat(100));
    expect(inputs.find((e) => e.id === `ods_${id}`)?.value).toBe('Y9 100');
    expect(inputs.find((e) => e.id === `leads_${id}`)?.value).toBe(team[50].aadObjectId);
  });

  it('when a practice name holds template syntax, then it is shown as typed, not evaluated', () => {
    const card = editCard({ practice: { ...practice, name: '${pcnName} Surgery' } });

    expect(cardText(card)).toContain('Edit ${pcnName} Surgery');
  });
});
