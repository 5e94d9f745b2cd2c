import { InFlightLimit } from '../../services/outbox/concurrency';

describe('InFlightLimit', () => {
  it('when no send has finished yet, then one send may be in flight, whatever the rate and ceiling', () => {
    expect(new InFlightLimit(50, 16).limit).toBe(1);
    expect(new InFlightLimit(500, 64).limit).toBe(1);
  });

  it('when sends take a known time, then the limit is rate x latency with a quarter headroom, rounded up', () => {
    const teams = new InFlightLimit(50, 100);
    teams.observe(100); // 50/s x 0.1 s x 1.25 = 6.25

    const loopback = new InFlightLimit(500, 100);
    loopback.observe(3); // 500/s x 0.003 s x 1.25 = 1.875

    expect(teams.limit).toBe(7);
    expect(loopback.limit).toBe(2);
  });

  it('when the latency would need more than the ceiling, then the ceiling applies', () => {
    const limit = new InFlightLimit(50, 16);

    limit.observe(1_000); // 62.5 needed

    expect(limit.limit).toBe(16);
  });

  it('when sends answer at once, then one send may still be in flight', () => {
    const limit = new InFlightLimit(50, 16);

    limit.observe(0);

    expect(limit.limit).toBe(1);
  });

  it('when the process stalls and a few sends finish late together, then the limit stays where typical sends put it', () => {
    const limit = new InFlightLimit(500, 16);
    for (let i = 0; i < 20; i++) limit.observe(2); // 500/s x 0.002 s x 1.25 = 1.25
    const typical = limit.limit;

    for (let i = 0; i < 5; i++) limit.observe(60); // a 60 ms stall: an average would allow 8 in flight
    const afterStall = limit.limit;

    expect([typical, afterStall]).toEqual([2, 2]);
  });

  it('when sends really do get slower, then the limit follows once most recent sends are slow, and forgets older ones', () => {
    const limit = new InFlightLimit(1_000, 1_000);
    for (let i = 0; i < 32; i++) limit.observe(100);
    const before = limit.limit; // 1000/s x 0.1 s x 1.25

    for (let i = 0; i < 15; i++) limit.observe(200);
    const minority = limit.limit;
    for (let i = 0; i < 2; i++) limit.observe(200);
    const majority = limit.limit;

    expect([before, minority, majority]).toEqual([125, 125, 250]);
  });

  it('when a clock step makes a send seem to take negative time, then it counts as zero', () => {
    const limit = new InFlightLimit(1_000, 1_000);

    limit.observe(-1_000);
    limit.observe(100);
    limit.observe(100); // samples 0, 100, 100: the median is 100 ms

    expect(limit.limit).toBe(125);
    limit.observe(-5);
    limit.observe(-5); // 0, 0, 0, 100, 100: the median is 0
    expect(limit.limit).toBe(1);
  });
});
