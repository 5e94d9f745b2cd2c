import pino from 'pino';
import type { Clock } from '../../services/clock';
import type { Logger } from '../../services/logger';

/** A clock the test moves by hand. */
export class FakeClock implements Clock {
  private current: Date;
  constructor(start: string | Date) {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: string | Date): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A logger that writes nothing (set TEST_LOG=debug to see it). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
