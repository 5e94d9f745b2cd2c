/**
 * The real bot (bot/app.ts, configured from the environment as bot/index.ts
 * does) on a clock that starts at an instant given on the command line and
 * runs at the wall clock's pace, so the scheduler's quarter opening happens
 * a few seconds after start with nothing else due (or, for `--by command`,
 * nothing at all is due and the admins' commands open the rounds). Benchmark entry only:
 *
 *   node bot-on-clock.js <instant> <wall>   the clock reads <instant> when the wall clock reads <wall> (ms since the epoch)
 */
import { createApp } from '../../../bot/app';
import { loadConfig } from '../../../services/config';
import { createLogger } from '../../../services/logger';

async function main(): Promise<void> {
  const [instant, wall] = [Number(process.argv[2]), Number(process.argv[3])];
  if (!Number.isFinite(instant) || !Number.isFinite(wall)) throw new Error('usage: bot-on-clock <instant ms> <wall ms>');
  const clock = { now: () => new Date(instant + (Date.now() - wall)) };
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const app = await createApp({ config, logger, clock });
  await app.listen(config.port, '127.0.0.1');
  const stop = () => void app.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`bot-on-clock failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
