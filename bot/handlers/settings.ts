import { CardFactory, MessageFactory } from 'botbuilder';
import { renderSettingsCard, type SettingsCardView } from '../../cards/settings';
import { parseSettingsInput } from '../../cards/settings-inputs';
import { Verbs } from '../../cards/verbs';
import { ValidationError } from '../../services/errors';
import type { PcnSettingsService } from '../../services/pcn-settings';
import { type CardActionResult, type Feature, teamAction, teamCommand } from '../features/types';

/** What the settings handlers need (BotDeps gains `pcnSettings` when wired in bot/app.ts). */
export interface SettingsBotDeps {
  readonly pcnSettings: PcnSettingsService;
}

const rule = { scope: 'team', audience: 'admins', refusal: 'change the settings' } as const;

/** `settings`: PCN admins get the schedule and settings card. */
export function settingsFeature(deps: SettingsBotDeps): Feature {
  return { name: 'settings', commands: [settingsCommand(deps)], actions: settingsActions(deps) };
}

function settingsCommand(deps: SettingsBotDeps) {
  return teamCommand({
    ...rule,
    name: 'settings',
    help: 'When the quick check and reminders go out.',
    menu: 'PCN admins: when the quick check, reminders and digest go out',
    matches: (text) => text === 'settings' || text === 'schedule',
    examples: ['schedule'],
    async handle(context, turn) {
      const card = renderSettingsCard(await deps.pcnSettings.view(turn.pcnId, turn.user));
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    },
  });
}

/**
 * "Save settings": validated, then saved by the service (admins only). A
 * bad value comes back on the card naming the field, and nothing is saved.
 */
function settingsActions(deps: SettingsBotDeps) {
  return [
    teamAction({
      ...rule,
      verb: Verbs.settingsSave,
      async handle(_context, turn, data): Promise<CardActionResult> {
        let notice: SettingsCardView['notice'];
        try {
          const { view, changed } = await deps.pcnSettings.save(turn.pcnId, turn.user, parseSettingsInput(data));
          notice = changed
            ? { kind: 'success', text: 'Saved. The new schedule takes effect within a few minutes.' }
            : { kind: 'success', text: 'Nothing to save: these are the settings already in place.' };
          return { kind: 'card', card: renderSettingsCard({ ...view, notice }) };
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          notice = { kind: 'error', text: `${error.userMessage} Nothing was saved.` };
        }
        // The view also checks the person is an admin, so a non-admin's bad input still gets a refusal, not the card.
        const view = await deps.pcnSettings.view(turn.pcnId, turn.user);
        return { kind: 'card', card: renderSettingsCard({ ...view, notice }) };
      },
    }),
  ];
}
