import type { AdaptiveCard } from '../../cards/expand';
import { renderSetupCard, type SetupPerson, type SetupPractice, type SetupView } from '../../cards/setup';
import { typedPractice } from '../../cards/setup-inputs';
import { type PracticeEditView, renderPracticeEditCard } from '../../cards/setup-practice';
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
const ordinaryMember = team[299];

const mainCard = (over: Partial<SetupView> = {}) =>
  renderSetupCard({
    pcnName: 'Riverside Health PCN',
    channel: { id: '19:general', name: 'General' },
    channels: [{ id: '19:social', name: 'Social media' }],
    admins,
    roster: team,
    practices,
    ...over,
  });

const editCard = (over: Partial<PracticeEditView> = {}) =>
  renderPracticeEditCard({ pcnName: 'Riverside Health PCN', practice: practices[3], roster: team, ...over });

const bytes = (card: AdaptiveCard) => Buffer.byteLength(JSON.stringify(card));

const choiceSets = (card: AdaptiveCard) => cardParts(card).filter((e) => e.type === 'Input.ChoiceSet');
const rosterLists = (card: AdaptiveCard) =>
  choiceSets(card).filter((c) => Array.isArray(c.choices) && c.choices.length >= team.length);
const button = (card: AdaptiveCard, title: string) => cardParts(card).filter((e) => e.title === title);

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

describe('the set-up cards for a PCN whose team holds all its practice staff (300 people, 12 practices)', () => {
  it('when the main set-up card is rendered, then it is under 60 KB and lists the team at most twice', () => {
    const card = mainCard();

    expect(bytes(card)).toBeLessThan(60 * 1024);
    expect(rosterLists(card).length).toBeLessThanOrEqual(2);
    expect(JSON.stringify(card).split(ordinaryMember.aadObjectId).length - 1).toBeLessThanOrEqual(2);
  });

  it("when a practice's edit card is rendered, then it is under 60 KB and lists the team once", () => {
    const card = editCard();

    expect(bytes(card)).toBeLessThan(60 * 1024);
    expect(rosterLists(card)).toHaveLength(1);
  });
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
    expect(
      cardParts(card)
        .filter((e) => e.type === 'Action.ShowCard')
        .map((e) => e.title),
    ).toEqual(['Add a practice', 'Channel and admins']);
  });

  it('when rendered, then it keeps to 1.2 elements, and every Action.Execute falls back to Action.Submit with the same data', () => {
    expectMobileSafe(mainCard(), [
      'AdaptiveCard',
      'TextBlock',
      'FactSet',
      'Container',
      'ActionSet',
      'Input.Text',
      'Input.ChoiceSet',
    ]);
  });

  it('when the admins have left the team, then the admins picker still offers them, chosen', () => {
    const card = mainCard({ roster: team.slice(2) });
    const picker = choiceSets(card).find((c) => c.id === 'admins');

    expect(picker?.value).toBe(admins.map((a) => a.aadObjectId).join(','));
    expect(picker?.choices).toEqual(expect.arrayContaining(admins.map((a) => ({ title: a.name, value: a.aadObjectId }))));
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
