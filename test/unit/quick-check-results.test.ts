import { renderResultsCard } from '../../cards/results';
import { renderTrendCard } from '../../cards/results-trend';
import { NotFoundError, ValidationError } from '../../services/errors';
import { parseQuarter } from '../../services/domain/quarters';
import { parseResultsArgument } from '../../services/quick-check/results';
import type { Answers } from '../../services/domain/quick-check';
import { SetupService } from '../../services/pcn-setup';
import { silentLogger } from '../support/fakes';
import { admin, ALL_YES, cardText, type Fixture, leadA, leadB, ONE_NO, quickCheckFixture } from './quick-check-fixture';

describe('ResultsService: the PCN summary, past rounds and the trend', () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await quickCheckFixture('2026-10-05T08:30:00Z');
  });
  afterEach(() => f.dispose());

  const answer = (quarter: string, practiceId: string, answers: Answers, actor = leadA) =>
    f.qc.answers.record({ pcnId: f.pcnId, actor, roundId: quarter, practiceId, answers });

  /** 2026-Q4: Riverside one No; 2027-Q1: Riverside all Yes, Hillside two Noes; Valley never answers. */
  async function twoQuarters(): Promise<void> {
    await f.qc.rounds.openRound(f.pcnId, '2026-Q4');
    await answer('2026-Q4', f.riverside.practiceId, ONE_NO);
    await f.qc.reminders.closeRound(f.pcnId, '2026-Q4');
    f.clock.set('2027-01-04T09:30:00Z');
    await f.qc.rounds.openRound(f.pcnId, '2027-Q1');
    await answer('2027-Q1', f.riverside.practiceId, ALL_YES);
    await answer('2027-Q1', f.hillside.practiceId, { strategy: 'no', managed: 'yes', impact: 'no', value: 'yes' }, leadB);
  }

  it('when results are asked for, then the grid, response rate, change since last quarter and open actions are right', async () => {
    await twoQuarters();

    const view = await f.qc.results.roundResults(f.pcnId, { kind: 'current' });

    expect(view).toMatchObject({
      quarterLabel: 'Q4 2026/27 (January to March 2027)',
      answeredCount: 2,
      practiceCount: 3,
      previousQuarterId: '2026-Q4',
    });
    expect(view.statusLine).toBe('Open until the end of Wednesday 31 March 2027.');
    const row = (name: string) => view.rows.find((r) => r.practice === name);
    expect(row('Riverside Surgery')).toEqual({
      practice: 'Riverside Surgery',
      cells: ['yes', 'yes', 'yes', 'yes'],
      change: '+1 Yes',
    });
    // Asked last quarter but did not answer: nothing to compare.
    expect(row('Hillside Medical Centre')).toEqual({
      practice: 'Hillside Medical Centre',
      cells: ['no', 'yes', 'no', 'yes'],
      change: '–',
    });
    expect(row('Valley Practice')).toEqual({
      practice: 'Valley Practice',
      cells: ['none', 'none', 'none', 'none'],
      change: '–',
      practiceId: f.valley.practiceId,
    });
    expect(view.notAnswered).toEqual([{ practiceId: f.valley.practiceId, practice: 'Valley Practice', hasLead: false }]);
    expect(view.remindQuarterId).toBeUndefined();
    expect(view.actions).toEqual([
      'Hillside Medical Centre: 1. Strategy (No in Q4 2026/27)',
      'Hillside Medical Centre: 3. Impact (No in Q4 2026/27)',
    ]);
    const text = cardText(renderResultsCard(view));
    expect(text).toContain('2 of 3 practices answered');
    expect(text).toContain('Open follow-up actions (2)');
  });

  it('when a past quarter is asked for, then its round shows with what it raised, marked done when since closed', async () => {
    await twoQuarters();

    const view = await f.qc.results.roundResults(f.pcnId, { kind: 'quarter', quarter: parseQuarter('2026-Q4')! });

    expect(view).toMatchObject({
      quarterLabel: 'Q3 2026/27 (October to December 2026)',
      answeredCount: 1,
      statusLine: 'Closed at the end of Thursday 31 December 2026.',
    });
    expect(view.rows.find((r) => r.practice === 'Riverside Surgery')?.change).toBe('new this quarter');
    expect(view.rows.map((r) => r.change)).not.toContain('Not answered');
    expect(view.actions).toEqual(['Riverside Surgery: 2. Managed (No in Q3 2026/27): done']);
  });

  it('when a practice joins after last quarter and answers, then its change reads "new this quarter"', async () => {
    await twoQuarters();
    const joined = await new SetupService(f.store, f.clock, silentLogger()).addPractice(f.pcnId, admin, {
      name: 'Brookside Practice',
      odsCode: 'B82008',
      leads: [leadB],
    });
    await answer('2027-Q1', joined.practiceId, ALL_YES, leadB);

    const view = await f.qc.results.roundResults(f.pcnId, { kind: 'current' });

    expect(view.rows.find((r) => r.practice === 'Brookside Practice')?.change).toBe('new this quarter');
  });

  it('when a PCN admin looks at an open round, then they may remind the practices that have not answered; anyone else may not', async () => {
    await twoQuarters();
    await answer('2027-Q1', f.hillside.practiceId, ALL_YES, leadB);

    const forAdmin = await f.qc.results.roundResults(f.pcnId, { kind: 'current' }, admin);
    const forLead = await f.qc.results.roundResults(f.pcnId, { kind: 'current' }, leadA);
    f.clock.set('2027-04-01T08:30:00Z');
    const closed = await f.qc.results.roundResults(f.pcnId, { kind: 'quarter', quarter: parseQuarter('2027-Q1')! }, admin);

    expect(forAdmin.remindQuarterId).toBe('2027-Q1');
    expect(forAdmin.notAnswered).toEqual([{ practiceId: f.valley.practiceId, practice: 'Valley Practice', hasLead: false }]);
    expect(forLead.remindQuarterId).toBeUndefined();
    expect(closed.remindQuarterId).toBeUndefined();
  });

  it('when a future quarter is asked for, then it says it has not started', async () => {
    const attempt = f.qc.results.roundResults(f.pcnId, { kind: 'quarter', quarter: parseQuarter('2027-Q3')! });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({
      userMessage: expect.stringContaining("Q2 2027/28 (July to September 2027) hasn't started yet"),
    });
  });

  it('when a past quarter had no round, then it says so', async () => {
    const attempt = f.qc.results.roundResults(f.pcnId, { kind: 'quarter', quarter: parseQuarter('2026-Q2')! });
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt).rejects.toMatchObject({
      userMessage: 'There was no quick check for Q1 2026/27 (April to June 2026).',
    });
  });

  it("when this quarter's round has not opened, then the last round is shown with a note", async () => {
    await f.qc.rounds.openRound(f.pcnId, '2026-Q4');
    f.clock.set('2027-01-02T12:00:00Z');

    const view = await f.qc.results.roundResults(f.pcnId, { kind: 'current' });

    expect(view.quarterLabel).toBe('Q3 2026/27 (October to December 2026)');
    expect(view.note).toMatch(/This quarter's quick check has not started yet/);
  });

  it('when no round has ever run, then it says how to start one', async () => {
    await expect(f.qc.results.roundResults(f.pcnId, { kind: 'current' })).rejects.toMatchObject({
      userMessage: expect.stringContaining('start quick check'),
    });
  });

  it('when the trend is asked for, then the last four quarters show Yes counts and response rates', async () => {
    await twoQuarters();

    const view = await f.qc.results.trend(f.pcnId);

    expect(view.headers).toEqual(['Q1 2026/27', 'Q2 2026/27', 'Q3 2026/27', 'Q4 2026/27']);
    expect(view.rows.find((r) => r.practice === 'Riverside Surgery')?.yes).toEqual([undefined, undefined, 3, 4]);
    expect(view.rows.find((r) => r.practice === 'Hillside Medical Centre')?.yes).toEqual([undefined, undefined, undefined, 2]);
    expect(view.responses).toEqual([undefined, undefined, { answered: 1, total: 3 }, { answered: 2, total: 3 }]);
    // Per question: how many of the practices that answered said Yes (Q3: Riverside only; Q4: Riverside and Hillside).
    expect(Object.fromEntries(view.questions.map((q) => [q.question, q.yes]))).toEqual({
      Strategy: [undefined, undefined, { yes: 1, answered: 1 }, { yes: 1, answered: 2 }],
      Managed: [undefined, undefined, { yes: 0, answered: 1 }, { yes: 2, answered: 2 }],
      Impact: [undefined, undefined, { yes: 1, answered: 1 }, { yes: 1, answered: 2 }],
      Value: [undefined, undefined, { yes: 1, answered: 1 }, { yes: 2, answered: 2 }],
    });
    const text = cardText(renderTrendCard(view));
    expect(text).toContain('4 of 4 Yes');
    expect(text).toContain('No check');
  });

  it.each([
    ['', { kind: 'current' }],
    [' trend', { kind: 'trend' }],
    [' 2026-q3', { kind: 'quarter', quarter: parseQuarter('2026-Q3') }],
  ])('when the argument is "%s", then it is understood', (text, expected) => {
    expect(parseResultsArgument(text, new Date('2027-01-10T12:00:00Z'))).toEqual(expected);
  });

  it.each([' yesterday', ' 2026-Q5', ' 2026-Q3 please'])(
    'when the argument is "%s", then the reply explains what to type',
    (text) => {
      expect(() => parseResultsArgument(text, new Date('2027-01-10T12:00:00Z'))).toThrow(/results trend/);
    },
  );
});
