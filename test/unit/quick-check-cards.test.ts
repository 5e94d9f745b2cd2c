import { NO_LEAD_LINE, renderQuickCheckCard } from '../../cards/quick-check';
import { renderAnsweredCard } from '../../cards/quick-check-answered';
import { QUICK_CHECK_LABELS, QuickCheckSubmitInput } from '../../cards/quick-check-inputs';
import { validationErrorFrom } from '../../services/domain';
import { renderResultsCard } from '../../cards/results';
import { renderTrendCard } from '../../cards/results-trend';
import { Verbs } from '../../cards/verbs';
import { QUESTIONS, QUICK_CHECK_TITLE } from '../../services/domain/questions';
import type { ResultsView } from '../../services/domain';
import { cardParts } from '../support/card-text';
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

/** The elements a 1.2 client draws: a chart (which it cannot draw) is replaced by its fallback. */
function elements(node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) node.forEach((n) => elements(n, out));
  else if (node && typeof node === 'object') {
    const n = node as Record<string, unknown>;
    if (typeof n.type === 'string' && n.type.startsWith('Chart.')) {
      if (n.fallback === undefined || n.fallback === 'drop') out.push(n);
      else elements(n.fallback, out);
      return out;
    }
    if (typeof n.type === 'string') out.push(n);
    Object.entries(n).forEach(([k, v]) => k !== 'fallback' && elements(v, out));
  }
  return out;
}

/** Every chart in a card, with its fallback. */
function charts(card: object): Record<string, unknown>[] {
  return cardParts(card).filter((p) => String(p.type).startsWith('Chart.'));
}

const form = (over = {}) =>
  renderQuickCheckCard({
    practiceName: 'Riverside Surgery',
    quarterLabel: 'January to March 2027',
    roundId: '2027-Q1',
    practiceId: 'p-1',
    pcnId: 'tenant-1:group-1',
    closesLabel: 'Wednesday 31 March 2027',
    closesDayLabel: 'Wednesday 31 March',
    ...over,
  });

/** The TextBlocks of a card, as rendered (fallbacks left out). */
const textBlocks = (card: unknown) => cardParts(card).filter((p) => p.type === 'TextBlock');

const priya = { aadObjectId: 'aad-priya', name: 'Priya Shah' };
const tom = { aadObjectId: 'aad-tom', name: 'Tom Hughes' };

