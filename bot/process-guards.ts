import type { Logger } from '../services/logger';

/**
 * The process's own error boundary. A promise nobody awaited that rejects
 * would, by Node's default, end the process and every turn in flight with
 * it: it is logged instead, and the bot carries on. An uncaught exception
 * leaves the process in an unknown state, so it is logged and the process
 * ends for the platform to restart it.
 */
export function installProcessGuards(proc: NodeJS.Process, logger: Logger): void {
  const log = logger.child({ module: 'process' });
  proc.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'a promise was rejected and nothing handled it');
  });
  proc.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception: stopping');
    proc.exitCode = 1;
    setImmediate(() => proc.exit(1));
  });
}
