import { backoffMs, decide, DEFAULT_RETRY_POLICY } from '../../services/outbox/delivery';
import { GoneError, PermanentError, ThrottledError, TransientError } from '../../services/messenger';

const at = new Date('2027-01-01T09:30:00Z');
const policy = { baseMs: 1_000, capMs: 60_000, maxAttempts: 5 };

describe('backoffMs', () => {
  it('when attempts grow, then the delay doubles from the base up to the cap, with half of it jittered', () => {
    const low = [1, 2, 3, 4, 8, 20].map((n) => backoffMs(n, policy, () => 0));
    const high = [1, 2, 3, 4, 8, 20].map((n) => backoffMs(n, policy, () => 0.999999));

    expect(low).toEqual([500, 1_000, 2_000, 4_000, 30_000, 30_000]);
    expect(high).toEqual([1_000, 2_000, 4_000, 8_000, 60_000, 60_000]);
  });
});

describe('decide', () => {
  it('when Teams throttles with Retry-After, then the retry waits at least that long and the conversation is paused', () => {
    const d = decide(new ThrottledError(2_000), 1, at, policy, () => 0.5);

    expect(d).toMatchObject({
      action: 'retry',
      pauseConversationMs: 2_000,
      error: { kind: 'throttled', status: 429, attempt: 1 },
    });
    expect(d.action === 'retry' && d.delayMs).toBeGreaterThanOrEqual(2_000);
    expect(d.action === 'retry' && d.delayMs).toBeLessThanOrEqual(2_250);
  });

  it('when Teams throttles without Retry-After, or fails transiently, then it backs off exponentially', () => {
    const throttled = decide(new ThrottledError(), 3, at, policy, () => 0);
    const transient = decide(new TransientError('503', 503), 3, at, policy, () => 0);

    expect(throttled).toMatchObject({ action: 'retry', delayMs: 2_000 });
    expect(throttled).not.toHaveProperty('pauseConversationMs');
    expect(transient).toMatchObject({ action: 'retry', delayMs: 2_000, error: { kind: 'transient', status: 503 } });
  });

  it('when the bot is gone from the conversation, then the item parks and the reference is retired', () => {
    expect(decide(new GoneError('403 BotNotInConversationRoster', 403), 1, at, policy, Math.random)).toMatchObject({
      action: 'park',
      retire: true,
      error: { kind: 'gone', status: 403 },
    });
  });

  it('when the failure is permanent, then the item parks with the error and the reference stays', () => {
    expect(decide(new PermanentError('413 MessageSizeTooBig', 413), 1, at, policy, Math.random)).toMatchObject({
      action: 'park',
      retire: false,
      error: { kind: 'permanent', status: 413, message: 'PermanentError: 413 MessageSizeTooBig' },
    });
  });

  it('when a retryable failure reaches the last attempt, then it parks saying so', () => {
    const d = decide(new TransientError('502', 502), 5, at, policy, Math.random);

    expect(d).toMatchObject({ action: 'park', retire: false, error: { kind: 'transient' } });
    expect(d.error.message).toMatch(/^Gave up after 5 attempts/);
  });

  it('when something unexpected is thrown, then it is retried like a transient fault rather than lost', () => {
    expect(decide(new TypeError('boom'), 1, at, DEFAULT_RETRY_POLICY, () => 0)).toMatchObject({
      action: 'retry',
      error: { kind: 'unexpected' },
    });
  });
});