describe('the quick check card', () => {
  it('when rendered, then the practice is the title, the round and its closing day are one line, and the questions are word for word', () => {
    const card = form();
    const [title, round] = textBlocks(card);
    expect(title).toMatchObject({ text: 'Riverside Surgery', size: 'Large', weight: 'Bolder' });
    expect(round.text).toBe('January to March 2027 · closes Wednesday 31 March');
    const text = cardText(card);
    expect(text).toContain(QUICK_CHECK_TITLE);
    for (const q of QUESTIONS) expect(text).toContain(`${q.number}. ${q.text}`);
  });

  it('when rendered, then each question and its Yes/No choice share one row, with no label repeating the question', () => {
    const rows = cardParts(form()).filter((p) => p.type === 'ColumnSet' && JSON.stringify(p).includes('Input.ChoiceSet')) as {
      columns: { width: string; items: Record<string, unknown>[] }[];
    }[];
    expect(rows).toHaveLength(4);
    for (const [i, row] of rows.entries()) {
      const [question, answer] = row.columns;
      expect(question.width).toBe('stretch');
      expect(question.items).toEqual([expect.objectContaining({ type: 'TextBlock', text: `${i + 1}. ${QUESTIONS[i].text}` })]);
      expect(answer.width).toBe('auto');
      expect(answer.items).toHaveLength(1);
      expect(answer.items[0]).not.toHaveProperty('label');
    }
    expect(cardText(form())).not.toMatch(/Answer to question/);
  });

  it('when rendered, then each answer is a required Yes/No choice with an error message, and the comment is one optional line', () => {
    const choices = elements(form()).filter((e) => e.type === 'Input.ChoiceSet');
    expect(choices.map((c) => c.id)).toEqual(['strategy', 'managed', 'impact', 'value']);
    for (const c of choices) {
      expect(c).toMatchObject({
        style: 'expanded',
        isRequired: true,
        errorMessage: expect.stringMatching(/Yes or No/),
      });
      expect(c.choices).toEqual([
        { title: 'Yes', value: 'yes' },
        { title: 'No', value: 'no' },
      ]);
    }
    const comment = elements(form()).find((e) => e.id === 'comment');
    expect(comment).toMatchObject({ type: 'Input.Text', maxLength: 1000, placeholder: expect.stringMatching(/optional/) });
    expect(comment?.isMultiline).toBeFalsy();
  });

  it("when the channel card waits for the practice's leads, then each is @mentioned with a Teams mention entity", () => {
    const card = form({ mention: [priya, tom] });

    const line = textBlocks(card).find((t) => String(t.text).includes('<at>'));
    expect(line?.text).toBe('<at>Priya Shah</at>, <at>Tom Hughes</at>: please answer for your practice.');
    expect(card.msteams).toEqual({
      entities: [
        { type: 'mention', text: '<at>Priya Shah</at>', mentioned: { id: 'aad-priya', name: 'Priya Shah' } },
        { type: 'mention', text: '<at>Tom Hughes</at>', mentioned: { id: 'aad-tom', name: 'Tom Hughes' } },
      ],
    });
  });

  it('when the practice has no lead, then the card mentions nobody and says how to add one', () => {
    const card = form({ mention: [] });
    expect(card.msteams).toBeUndefined();
    expect(cardText(card)).toContain(NO_LEAD_LINE);
    expect(NO_LEAD_LINE).toBe('No practice lead yet: a PCN admin can add one with setup.');
    expect(JSON.stringify(card)).not.toContain('<at>');
  });

  it("when the card is a copy in a lead's own chat, then it mentions nobody", () => {
    const card = form();
    expect(card.msteams).toBeUndefined();
    expect(JSON.stringify(card)).not.toContain('<at>');
    expect(cardText(card)).not.toContain(NO_LEAD_LINE);
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
    expect(textBlocks(form({ practiceName: '${pcnId} Surgery' }))[0].text).toBe('${pcnId} Surgery');
    expect(text).not.toContain('tenant-1:group-1 Surgery');
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
    answeredAtLabel: 'Monday 4 January, 09:30',
    changes: 1,
    closesLabel: 'Wednesday 31 March 2027',
    closesDayLabel: 'Wednesday 31 March',
  };

  it('when open, then it shows the answers, who and when, the rule, and "Change answers"', () => {
    const card = renderAnsweredCard({ ...view, state: 'open' });
    const text = cardText(card);
    expect(textBlocks(card)[0].text).toBe('Riverside Surgery');
    expect(text).toContain('Answered by Priya Shah on Monday 4 January, 09:30 (changed once).');
    expect(text).toContain('Answered no to any question? Consider making some changes');
    expect(text).toMatch(/2\. Is social media constantly managed, monitored, and kept up to date\?\nNo/);
    expect(card.actions).toEqual([
      expect.objectContaining({ type: 'Action.Execute', title: 'Change answers', verb: Verbs.quickCheckChange }),
    ]);
  });

  it("when open, then each answer sits on its question's row: No in dark red, Yes in the default colour, bold", () => {
    const rows = cardParts(renderAnsweredCard({ ...view, state: 'open' })).filter((p) => p.type === 'ColumnSet') as {
      columns: { items: Record<string, unknown>[] }[];
    }[];
    const answers = rows.map((r) => r.columns[1].items[0]);
    expect(answers.map((a) => [a.text, a.color, a.weight])).toEqual([
      ['Yes', 'Default', 'Bolder'],
      ['No', 'Attention', 'Bolder'],
      ['Yes', 'Default', 'Bolder'],
      ['Yes', 'Default', 'Bolder'],
    ]);
    expect(JSON.stringify(renderAnsweredCard({ ...view, state: 'open' }))).not.toContain('<at>');
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

  it('when rendered, then the response rate is a donut beside the title, and a line of text where charts are not drawn', () => {
    const view: ResultsView = {
      pcnName: 'Riverside PCN',
      quarterLabel: 'Q4 2026/27 (January to March 2027)',
      statusLine: 'Open until the end of Wednesday 31 March 2027.',
      headers: QUESTIONS.map((q) => q.short),
      answeredCount: 3,
      practiceCount: 4,
      rows: [],
      actions: [],
    };
    const card = renderResultsCard(view);
    const [donut, ...others] = charts(card);
    expect(others).toEqual([]);
    expect(donut).toMatchObject({
      type: 'Chart.Donut',
      title: 'Response rate',
      data: [
        { legend: 'Answered (3)', value: 3, color: 'good' },
        { legend: 'Not answered yet (1)', value: 1, color: 'neutral' },
      ],
      fallback: { type: 'TextBlock', text: 'Response rate: 75% (3 of 4 practices answered).' },
    });
    expect(charts(renderResultsCard({ ...view, answeredCount: 0, practiceCount: 0 }))).toEqual([]);
  });
});

describe('the results card: full width, short headings, and Remind now for admins', () => {
  const view: ResultsView = {
    pcnName: 'Riverside PCN',
    quarterLabel: 'Q4 2026/27 (January to March 2027)',
    statusLine: 'Open until the end of Wednesday 31 March 2027.',
    headers: QUESTIONS.map((q) => q.short),
    answeredCount: 1,
    practiceCount: 3,
    rows: [
      { practice: 'Hillside Medical Centre', cells: ['none', 'none', 'none', 'none'], change: '–', practiceId: 'p-hill' },
      { practice: 'Riverside Surgery', cells: ['yes', 'no', 'yes', 'yes'], change: 'new this quarter' },
      { practice: 'Valley Practice', cells: ['none', 'none', 'none', 'none'], change: '–', practiceId: 'p-valley' },
    ],
    notAnswered: [
      { practiceId: 'p-hill', practice: 'Hillside Medical Centre', hasLead: true },
      { practiceId: 'p-valley', practice: 'Valley Practice', hasLead: false },
    ],
    actions: ['Riverside Surgery: 2. Managed (No in Q4 2026/27)'],
  };
  const buttons = (card: unknown) => cardParts(card).filter((p) => p.type === 'Action.Execute' && p.title === 'Remind now');

  it('when rendered, then it asks Teams for the full width, heads the questions by number and has a legend naming them', () => {
    const card = renderResultsCard(view);
    expect(card.msteams).toEqual({ width: 'Full' });
    // The grid's header row: the first ColumnSet after the title's (which holds the title and the response chart).
    const header = cardParts(card).filter((p) => p.type === 'ColumnSet')[1] as { columns: { items: { text: string }[] }[] };
    expect(header.columns.map((c) => c.items[0].text)).toEqual(['Practice', '1', '2', '3', '4', 'Since last quarter']);
    expect(cardText(card)).toContain('1 Strategy · 2 Managed · 3 Impact · 4 Value · – no answer');
    expect(cardText(card)).toContain('Not answered yet: Hillside Medical Centre, Valley Practice.');
    expect(cardText(card)).not.toContain('Not answered:');
  });

  it('when rendered, then Yes is in the default colour and no text is pale or subtle', () => {
    const blocks = textBlocks(renderResultsCard(view));
    expect(blocks.filter((b) => ['Good', 'Accent'].includes(String(b.color)) || b.isSubtle)).toEqual([]);
    expect(blocks.find((b) => b.text === 'Yes')?.color).toBe('Default');
    expect(blocks.find((b) => b.text === 'No')?.color).toBe('Attention');
  });

  it('when someone who is not a PCN admin looks, then there is no Remind now', () => {
    expect(buttons(renderResultsCard(view))).toEqual([]);
  });

  it('when a PCN admin looks at an open round, then each practice that has not answered and has a lead gets Remind now', () => {
    const card = renderResultsCard({ ...view, remindQuarterId: '2027-Q1', notice: 'I am reminding them now.' });

    const data = { verb: Verbs.resultsRemind, quarter: '2027-Q1', practiceId: 'p-hill' };
    expect(buttons(card)).toEqual([
      expect.objectContaining({
        verb: Verbs.resultsRemind,
        data,
        fallback: { type: 'Action.Submit', title: 'Remind now', data },
      }),
    ]);
    expect(cardText(card)).toContain('No practice lead yet');
    expect(cardText(card)).toContain('I am reminding them now.');
    expect(elements(card.body).filter((e) => !V12_ELEMENTS.has(String(e.type)) && !String(e.type).startsWith('Action.'))).toEqual(
      [],
    );
  });
});

describe('the trend card', () => {
  it('when rendered, then it asks for the full width, has a legend, and uses no pale colour', () => {
    const card = renderTrendCard({
      pcnName: 'Riverside PCN',
      headers: ['Q1 2026/27', 'Q2 2026/27', 'Q3 2026/27', 'Q4 2026/27'],
      rows: [{ practice: 'Riverside Surgery', yes: [undefined, 4, 2, 3] }],
      responses: [undefined, { answered: 1, total: 3 }, { answered: 2, total: 3 }, { answered: 3, total: 3 }],
      questions: QUESTIONS.map((q, n) => ({
        question: q.short,
        yes: [undefined, { yes: 1, answered: 1 }, { yes: n % 2, answered: 2 }, { yes: 3, answered: 3 }],
      })),
    });
    expect(card.msteams).toEqual({ width: 'Full' });
    expect(cardText(card)).toMatch(/Each cell: how many of the four questions the practice answered Yes/);
    const blocks = textBlocks(card);
    expect(blocks.filter((b) => ['Good', 'Accent'].includes(String(b.color)) || b.isSubtle)).toEqual([]);
    expect(blocks.find((b) => b.text === '4 of 4 Yes')).toMatchObject({ color: 'Default', weight: 'Bolder' });
    expect(blocks.find((b) => b.text === '2 of 4 Yes')).toMatchObject({ color: 'Attention' });
    expect(cardText(card)).not.toMatch(/Not answered/);
  });

  it('when rendered, then Yes per question is drawn as grouped bars for the quarters answered, with the same figures as a table for mobile', () => {
    const view = {
      pcnName: 'Riverside PCN',
      headers: ['Q1 2026/27', 'Q2 2026/27', 'Q3 2026/27', 'Q4 2026/27'],
      rows: [],
      responses: [undefined, { answered: 4, total: 4 }, { answered: 2, total: 4 }, { answered: 3, total: 4 }],
      questions: QUESTIONS.map((q, n) => ({
        question: q.short,
        yes: [undefined, { yes: n, answered: 4 }, { yes: 1, answered: 2 }, { yes: 3, answered: 3 }],
      })),
    };
    const [chart, ...others] = charts(renderTrendCard(view));
    expect(others).toEqual([]);
    expect(chart).toMatchObject({ type: 'Chart.VerticalBar.Grouped', title: 'Practices answering Yes, by question' });
    const data = chart!.data as { legend: string; values: { x: string; y: number }[] }[];
    expect(data.map((s) => s.legend)).toEqual(QUESTIONS.map((q) => q.short));
    // Q1 had no check, so no bars; the share of the practices that answered said Yes.
    expect(data[1]!.values).toEqual([
      { x: 'Q2 2026/27', y: 25 },
      { x: 'Q3 2026/27', y: 50 },
      { x: 'Q4 2026/27', y: 100 },
    ]);
    expect(elements(chart)).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'ColumnSet' })]));
    expect(elements(chart).filter((e) => !V12_ELEMENTS.has(String(e.type)))).toEqual([]);
    const table = cardText(chart!.fallback);
    expect(table).toContain(`${QUESTIONS[1]!.short}\n–\n1 of 4\n1 of 2\n3 of 3`);

    const none = renderTrendCard({ ...view, questions: view.questions.map((q) => ({ ...q, yes: q.yes.map(() => undefined) })) });
    expect(charts(none)).toEqual([]);
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
