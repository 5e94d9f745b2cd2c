import pino from 'pino';
import type { Clock } from '../../services/clock';
import type { Logger } from '../../services/logger';
import type { ConversationAddress } from '../../services/domain';
import type { SendTarget } from '../../services/messenger';

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

/**
 * A clock set to another day that keeps running at real speed, for journeys
 * through a real HTTP stack and browser (timers, pacing and timeouts still
 * see time pass); `set` moves it to another moment, from which it runs on.
 */
export class ShiftedClock implements Clock {
  private offsetMs: number;
  constructor(start: string | Date) {
    this.offsetMs = new Date(start).getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  set(to: string | Date): void {
    this.offsetMs = new Date(to).getTime() - Date.now();
  }
}

/** A logger that writes nothing (set TEST_LOG=debug to see it). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** A PCN channel's stored address, as the outbox tests send to. */
export const channelAddress = (conversationId: string): ConversationAddress => ({
  conversationId,
  serviceUrl: 'https://smba.example/uk/',
  tenantId: 'tenant-1',
  botId: '28:bot',
  isGroup: true,
  conversationType: 'channel',
  channelId: conversationId,
});

/** A post into that channel. */
export const intoChannel = (conversationId: string): SendTarget => ({
  kind: 'conversation',
  address: channelAddress(conversationId),
});
