import { Verbs } from '../../cards/verbs';
import { type Harness, PCN_ID, PEOPLE, startHarness } from '../support/bot-harness';

/**
 * A button's data is checked by the one card-input parser: data the bot never
 * sent gets the card's own plain reply, and nothing changes.
 */
describe('buttons whose data the bot never sent', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.install(PEOPLE.admin);
  });
  afterEach(() => h.close());

  it.each([
    [
      Verbs.resultsShow,
      { view: 'quarter', quarter: "2027-Q9'; --" },
      "Sorry, I don't recognise that button. Type **results** to start again.",
    ],
    [Verbs.resultsShow, { view: 'quarter' }, "Sorry, I don't recognise that button. Type **results** to start again."],
    [Verbs.resultsShow, { view: 'everything' }, "Sorry, I don't recognise that button. Type **results** to start again."],
    [
      Verbs.resultsRemind,
      { quarter: '2027-Q1', practiceId: '../../etc' },
      "Sorry, I don't recognise that button. Type **results** to start again.",
    ],
    [Verbs.statusRetry, { key: 'k'.repeat(300) }, "Sorry, I don't recognise that button. Type **status** to start again."],
    [
      Verbs.exportLink,
      { quarter: 'every single one' },
      'That export card is not one I recognise. Type **export** for a new one.',
    ],
  ])('when %s is pressed with %j, then the reply is plain and nothing changes', async (verb, data, reply) => {
    const before = await h.store.pcns.get(PCN_ID);

    const { status, body } = await h.invoke(PEOPLE.admin, verb, data);

    expect(status).toBe(200);
    expect(body.value).toBe(reply);
    expect((await h.store.pcns.get(PCN_ID))?.etag).toBe(before?.etag);
    expect((await h.store.documents.query(PCN_ID, 'outbox')).items).toEqual([]);
  });
});
