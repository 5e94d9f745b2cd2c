import { conversationKey, InboundLimits } from '../../bot/inbound-limits';

describe('inbound limits', () => {
  it('when one conversation goes over its limit, then it is refused with a retry time and others are not', async () => {
    const limits = new InboundLimits({ perConversation: 3, perTenant: 100 });
    const noisy = await Promise.all(Array.from({ length: 10 }, () => limits.admit('t1', 'a:noisy')));
    expect(noisy.filter((d) => d.ok)).toHaveLength(3);
    const refused = noisy.filter((d) => !d.ok);
    expect(refused).toHaveLength(7);
    for (const d of refused) expect(d).toMatchObject({ scope: 'conversation', retryAfterSeconds: expect.any(Number) });
    expect(refused.every((d) => !d.ok && d.retryAfterSeconds >= 1 && d.retryAfterSeconds <= 60)).toBe(true);
    expect(await limits.admit('t1', 'a:quiet')).toEqual({ ok: true });
  });

  it('when a tenant goes over its limit, then its other chats wait too but another tenant does not', async () => {
    const limits = new InboundLimits({ perConversation: 100, perTenant: 4 });
    const answers = await Promise.all(['c1', 'c2', 'c3', 'c4', 'c5'].map((c) => limits.admit('busy-tenant', c)));
    expect(answers.filter((d) => d.ok)).toHaveLength(4);
    expect(answers[4]).toMatchObject({ ok: false, scope: 'tenant' });
    expect(await limits.admit('other-tenant', 'c1')).toEqual({ ok: true });
  });

  it('when a conversation is refused, then it spends none of its tenant allowance', async () => {
    const limits = new InboundLimits({ perConversation: 2, perTenant: 5 });
    for (let i = 0; i < 50; i++) await limits.admit('t', 'a:noisy');
    const others = await Promise.all(['b', 'c', 'd'].map((c) => limits.admit('t', c)));
    expect(others.every((d) => d.ok)).toBe(true);
  });

  it('when a channel gets a new thread for every message, then all its threads count as one conversation', async () => {
    expect(conversationKey('19:abc@thread.tacv2;messageid=1700000000001')).toBe('19:abc@thread.tacv2');
    expect(conversationKey('a:personal-chat')).toBe('a:personal-chat');
    const limits = new InboundLimits({ perConversation: 2, perTenant: 100 });
    const threads = await Promise.all([1, 2, 3].map((n) => limits.admit('t', `19:abc@thread.tacv2;messageid=${n}`)));
    expect(threads.map((d) => d.ok)).toEqual([true, true, false]);
  });
});
