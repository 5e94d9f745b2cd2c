import { renderQuickCheckCard } from '../../cards/quick-check';
import { renderAnsweredCard } from '../../cards/quick-check-answered';
import { QUICK_CHECK_LABELS, QuickCheckSubmitInput } from '../../cards/quick-check-inputs';
import { validationErrorFrom } from '../../services/domain';
import { renderResultsCard } from '../../cards/results';
import { Verbs } from '../../cards/verbs';
import { QUESTIONS, QUICK_CHECK_TITLE } from '../../services/domain/questions';
import { cardText } from './quick-check-fixture';

/** Element and input types that exist in Adaptive Cards 1.2, which the Teams mobile app renders. */
const V12_ELEMENTS = new Set([
  'TextBlock',
  'Container',
  'ColumnSet',
  'Column',
  'FactSet',
  'Image',
  'Input.ChoiceSet',
  'Input.Text',
  'ActionSet',
]);

function elements(node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) node.forEach((n) => elements(n, out));
  else if (node && typeof node === 'object') {
    const n = node as Record<string, unknown>;
    if (typeof n.type === 'string') out.push(n);
    Object.entries(n).forEach(([k, v]) => k !== 'fallback' && elements(v, out));
  }
  return out;
}

const form = (over = {}) =>
  renderQuickCheckCard({
    practiceName: 'Riverside Surgery',
    quarterLabel: 'January to March 2027',
    roundId: '2027-Q1',
    practiceId: 'p-1',
    pcnId: 'tenant-1:group-1',
    closesLabel: 'Wednesday 31 March 2027',
    ...over,
  });

describe('the quick check card', () => {
  it('when rendered, then it carries the practice, quarter, title and the four questions word for word', () => {
    const text = cardText(form());
    expect(text).toContain('Riverside Surgery: quick check for January to March 2027');
    expect(text).toContain(QUICK_CHECK_TITLE);
    for (const q of QUESTIONS) expect(text).toContain(`${q.number}. ${q.text}`);
  });

  it('when rendered, then each answer is a required, labelled Yes/No choice with an error message', () => {
    const choices = elements(form()).filter((e) => e.type === 'Input.ChoiceSet');
    expect(choices.map((c) => c.id)).toEqual(['strategy', 'managed', 'impact', 'value']);
    for (const c of choices) {
      expect(c).toMatchObject({
        style: 'expanded',
        isRequired: true,
        label: expect.any(String),
        errorMessage: expect.stringMatching(/Yes or No/),
      });
      expect(c.choices).toEqual([
        { title: 'Yes', value: 'yes' },
        { title: 'No', value: 'no' },
      ]);
    }
    expect(elements(form()).find((e) => e.id === 'comment')).toMatchObject({
      type: 'Input.Text',
      isMultiline: true,
      maxLength: 1000,
    });
  });

  it('when rendered, then Submit is Action.Execute (1.4) falling back to Action.Submit with the same data, and the body is 1.2', () => {
    const card = form();
    const [submit] = card.actions as Record<string, unknown>[];
    const data = { verb: Verbs.quickCheckSubmit, roundId: '2027-Q1', practiceId: 'p-1', pcnId: 'tenant-1:group-1' };
    expect(card.version).toBe('1.4');
    expect(card.fallbackText).toMatch(/Riverside Surgery/);
    expect(submit).toMatchObject({
      type: 'Action.Execute',
      verb: Verbs.quickCheckSubmit,
      data,
      fallback: { type: 'Action.Submit', data },
    });
    expect(elements(card.body).filter((e) => !V12_ELEMENTS.has(String(e.type)))).toEqual([]);
  });

  it('when everything is at its longest, then the card is still well under 28 KB', () => {
    const card = form({
      practiceName: 'W'.repeat(100),
      comment: 'c'.repeat(1000),
      answers: { strategy: 'no', managed: 'no', impact: 'no', value: 'no' },
      openActions: Array.from({ length: 12 }, (_, i) => `${i}. Something (No in October to December 2026)`),
      notice: 'n'.repeat(300),
    });
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(14 * 1024);
  });

  it('when a practice name holds template syntax, then it is shown as typed, not evaluated', () => {
    const text = cardText(form({ practiceName: '${pcnId} Surgery' }));
    expect(text).toContain('${pcnId} Surgery: quick check');
  });

  it('when pre-filled for "Change answers", then the choices and comment hold the current answers', () => {
    const card = form({ answers: { strategy: 'yes', managed: 'no', impact: 'yes', value: 'no' }, comment: 'Short-staffed.' });
    const values = elements(card)
      .filter((e) => e.type === 'Input.ChoiceSet')
      .map((c) => c.value);
    expect(values).toEqual(['yes', 'no', 'yes', 'no']);
    expect(elements(card).find((e) => e.id === 'comment')?.value).toBe('Short-staffed.');
  });
});

