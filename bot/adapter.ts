import {
  type Activity,
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { type AuthenticateRequestResult, AuthenticationConstants } from 'botframework-connector';
import type { Config } from '../services/config';
import { AppError, appErrorLogFields } from '../services/errors';
import type { Logger } from '../services/logger';
import { noTelemetry, type Telemetry } from '../services/telemetry';
import { TURN_ERROR_REPLY, turnLogFields } from './turn-errors';

export { TURN_ERROR_REPLY } from './turn-errors';

/**
 * The CloudAdapter with the one change the edge needs: it runs a turn for a
 * request the edge has already authenticated (bot/inbound-gate.ts), so the
 * edge decides the HTTP answer to a refused request (401, 403, 429, 503)
 * instead of botbuilder's 401-or-500.
 */
export class BotAdapter extends CloudAdapter {
  /** Runs the turn; the invoke response, if any, is the HTTP answer's status and body. */
  runAuthenticated(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

/**
 * Bot Connector sign-in: off in local mode (no MicrosoftAppId). Tests may
 * point it at a loopback OpenID metadata and JWKS server (config.testSignIn);
 * naming one endpoint makes botbuilder expect them all, so the others keep
 * the public cloud's values.
 */
export function createBotAuthentication(config: Config): ConfigurationBotFrameworkAuthentication {
  if (config.localMode) return new ConfigurationBotFrameworkAuthentication({});
  const app = config.microsoftApp;
  const credentials = {
    MicrosoftAppId: app.appId,
    MicrosoftAppPassword: app.appPassword,
    MicrosoftAppType: app.appType,
    MicrosoftAppTenantId: app.tenantId,
  };
  const test = config.testSignIn;
  return new ConfigurationBotFrameworkAuthentication(
    test
      ? {
          ...credentials,
          ToBotFromChannelOpenIdMetadataUrl: test.openIdMetadataUrl,
          ToBotFromChannelTokenIssuer: test.tokenIssuer,
          ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
          ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
          OAuthUrl: AuthenticationConstants.OAuthUrl,
          ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
          CallerId: CallerIdConstants.PublicAzureChannel,
          ValidateAuthority: true,
        }
      : credentials,
  );
}

/**
 * The adapter and the last-resort error boundary, for what fails outside
 * the bot's own (PcnBot.run), such as reading the activity.
 */
export function createAdapter(
  config: Config,
  logger: Logger,
  auth: ConfigurationBotFrameworkAuthentication = createBotAuthentication(config),
  telemetry: Telemetry = noTelemetry,
): BotAdapter {
  const log = logger.child({ module: 'adapter' });
  const adapter = new BotAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const known = error instanceof AppError;
    if (!known) telemetry.exception(error, 'turn');
    log.error({ ...turnLogFields(context), err: known ? appErrorLogFields(error) : error }, 'turn failed');
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
