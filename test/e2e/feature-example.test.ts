import { featureTable } from '../../bot/features/table';
import { commandLists } from '../../bot/manifest-commands';
import { practiceCountFeature } from '../fixtures/example-feature/handler';
import { EXAMPLE_VERB } from '../fixtures/example-feature/practice-count-card';
import { cardOf, cardText, type Harness, PEOPLE, startHarness } from '../support/bot-harness';

/**
 * Adding a command with its card is one handler file, one card template
 * and renderer, and one line in the feature table: the example feature in
 * test/fixtures/example-feature is exactly that, and the bot routes it,
 * checks who may use it, lists it in help and in the Teams command menu.
 */
describe('a new feature added with one line in the table', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ features: (deps) => [...featureTable(deps), practiceCountFeature(deps)] });
    await h.install(PEOPLE.admin);
    h.connector.reset();
  });
  afterEach(() => h.close());

  it('when an admin types it, then the bot answers with its card', async () => {
    await h.say(PEOPLE.admin, 'practice count');
    const reply = await h.connector.waitFor((a) => a.activity.type === 'message');

    expect(cardText(cardOf(reply.activity))).toContain('0 practices are set up.');
  });

  it('when a member types it, then the table refuses them with the one admins-only wording', async () => {
    await h.say(PEOPLE.member, 'practice count');
    const reply = await h.connector.waitFor((a) => a.activity.type === 'message');

    expect(reply.activity.text).toBe(
      'Only a PCN admin can count the practices. Ask one of your PCN admins (Alex Morgan) to do it for you, or to add you as an admin.',
    );
  });

  it("when its card's button is pressed, then its action runs", async () => {
    const { body } = await h.invoke(PEOPLE.admin, EXAMPLE_VERB);

    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(body.value)).toContain('0 practices are set up.');
  });

  it('when help is asked for, then the new command is listed; the Teams menu, full at ten, is left as it was', async () => {
    await h.say(PEOPLE.admin, 'help');
    const help = await h.connector.waitFor((a) => a.activity.type === 'message');

    // Without a menu line or a button, it is named on help's "Also:" line.
    expect(cardText(cardOf(help.activity))).toMatch(/^Also: .*\*\*practice count\*\*/m);
    const menu = commandLists(h.app.router.commands)[0]!.commands;
    expect(menu.length).toBeLessThanOrEqual(10);
    expect(menu.map((c) => c.title)).not.toContain('practice count');
  });
});
