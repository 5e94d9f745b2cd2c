import type { Logger } from '../services/logger';
import { noTelemetry, type Telemetry } from '../services/telemetry';

/**
 * The process's own error boundary. A promise nobody awaited that rejects
 * would, by Node's default, end the process and every turn in flight with
 * it: it is logged instead, and the bot carries on. An uncaught exception
 * leaves the process in an unknown state, so it is logged and the process
 * ends for the platform to restart it.
 */
export function installProcessGuards(proc: NodeJS.Process, logger: Logger, telemetry: Telemetry = noTelemetry): void {
  const log = logger.child({ module: 'process' });
  proc.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'a promise was rejected and nothing handled it');
    telemetry.exception(reason, 'unhandled rejection');
  });
  proc.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception: stopping');
    telemetry.exception(error, 'uncaught exception');
    proc.exitCode = 1;
    // Give telemetry a moment to send the exception; the exit does not wait longer than that.
    void Promise.race([telemetry.shutdown(), new Promise((r) => setTimeout(r, 2_000).unref())]).finally(() => proc.exit(1));
  });
}
