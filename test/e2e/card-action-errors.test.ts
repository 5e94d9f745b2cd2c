import { Verbs } from '../../cards/verbs';
import { TURN_ERROR_REPLY } from '../../bot/adapter';
import { type Harness, PCN_ID, PEOPLE, startHarness, TEAM_ID } from '../support/bot-harness';

/**
 * A card button whose work fails underneath (Teams or the store, not the
 * person's input) must still get the bot's own words back: an HTTP 500 makes
 * Teams show its vague "Something went wrong" on the card instead.
 */
describe('a card action that fails underneath', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
    await h.install(PEOPLE.admin);
  });
  afterEach(() => h.close());

  it('when Teams fails to list the team while an admin adds a practice, then the admin gets the apology and nothing is saved', async () => {
    h.connector.scriptFault({
      conversationId: TEAM_ID,
      status: 500,
      operations: ['getConversationPagedMembers', 'getConversationMembers'],
    });

    const { status, body } = await h.invoke(PEOPLE.admin, Verbs.addPractice, {
      newName: 'Riverside Surgery',
      newOds: 'B82005',
      newLeads: PEOPLE.lead.aadObjectId,
    });

    expect(status).toBe(200);
    expect(body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: TURN_ERROR_REPLY });
    expect(await h.store.practices.list(PCN_ID)).toEqual([]);
  });
});
