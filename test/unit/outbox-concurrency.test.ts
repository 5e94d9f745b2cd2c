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

  it('when later sends take longer, then the latency moves a fifth of the way to each new sample', () => {
    const limit = new InFlightLimit(1_000, 1_000);

    limit.observe(100);
    const first = limit.limit; // 1000/s x 0.1 s x 1.25
    limit.observe(200); // 0.8 x 100 + 0.2 x 200 = 120 ms
    const second = limit.limit;
    limit.observe(120); // stays at 120 ms
    const steady = limit.limit;

    expect([first, second, steady]).toEqual([125, 150, 150]);
  });

  it('when a clock step makes a send seem to take negative time, then it counts as zero in the average', () => {
    const limit = new InFlightLimit(1_000, 1_000);

    limit.observe(-1_000);
    limit.observe(100); // 0.8 x 0 + 0.2 x 100 = 20 ms

    expect(limit.limit).toBe(25);
  });
});
