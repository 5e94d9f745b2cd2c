import { createApp } from './app';
import { ConfigError, loadConfig } from '../services/config';
import { createLogger } from '../services/logger';
import { systemClock } from '../services/clock';
import { createTelemetry } from '../services/telemetry';
import { installProcessGuards } from './process-guards';

/**
 * Entry point: validate config, build logger and app, listen, and in local
 * mode start the Agents Playground. Shuts down cleanly on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // Telemetry first, so the logger can send its lines on as traces; without a connection string it loads nothing.
  const telemetry = await createTelemetry(config);
  const logger = createLogger(config.logLevel, undefined, telemetry.logSink);
  installProcessGuards(process, logger, telemetry);
  const startedAt = process.hrtime.bigint();
  const demo = config.demo ? await loadDemo(systemClock.now()) : undefined;
  const app = await createApp({ config, logger, demo, telemetry });
  // Local mode has no sign-in: anyone who could reach it could act as any user, so only this machine may.
  const { url } = await app.listen(config.port, config.localMode ? '127.0.0.1' : '0.0.0.0');
  const readyMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
  logger.info(
    { url, store: config.store, localMode: config.localMode, telemetry: telemetry.enabled, readyMs: Math.round(readyMs) },
    'bot ready',
  );

  const playground = config.playground
    ? await startLocalPlayground(`${url}/api/messages`, logger, config.playgroundUser)
    : undefined;
  // The logs are JSON for machines; a newcomer in local mode needs one plain line saying what to do next.
  if (playground) {
    process.stdout.write(
      `\nThe bot is ready. Open ${playground.url} in your browser to talk to it as ${playground.currentUser.name}.` +
        `\nPress Ctrl+C to stop.\n\n`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await playground?.stop();
    await app.close();
    // Send what telemetry holds, but never let an unreachable endpoint hold up the stop.
    await Promise.race([telemetry.shutdown(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function loadDemo(now: Date) {
  const { demoPcnData } = await import('../services/demo-pcn');
  return demoPcnData(now.toISOString());
}

async function startLocalPlayground(botEndpoint: string, logger: ReturnType<typeof createLogger>, actAs?: string) {
  const { startPlayground } = await import('./local-playground');
  return startPlayground({ botEndpoint, logger, actAs });
}

main().catch((error: unknown) => {
  process.stderr.write(`The bot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
