import type { Writable } from 'node:stream';

/** What a turn was: a command, a card action, a question in plain words, or an event (install, remove...). */
export type TurnKind = 'command' | 'cardAction' | 'question' | 'event';

/** How a turn ended: done, refused with a reason the person was told, or failed. */
export type TurnOutcome = 'ok' | 'refused' | 'failed';

export interface TurnRecord {
  readonly kind: TurnKind;
  /** The command's name or the card action's verb from the bot's own table ('unknown' otherwise): never what was typed. */
  readonly name: string;
  readonly durationMs: number;
  readonly outcome: TurnOutcome;
}

/** What became of one proactive send. */
export type DeliveryOutcome = 'sent' | 'retry' | 'parked';

/**
 * The telemetry port: request metrics per command and card action, outbox
 * figures and exceptions. The bot records through it whether or not
 * telemetry is on; off, every call does nothing (noTelemetry).
 */
export interface Telemetry {
  readonly enabled: boolean;
  /** One turn answered, with its latency. */
  turn(record: TurnRecord): void;
  /** An error that failed a turn, a job or the process. */
  exception(error: unknown, where: string): void;
  /** One outbox send's outcome (counted: sent, retries, parked). */
  delivery(outcome: DeliveryOutcome): void;
  /** Reports how many outbox items this instance holds waiting to send, read when metrics are collected. */
  observeWaiting(read: () => number): void;
  /** Where the logger should also write its lines, sent on as traces; undefined when off. */
  readonly logSink?: Writable;
  /** Sends what is buffered and stops. */
  shutdown(): Promise<void>;
}

/** Telemetry off: nothing recorded, nothing sent, nothing loaded. */
export const noTelemetry: Telemetry = Object.freeze({
  enabled: false,
  turn: () => undefined,
  exception: () => undefined,
  delivery: () => undefined,
  observeWaiting: () => undefined,
  logSink: undefined,
  shutdown: async () => undefined,
});
