import type { DocumentStore, Page, QueryOptions } from '../../../services/store/documents';
import { ids, type Note, note } from './fixtures';

/** Reads every page, checking the paging promises on the way: full pages until the last, which has no continuation. */
async function readPages(fetch: (options: QueryOptions) => Promise<Page<Note>>, options: QueryOptions): Promise<string[][]> {
  const pages: string[][] = [];
  let continuation: string | undefined;
  do {
    const page = await fetch({ ...options, continuation });
    pages.push(ids(page.items));
    continuation = page.continuation;
    if (continuation) expect(page.items).toHaveLength(options.limit ?? 100);
  } while (continuation && pages.length < 100);
  expect(pages[pages.length - 1].length).toBeLessThanOrEqual(options.limit ?? 100);
  return pages;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Queries: type-exact filters, null filters, ordering with id tie-breaks, paging, and cross-partition reads. */
export function queryContract(store: () => DocumentStore): void {
  const seed = async (...docs: ReturnType<typeof note>[]) => {
    for (const d of docs) await store().create(d);
  };

  it('when filtering on a value, then equality is type-exact: 1 matches neither "1" nor true', async () => {
    await seed(
      note('pcn-a', 'plan:num', { flag: 1 }),
      note('pcn-a', 'plan:str', { flag: '1' }),
      note('pcn-a', 'plan:bool', { flag: true }),
    );

    const byNumber = await store().query<Note>('pcn-a', 'plan', { where: { flag: 1 } });
    const byString = await store().query<Note>('pcn-a', 'plan', { where: { flag: '1' } });
    const byBoolean = await store().query<Note>('pcn-a', 'plan', { where: { flag: true } });

    expect(ids(byNumber.items)).toEqual(['plan:num']);
    expect(ids(byString.items)).toEqual(['plan:str']);
    expect(ids(byBoolean.items)).toEqual(['plan:bool']);
  });

  it('when filtering on null, then documents whose field is null or missing match, and falsy values do not', async () => {
    await seed(
      note('pcn-a', 'plan:a', { flag: null }),
      note('pcn-a', 'plan:b'),
      note('pcn-a', 'plan:c', { flag: 0 }),
      note('pcn-a', 'plan:d', { flag: '' }),
      note('pcn-a', 'plan:e', { flag: false }),
    );

    const page = await store().query<Note>('pcn-a', 'plan', { where: { flag: null } });

    expect(ids(page.items)).toEqual(['plan:a', 'plan:b']);
  });

  it('when filtering on several fields, then a document must match them all', async () => {
    await seed(
      note('pcn-a', 'plan:1', { name: 'A', rank: 1 }),
      note('pcn-a', 'plan:2', { name: 'A', rank: 2 }),
      note('pcn-a', 'plan:3', { name: 'B', rank: 1 }),
    );

    const page = await store().query<Note>('pcn-a', 'plan', { where: { name: 'A', rank: 1 } });

    expect(ids(page.items)).toEqual(['plan:1']);
  });

  it('when querying by id prefix, then only ids starting with it come back, with the other filters, and no neighbours', async () => {
    await seed(
      note('pcn-a', 'plan:2027-Q1%3AP1', { name: 'A' }),
      note('pcn-a', 'plan:2027-Q1%3AP2', { name: 'B' }),
      note('pcn-a', 'plan:2027-Q1', { name: 'A' }),
      note('pcn-a', 'plan:2027-Q10%3AP1', { name: 'A' }),
      note('pcn-a', 'plan:2027-Q2%3AP1', { name: 'A' }),
      note('pcn-b', 'plan:2027-Q1%3AP3', { name: 'A' }),
    );

    const all = await store().query<Note>('pcn-a', 'plan', { idPrefix: 'plan:2027-Q1%3A' });
    const named = await store().query<Note>('pcn-a', 'plan', { idPrefix: 'plan:2027-Q1%3A', where: { name: 'A' } });

    expect(ids(all.items)).toEqual(['plan:2027-Q1%3AP1', 'plan:2027-Q1%3AP2']);
    expect(ids(named.items)).toEqual(['plan:2027-Q1%3AP1']);
  });

  it('when querying by string ranges, then both ends are inclusive, either may be left open, only strings match, and the other filters still apply', async () => {
    await seed(
      note('pcn-a', 'plan:early', { start: '2026-11-30', end: '2026-12-01', name: 'A' }),
      note('pcn-a', 'plan:first', { start: '2026-12-01', end: '2026-12-01', name: 'A' }),
      note('pcn-a', 'plan:mid', { start: '2026-12-15', end: '2027-01-20', name: 'B' }),
      note('pcn-a', 'plan:last', { start: '2026-12-31', end: '2026-12-31', name: 'A' }),
      note('pcn-a', 'plan:late', { start: '2027-01-01', end: '2027-01-02', name: 'A' }),
      note('pcn-a', 'plan:number', { start: 20261215, end: '2026-12-20', name: 'A' }),
      note('pcn-a', 'plan:none', { end: '2026-12-20', name: 'A' }),
      note('pcn-a', 'channel:dec', { start: '2026-12-10', end: '2026-12-10' }, 'channel'),
      note('pcn-b', 'plan:dec', { start: '2026-12-10', end: '2026-12-10' }),
    );

    const december = await store().query<Note>('pcn-a', 'plan', { ranges: { start: { from: '2026-12-01', to: '2026-12-31' } } });
    const fromMid = await store().query<Note>('pcn-a', 'plan', { ranges: { start: { from: '2026-12-15' } } });
    const upToFirst = await store().query<Note>('pcn-a', 'plan', { ranges: { start: { to: '2026-12-01' } } });
    const overlapping = await store().query<Note>('pcn-a', 'plan', {
      ranges: { start: { to: '2026-12-31' }, end: { from: '2026-12-02' } },
      where: { name: 'B' },
    });

    expect(ids(december.items)).toEqual(['plan:first', 'plan:last', 'plan:mid']);
    expect(ids(fromMid.items)).toEqual(['plan:last', 'plan:late', 'plan:mid']);
    expect(ids(upToFirst.items)).toEqual(['plan:early', 'plan:first']);
    expect(ids(overlapping.items)).toEqual(['plan:mid']);
  });

  it("when counting, then the store counts that partition's documents of that type matching the filter, type-exact", async () => {
    await seed(
      note('pcn-a', 'plan:1', { name: 'sent', rank: 1 }),
      note('pcn-a', 'plan:2', { name: 'sent', rank: 2 }),
      note('pcn-a', 'plan:3', { name: 'parked', rank: 1 }),
      note('pcn-a', 'plan:4', { rank: 1 }),
      note('pcn-a', 'plan:5', { name: null, flag: '1' }),
      note('pcn-a', 'channel:1', { name: 'sent' }, 'channel'),
      note('pcn-b', 'plan:1', { name: 'sent' }),
    );

    await expect(store().count('pcn-a', 'plan')).resolves.toBe(5);
    await expect(store().count('pcn-a', 'plan', { name: 'sent' })).resolves.toBe(2);
    await expect(store().count('pcn-a', 'plan', { name: 'sent', rank: 1 })).resolves.toBe(1);
    await expect(store().count('pcn-a', 'plan', { name: null })).resolves.toBe(2);
    await expect(store().count('pcn-a', 'plan', { flag: 1 })).resolves.toBe(0);
    await expect(store().count('pcn-a', 'plan', { name: 'nobody' })).resolves.toBe(0);
    await expect(store().count('pcn-c', 'plan')).resolves.toBe(0);
  });

  it('when querying one partition, then only that type in that PCN comes back, in id order by default', async () => {
    await seed(
      note('pcn-a', 'plan:3'),
      note('pcn-a', 'plan:1'),
      note('pcn-a', 'plan:2'),
      note('pcn-a', 'channel:1', {}, 'channel'),
      note('pcn-b', 'plan:0'),
    );

    const page = await store().query<Note>('pcn-a', 'plan');

    expect(ids(page.items)).toEqual(['plan:1', 'plan:2', 'plan:3']);
    expect(page.continuation).toBeUndefined();
  });

  it('when ordering by a text field, then ties break on id in the same direction', async () => {
    await seed(
      note('pcn-a', 'plan:c', { name: 'Beta' }),
      note('pcn-a', 'plan:a', { name: 'Beta' }),
      note('pcn-a', 'plan:b', { name: 'Alpha' }),
      note('pcn-a', 'plan:d', { name: 'Gamma' }),
    );

    const asc = await store().query<Note>('pcn-a', 'plan', { orderBy: { field: 'name' } });
    const desc = await store().query<Note>('pcn-a', 'plan', { orderBy: { field: 'name', direction: 'desc' } });

    expect(ids(asc.items)).toEqual(['plan:b', 'plan:a', 'plan:c', 'plan:d']);
    expect(ids(desc.items)).toEqual(['plan:d', 'plan:c', 'plan:a', 'plan:b']);
  });

  it('when ordering by a number field, then it sorts numerically, not as text', async () => {
    await seed(
      note('pcn-a', 'plan:1', { rank: 10 }),
      note('pcn-a', 'plan:2', { rank: 9 }),
      note('pcn-a', 'plan:3', { rank: 100 }),
    );

    const asc = await store().query<Note>('pcn-a', 'plan', { orderBy: { field: 'rank', direction: 'asc' } });

    expect(asc.items.map((i) => i.rank)).toEqual([9, 10, 100]);
  });

  it('when some documents lack the sort field, then they come first ascending and last descending', async () => {
    await seed(
      note('pcn-a', 'plan:y', { name: 'A' }),
      note('pcn-a', 'plan:x'),
      note('pcn-a', 'plan:z', { name: 'B' }),
      note('pcn-a', 'plan:w'),
    );

    const asc = await store().query<Note>('pcn-a', 'plan', { orderBy: { field: 'name' } });
    const desc = await store().query<Note>('pcn-a', 'plan', { orderBy: { field: 'name', direction: 'desc' } });

    expect(ids(asc.items)).toEqual(['plan:w', 'plan:x', 'plan:y', 'plan:z']);
    expect(ids(desc.items)).toEqual(['plan:z', 'plan:y', 'plan:x', 'plan:w']);
  });

  it('when paging through many documents, then each comes exactly once, in order, in full pages until the last', async () => {
    const names = Array.from({ length: 23 }, (_, i) => pad(i));
    for (const n of names) await store().create(note('pcn-a', `plan:${n}`, { name: `n${pad(22 - Number(n))}` }));

    const pages = await readPages((o) => store().query<Note>('pcn-a', 'plan', o), {
      limit: 5,
      orderBy: { field: 'name', direction: 'desc' },
    });

    expect(pages.length).toBeGreaterThanOrEqual(5);
    expect(pages.flat()).toEqual(names.map((n) => `plan:${n}`));
  });

  it('when a continuation token was not issued by the store, then the query fails', async () => {
    await expect(store().query('pcn-a', 'plan', { continuation: 'not-a-token' })).rejects.toThrow();
  });

  it('when the limit is not a positive whole number, then the query fails', async () => {
    await expect(store().query('pcn-a', 'plan', { limit: 0 })).rejects.toThrow();
    await expect(store().query('pcn-a', 'plan', { limit: 1.5 })).rejects.toThrow();
  });

  it('when querying all partitions, then every PCN comes back, ordered by PCN and then id, that type only', async () => {
    await seed(
      note('pcn-b', 'plan:1'),
      note('pcn-a', 'plan:2'),
      note('pcn-a', 'plan:1'),
      note('pcn-c', 'plan:0'),
      note('pcn-a', 'channel:1', {}, 'channel'),
    );

    const page = await store().queryAllPartitions<Note>('plan');

    expect(page.items.map((i) => `${i.pcnId}/${i.id}`)).toEqual(['pcn-a/plan:1', 'pcn-a/plan:2', 'pcn-b/plan:1', 'pcn-c/plan:0']);
  });

  it('when ordering across partitions, then ties break on PCN and then id, in the same direction', async () => {
    await seed(
      note('pcn-b', 'plan:1', { name: 'X' }),
      note('pcn-a', 'plan:2', { name: 'X' }),
      note('pcn-a', 'plan:1', { name: 'Y' }),
      note('pcn-c', 'plan:0', { name: 'X' }),
    );

    const asc = await store().queryAllPartitions<Note>('plan', { orderBy: { field: 'name' } });
    const desc = await store().queryAllPartitions<Note>('plan', { orderBy: { field: 'name', direction: 'desc' } });

    const keys = (p: Page<Note>) => p.items.map((i) => `${i.pcnId}/${i.id}`);
    expect(keys(asc)).toEqual(['pcn-a/plan:2', 'pcn-b/plan:1', 'pcn-c/plan:0', 'pcn-a/plan:1']);
    expect(keys(desc)).toEqual(['pcn-a/plan:1', 'pcn-c/plan:0', 'pcn-b/plan:1', 'pcn-a/plan:2']);
  });

  it('when paging across partitions with a filter, then every matching item comes exactly once', async () => {
    const expected: string[] = [];
    for (const pcn of ['pcn-c', 'pcn-a', 'pcn-b']) {
      for (let i = 0; i < 5; i++) {
        await store().create(note(pcn, `plan:${i}`, { flag: i % 2 === 0 }));
        if (i % 2 === 0) expected.push(`${pcn}/plan:${i}`);
      }
    }
    expected.sort();

    const keys: string[] = [];
    let continuation: string | undefined;
    do {
      const page = await store().queryAllPartitions<Note>('plan', { where: { flag: true }, limit: 2, continuation });
      keys.push(...page.items.map((i) => `${i.pcnId}/${i.id}`));
      continuation = page.continuation;
    } while (continuation);

    expect(keys).toEqual(expected);
  });
}
