import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths never written to the log: secrets, and message bodies that may hold patient details. */
const REDACT = [
  'config.microsoftApp.appPassword',
  'config.cosmos.key',
  'config.exportSecret',
  '*.authorization',
  '*.headers.authorization',
  'text',
  '*.text',
  'value',
  '*.value',
];

/**
 * The root logger; modules take a child: `logger.child({ module: 'dispatcher' })`.
 * `alsoTo` receives the same lines, already redacted (telemetry sends them on as traces).
 */
export function createLogger(level: string, destination?: pino.DestinationStream, alsoTo?: pino.DestinationStream): Logger {
  const options = { level, base: undefined, redact: { paths: REDACT, censor: '[redacted]' } };
  if (!alsoTo) return pino(options, destination);
  const main = destination ?? pino.destination(1);
  return pino(
    options,
    pino.multistream([
      { stream: main, level: level as pino.Level },
      { stream: alsoTo, level: level as pino.Level },
    ]),
  );
}