it('when one template renders cards in turn, then nothing of one card carries into the next', () => {
  const filled = form({ practiceName: 'Hillside', notice: 'Answer question 2.', answers: { strategy: 'no' }, comment: 'Busy.' });
  const plain = form({ practiceName: 'Lakeside' });
  expect(cardText(filled)).toContain('Answer question 2.');
  expect(cardText(plain)).not.toContain('Answer question 2.');
  expect(cardText(plain)).not.toContain('Hillside');
  expect(elements(plain).find((e) => e.id === 'comment')?.value).toBe('');
  expect(
    elements(plain)
      .filter((e) => e.type === 'Input.ChoiceSet')
      .map((c) => c.value),
  ).toEqual(['', '', '', '']);
  expect(form({ practiceName: 'Hillside', notice: 'Answer question 2.', answers: { strategy: 'no' }, comment: 'Busy.' })).toEqual(
    filled,
  );
});

describe('the answered card', () => {
  const view = {
    practiceName: 'Riverside Surgery',
    quarterLabel: 'January to March 2027',
    roundId: '2027-Q1',
    practiceId: 'p-1',
    pcnId: 'tenant-1:group-1',
    answers: { strategy: 'yes', managed: 'no', impact: 'yes', value: 'yes' } as const,
    answeredBy: 'Priya Shah',
    answeredAtLabel: 'Monday 4 January 2027, 09:30',
    changes: 1,
    closesLabel: 'Wednesday 31 March 2027',
  };

  it('when open, then it shows the answers, who and when, the rule, and "Change answers"', () => {
    const card = renderAnsweredCard({ ...view, state: 'open' });
    const text = cardText(card);
    expect(text).toContain('Answered by Priya Shah on Monday 4 January 2027, 09:30 (changed once).');
    expect(text).toContain('Answered no to any question? Consider making some changes');
    expect(text).toMatch(/2\. Is social media constantly managed, monitored, and kept up to date\?\nNo/);
    expect(card.actions).toEqual([
      expect.objectContaining({ type: 'Action.Execute', title: 'Change answers', verb: Verbs.quickCheckChange }),
    ]);
  });

  it('when closed, then it says so and offers no change', () => {
    const card = renderAnsweredCard({ ...view, state: 'closed' });
    expect(cardText(card)).toContain('This quick check closed at the end of Wednesday 31 March 2027.');
    expect(card.actions ?? []).toEqual([]);
  });
});

describe('the results card', () => {
  it('when a PCN has twelve practices, then the grid stays under 28 KB and uses only 1.2 elements in its body', () => {
    const card = renderResultsCard({
      pcnName: 'Big PCN',
      quarterLabel: 'January to March 2027',
      statusLine: 'Open until the end of Wednesday 31 March 2027.',
      headers: QUESTIONS.map((q) => q.short),
      answeredCount: 10,
      practiceCount: 12,
      rows: Array.from({ length: 12 }, (_, i) => ({
        practice: `Practice ${i} with a long name`,
        cells: ['yes', 'no', 'none', 'yes'] as const,
        change: '+1 Yes',
      })),
      actions: Array.from({ length: 30 }, (_, i) => `Practice ${i}: 2. Managed (No in January to March 2027)`),
      previousQuarterId: '2026-Q4',
    });
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
    expect(elements(card.body).filter((e) => !V12_ELEMENTS.has(String(e.type)))).toEqual([]);
    expect(cardText(card)).toContain('10 of 12 practices answered');
  });
});

describe('quick check inputs', () => {
  const good = {
    verb: Verbs.quickCheckSubmit,
    roundId: '2027-Q1',
    practiceId: 'p-1',
    strategy: 'yes',
    managed: 'no',
    impact: 'yes',
    value: 'yes',
  };
  const problem = (data: object) => {
    const parsed = QuickCheckSubmitInput.safeParse(data);
    return parsed.success ? undefined : validationErrorFrom(parsed.error, QUICK_CHECK_LABELS).userMessage;
  };

  it('when the answers are right, then they pass with an empty comment dropped and a long one trimmed', () => {
    expect(QuickCheckSubmitInput.parse({ ...good, comment: '' }).comment).toBeUndefined();
    expect(QuickCheckSubmitInput.parse({ ...good, comment: `  ${'x'.repeat(1000)}  ` }).comment).toHaveLength(1000);
  });

  it.each([
    ['a value other than yes or no', { ...good, managed: 'maybe' }, 'Question 2: the answer must be Yes or No.'],
    ['a missing answer', { ...good, value: undefined }, 'Question 4: please choose Yes or No.'],
    ['an extra field', { ...good, admin: true }, 'That submission had fields this card never sends'],
    ['a huge comment', { ...good, comment: 'x'.repeat(1001) }, 'Comment: please keep it to 1000 characters.'],
    ['a tampered round', { ...good, roundId: "2027-Q1' OR 1=1" }, 'This quick check is not a quick check I know'],
    ['a tampered practice', { ...good, practiceId: '../other' }, 'The practice on this card is not a practice I know'],
    ['an answer that is not text', { ...good, strategy: ['yes'] }, 'Question 1: the answer must be Yes or No.'],
  ])('when the submission has %s, then it is refused with a clear reason', (_label, data, message) => {
    expect(problem(data)).toContain(message);
  });
});
