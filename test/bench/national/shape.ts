import { seededRandom } from '../../support/teams-connector';

/** England: about 1,250 PCNs formed by 6,758 practices (BJGP 2020). */
export const NATIONAL = { pcns: 1_250, practices: 6_758 } as const;
const MIN_PER_PCN = 3;
const MAX_PER_PCN = 12;

export const NATIONAL_TENANT = 'nhs-national-tenant';
export const BOT_ID = '28:national-bot';

export interface PcnShape {
  readonly index: number;
  readonly pcnId: string;
  readonly teamId: string;
  readonly name: string;
  readonly admin: { readonly aadObjectId: string; readonly name: string };
  readonly practices: readonly PracticeShape[];
}

export interface PracticeShape {
  readonly practiceId: string;
  readonly name: string;
  readonly odsCode: string;
  readonly lead: { readonly aadObjectId: string; readonly name: string };
}

const PLACES = ['Riverside', 'Hillview', 'Parkway', 'Oakwood', 'Meadow', 'Castle', 'Abbey', 'Bridge', 'Market', 'Station'];
const KINDS = ['Surgery', 'Medical Centre', 'Health Centre', 'Practice', 'Family Practice'];

/** PCNs with more than 10 practices in England (BJGP 2020). */
const LARGE_PCNS = 77;

/**
 * The nation's PCNs and practices, deterministic from the seed: 77 PCNs of
 * 11 or 12 practices (England's tail), every other PCN starting at 3 with
 * the rest joining at random up to 10, which gives England's bell around 5.
 */
export function nationalShape(seed: number, pcns: number = NATIONAL.pcns, practices: number = NATIONAL.practices): PcnShape[] {
  if (practices < pcns * MIN_PER_PCN || practices > pcns * MAX_PER_PCN) throw new Error('Impossible PCN sizes');
  const random = seededRandom(seed);
  const sizes = new Array<number>(pcns).fill(MIN_PER_PCN);
  const caps = new Array<number>(pcns).fill(10);
  // Scaled down with the nation, so a small test set keeps the same shape.
  let large = Math.round((LARGE_PCNS * pcns) / NATIONAL.pcns);
  let left = practices - pcns * MIN_PER_PCN;
  while (large > 0 && left > 9) {
    const i = Math.floor(random() * pcns);
    if (caps[i] === MAX_PER_PCN) continue;
    caps[i] = MAX_PER_PCN;
    sizes[i] = 11 + Math.floor(random() * 2);
    left -= (sizes[i] as number) - MIN_PER_PCN;
    large--;
  }
  while (left > 0) {
    const i = Math.floor(random() * pcns);
    if ((sizes[i] as number) >= (caps[i] as number)) continue;
    sizes[i] = (sizes[i] as number) + 1;
    left--;
  }
  let next = 0;
  return sizes.map((size, index) => {
    const n = String(index + 1).padStart(4, '0');
    const teamId = `19:pcn-${n}@thread.tacv2`;
    return {
      index,
      pcnId: `${NATIONAL_TENANT}:${teamId}`,
      teamId,
      name: `${PLACES[index % PLACES.length]} ${n} PCN`,
      admin: { aadObjectId: `aad-admin-${n}`, name: `Admin ${n}` },
      practices: Array.from({ length: size }, (_, i) => {
        const p = ++next;
        const code = String(p).padStart(5, '0');
        return {
          practiceId: `P${code}`,
          name: `${PLACES[(index + i) % PLACES.length]} ${KINDS[p % KINDS.length]} ${code}`,
          odsCode: `Y${code}`,
          lead: { aadObjectId: `aad-lead-${code}`, name: `Lead ${code}` },
        };
      }),
    };
  });
}

/** How many PCNs have each size, for the report. */
export function sizeHistogram(shape: readonly PcnShape[]): Record<string, number> {
  const histogram: Record<string, number> = {};
  for (const p of shape) histogram[p.practices.length] = (histogram[p.practices.length] ?? 0) + 1;
  return histogram;
}
