import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Config } from '../services/config';
import { AppError } from '../services/errors';
import type { Logger } from '../services/logger';
import { TURN_ERROR_REPLY, turnLogFields } from './turn-errors';

export { TURN_ERROR_REPLY } from './turn-errors';

/**
 * The CloudAdapter: Bot Connector auth (off in local mode, when no
 * MicrosoftAppId is set) and the last-resort error boundary, for what
 * fails outside the bot's own (PcnBot.run), such as reading the activity.
 */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const log = logger.child({ module: 'adapter' });
  const app = config.microsoftApp;
  const auth = new ConfigurationBotFrameworkAuthentication(
    config.localMode
      ? {}
      : {
          MicrosoftAppId: app.appId,
          MicrosoftAppPassword: app.appPassword,
          MicrosoftAppType: app.appType,
          MicrosoftAppTenantId: app.tenantId,
        },
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const known = error instanceof AppError;
    log.error({ ...turnLogFields(context), err: known ? { code: error.code, message: error.message } : error }, 'turn failed');
    // An invoke expects an invoke response, not a chat message; the adapter answers it with a 500.
    if (context.activity.type === 'invoke') return;
    try {
      await context.sendActivity(known ? error.userMessage : TURN_ERROR_REPLY);
    } catch (sendError) {
      log.warn({ err: sendError }, 'could not send the apology');
    }
  };
  return adapter;
}
