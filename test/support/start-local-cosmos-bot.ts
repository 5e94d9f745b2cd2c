import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { startCosmosServer } from './cosmos-server';

/**
 * `npm run start:cosmos`: try the Cosmos DB path without Azure. Starts the
 * local Cosmos DB server (in memory: everything is lost when it stops), then
 * the bot (dist/bot/index.js) with STORE=cosmos pointed at it. Ctrl+C stops
 * both. Other settings (PORT, PLAYGROUND, LOG_LEVEL...) pass through.
 * COSMOS_LOCAL_PORT picks the server's port (default: any free port).
 */
async function main(): Promise<void> {
  const cosmos = await startCosmosServer({ port: Number(process.env.COSMOS_LOCAL_PORT ?? 0) });
  process.stdout.write(`Local Cosmos DB server at ${cosmos.endpoint} (in memory only: data is lost when it stops)\n`);

  const bot: ChildProcess = spawn(process.execPath, [path.resolve(__dirname, '../../bot/index.js')], {
    stdio: 'inherit',
    env: {
      ...process.env,
      STORE: 'cosmos',
      COSMOS_ENDPOINT: cosmos.endpoint,
      COSMOS_KEY: 'local-cosmos-key',
      COSMOS_DATABASE: process.env.COSMOS_DATABASE ?? 'pcn-bot',
      COSMOS_CREATE_CONTAINERS: '1',
      COSMOS_ALLOW_SELF_SIGNED: '1',
    },
  });

  const forward = (signal: NodeJS.Signals) => {
    if (bot.exitCode === null) bot.kill(signal);
  };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));

  bot.on('exit', (code, signal) => {
    void cosmos.stop().finally(() => process.exit(code ?? (signal ? 1 : 0)));
  });
  bot.on('error', (error) => {
    process.stderr.write(`Could not start the bot: ${error.message}\n`);
    void cosmos.stop().finally(() => process.exit(1));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`Could not start the local Cosmos DB server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
