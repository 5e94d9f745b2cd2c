import { Store } from '../../../services/store';
import { SqliteDocumentStore } from '../../../services/store/sqlite/sqlite-store';
import { dump } from '../../bench/national/dump';
import { loadNational, type NationalOptions } from '../../bench/national/generate';
import { nationalShape, NATIONAL, sizeHistogram } from '../../bench/national/shape';

const NOW = new Date('2026-12-01T10:00:00Z');
const SMALL: NationalOptions = {
  seed: 7,
  now: NOW,
  serviceUrl: 'http://127.0.0.1:1',
  pcns: 6,
  practices: 30,
  quarters: 3,
  plansPerPractice: 5,
};

async function loaded(options: NationalOptions) {
  const store = new Store(new SqliteDocumentStore(':memory:'));
  await store.init();
  const counts = await loadNational(store, options);
  return { store, counts };
}

describe('the national data generator', () => {
  it('when asked for England, then shapes 1,250 PCNs of 3 to 12 practices, 6,758 in all', () => {
    const shape = nationalShape(2027);
    const sizes = shape.map((p) => p.practices.length);
    expect(shape).toHaveLength(NATIONAL.pcns);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(NATIONAL.practices);
    expect(Math.min(...sizes)).toBe(3);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(12);
    expect(Object.keys(sizeHistogram(shape)).length).toBeGreaterThan(5);
    expect(new Set(shape.flatMap((p) => p.practices.map((x) => x.odsCode))).size).toBe(NATIONAL.practices);
  });

  it('when loaded twice from one seed, then writes the same documents; another seed writes others', async () => {
    const a = await loaded(SMALL);
    const b = await loaded(SMALL);
    const c = await loaded({ ...SMALL, seed: 8 });
    const [da, db, dc] = await Promise.all([dump(a.store), dump(b.store), dump(c.store)]);
    expect(da).toEqual(db);
    expect(dc).not.toEqual(da);
    await Promise.all([a.store.close(), b.store.close(), c.store.close()]);
  });

  it('when loaded small, then counts match the store and the newest round alone is open', async () => {
    const { store, counts } = await loaded(SMALL);
    expect(counts).toMatchObject({ pcns: 6, practices: 30, rounds: 18, plans: 150 });
    expect(counts.answers).toBeGreaterThan(0);
    expect(counts.history).toBeGreaterThanOrEqual(counts.answers);
    const shape = nationalShape(7, 6, 30);
    const first = shape[0]!;
    expect(await store.practices.list(first.pcnId)).toHaveLength(first.practices.length);
    expect((await store.quickCheck.getRound(first.pcnId, '2026-Q4'))?.status).toBe('open');
    expect((await store.quickCheck.getRound(first.pcnId, '2026-Q3'))?.status).toBe('closed');
    const plans = await store.plans.between(first.pcnId, { start: '2026-06-01', end: '2027-06-30' });
    expect(plans).toHaveLength(first.practices.length * 5);
    expect((await store.channels.list(first.pcnId)).length).toBeGreaterThanOrEqual(first.practices.length);
    await store.close();
  });
});
