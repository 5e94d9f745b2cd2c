import { ActivityTypes, TestAdapter } from 'botbuilder';
import { countReplies, outboxShare, replyReserve } from '../../bot/reply-budget';
import { DeliveryLimiter } from '../../services/outbox/rate-limiter';

describe('one budget for replies and the outbox', () => {
  it("when the rate is Teams' 50 per second, then the outbox keeps 3 a second for replies; at 500, 25", () => {
    expect([replyReserve(50), outboxShare(50)]).toEqual([3, 47]);
    expect([replyReserve(500), outboxShare(500)]).toEqual([25, 475]);
    expect(outboxShare(2)).toBe(1);
  });

  it('when replies went out this second, then the outbox is admitted only to what is left of the rate', () => {
    const limiter = new DeliveryLimiter({ globalPerSecond: 5, globalMarginMs: 0 });
    const now = 1_000_000;
    limiter.recordElsewhere(now);
    limiter.recordElsewhere(now);
    const admitted = [1, 2, 3, 4, 5].map((n) => limiter.take(`thread-${n}`, now + n).ok);
    expect(admitted).toEqual([true, true, true, false, false]);
    expect(limiter.take('thread-6', now + 1_001).ok).toBe(true);
  });

  it('when a turn sends messages and answers an invoke, then only the messages are counted', async () => {
    const counted: string[] = [];
    const adapter = new TestAdapter(async (context) => {
      countReplies(context, {
        replySlot: async () => {
          counted.push(context.activity.text ?? '');
        },
        repliesBacklogged: () => false,
        queue: async () => undefined,
      });
      await context.sendActivity('one');
      await context.sendActivities([{ type: ActivityTypes.Message, text: 'two' }, { type: ActivityTypes.Trace }]);
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
    });
    await adapter.send('hello');
    expect(counted).toHaveLength(2);
  });
});
