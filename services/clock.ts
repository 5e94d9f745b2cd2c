/** Time as the product sees it. Production uses the system clock; tests use a fake. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
