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

/** The root logger; modules take a child: `logger.child({ module: 'dispatcher' })`. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: undefined, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}
