/**
 * The floor for handling a Teams activity on this machine: a bare botbuilder
 * bot (restify + CloudAdapter, auth off as in local mode) that answers every
 * message with one Adaptive Card sent back through the connector, and every
 * card action with one card in the invoke response. Nothing else: no store,
 * no routing, no logging. Run as its own process: `node echo-bot.js <port>`.
 */
import { ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';

function card(text: string) {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Echo', weight: 'Bolder', size: 'Medium' },
      { type: 'TextBlock', text, wrap: true },
    ],
  };
}

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card(context.activity.text ?? 'card action'))] });
      await next();
    });
  }

  protected override async onInvokeActivity(): Promise<{ status: number; body: unknown }> {
    return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card('Thanks') } };
  }
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new EchoBot();
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.get('/healthz', (_req, res, next) => {
  res.send(200, { status: 'ok' });
  next();
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => process.stdout.write('echo bot ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
