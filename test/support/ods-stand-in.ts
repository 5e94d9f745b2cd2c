import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A loopback stand-in for the NHS ODS ORD API, serving answers shaped like
 * NHS Digital's documented examples (organisation endpoint: the X26 example;
 * search endpoint: the summary record), for a PCN of two practices, a
 * closed practice, a walk-in centre and one answer ODS would never give.
 * Tests make it answer 429, answer slowly, or close it to be unreachable.
 */

interface StandInOrg {
  readonly code: string;
  readonly name: string;
  readonly status: 'Active' | 'Inactive';
  readonly postCode: string;
  readonly primaryRole: string;
  readonly otherRoles: readonly string[];
  /** RE8 "is partner to" this PCN, with the relationship's status. */
  readonly partnerOf?: { readonly pcn: string; readonly status: 'Active' | 'Inactive' };
}

export const STAND_IN_PCN = 'U12345';

const ORGS: readonly StandInOrg[] = [
  {
    code: 'B82005',
    name: 'RIVERSIDE MEDICAL CENTRE',
    status: 'Active',
    postCode: 'LS1 6AE',
    primaryRole: 'RO177',
    otherRoles: ['RO76'],
    partnerOf: { pcn: STAND_IN_PCN, status: 'Active' },
  },
  {
    code: 'B82010',
    name: 'CASTLE MEDICAL GROUP (THE)',
    status: 'Active',
    postCode: 'LS2 7UE',
    primaryRole: 'RO177',
    otherRoles: ['RO76'],
    partnerOf: { pcn: STAND_IN_PCN, status: 'Active' },
  },
  {
    code: 'B82099',
    name: 'OLD MILL SURGERY',
    status: 'Inactive',
    postCode: 'LS3 1AA',
    primaryRole: 'RO177',
    otherRoles: ['RO76'],
    partnerOf: { pcn: STAND_IN_PCN, status: 'Inactive' },
  },
  {
    code: 'Y02020',
    name: 'LEEDS CITY NHS WALK-IN CENTRE',
    status: 'Active',
    postCode: 'LS1 4AP',
    primaryRole: 'RO177',
    otherRoles: ['RO87'],
  },
  {
    code: STAND_IN_PCN,
    name: 'RIVERSIDE AND CASTLE PCN',
    status: 'Active',
    postCode: 'LS1 6AE',
    primaryRole: 'RO272',
    otherRoles: [],
  },
];

/** A code whose answer lacks the documented fields: the client must refuse it, not guess. */
export const STAND_IN_BROKEN = 'B82666';

const ORG_ID_ROOT = { root: '2.16.840.1.113883.2.1.3.2.4.18.48', assigningAuthorityName: 'HSCIC' };
const DATES = [
  { Type: 'Operational', Start: '2019-07-01' },
  { Type: 'Legal', Start: '2019-07-01' },
];
const role = (id: string, primaryRole: boolean) => ({ id, uniqueRoleId: 100000, primaryRole, Status: 'Active', Date: DATES });

/** GET /organisations/{code}: the organisation endpoint's full record. */
function organisationRecord(org: StandInOrg) {
  return {
    Organisation: {
      Name: org.name,
      Date: DATES,
      OrgId: { ...ORG_ID_ROOT, extension: org.code },
      Status: org.status,
      LastChangeDate: '2024-04-01',
      orgRecordClass: 'RC1',
      GeoLoc: { Location: { AddrLn1: '1 TREVELYAN SQUARE', Town: 'LEEDS', PostCode: org.postCode, Country: 'ENGLAND' } },
      Roles: { Role: [role(org.primaryRole, true), ...org.otherRoles.map((id) => role(id, false))] },
      Rels: {
        Rel: org.partnerOf
          ? [
              {
                Date: DATES,
                Status: org.partnerOf.status,
                Target: {
                  OrgId: { ...ORG_ID_ROOT, extension: org.partnerOf.pcn },
                  PrimaryRoleId: { id: 'RO272', uniqueRoleId: '300000' },
                },
                id: 'RE8',
                uniqueRelId: 400000,
              },
            ]
          : [],
      },
    },
  };
}

/** GET /organisations?...: the search endpoint's summary record. */
function summaryRecord(org: StandInOrg, base: string) {
  return {
    Name: org.name,
    OrgId: org.code,
    Status: org.status,
    OrgRecordClass: 'RC1',
    PostCode: org.postCode,
    LastChangeDate: '2024-04-01',
    PrimaryRoleId: org.primaryRole,
    PrimaryRoleDescription: org.primaryRole === 'RO272' ? 'PRIMARY CARE NETWORK' : 'PRESCRIBING COST CENTRE',
    OrgLink: `${base}/${org.code}`,
  };
}

export interface StandInRequest {
  /** Path and query, as received. */
  readonly url: string;
  /** performance.now() when the request arrived. */
  readonly at: number;
}

export interface OdsStandIn {
  /** The organisations endpoint: what ODS_API_URL would be. */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly requests: StandInRequest[];
  /** The next `count` requests get 429 with this Retry-After header (seconds, a date, or none). */
  rateLimitNext(count: number, retryAfter?: string): void;
  /** Wait this long before each answer from now on. */
  slowBy(ms: number): void;
  close(): Promise<void>;
}

const PATH = '/ORD/2-0-0/organisations';

/** Starts the stand-in on a free loopback port. */
export async function startOdsStandIn(): Promise<OdsStandIn> {
  const requests: StandInRequest[] = [];
  let limited = 0;
  let retryAfter: string | undefined;
  let delayMs = 0;
  let base = '';

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (limited > 0) {
      limited--;
      return send(res, 429, { errorCode: 429, errorText: 'Too Many Requests' }, retryAfter ? { 'retry-after': retryAfter } : {});
    }
    if (url.pathname === PATH) {
      const relType = url.searchParams.get('RelTypeId');
      const target = url.searchParams.get('TargetOrgId')?.toUpperCase();
      const relStatus = url.searchParams.get('RelStatus')?.toLowerCase();
      const matches = ORGS.filter((org) => {
        const rel = org.partnerOf;
        return (
          relType === 'RE8' && rel !== undefined && rel.pcn === target && (!relStatus || rel.status.toLowerCase() === relStatus)
        );
      });
      return send(res, 200, { Organisations: matches.map((org) => summaryRecord(org, base)) });
    }
    const code = url.pathname.startsWith(`${PATH}/`) ? decodeURIComponent(url.pathname.slice(PATH.length + 1)).toUpperCase() : '';
    if (code === STAND_IN_BROKEN) return send(res, 200, { Organisation: { Name: 'BROKEN' } });
    const org = ORGS.find((o) => o.code === code);
    if (!org) return send(res, 404, { errorCode: 404, errorText: 'Not Found' });
    return send(res, 200, organisationRecord(org));
  };

  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', at: performance.now() });
    if (delayMs > 0) setTimeout(() => answer(req, res), delayMs);
    else answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}${PATH}`;

  return {
    url: base,
    requests,
    rateLimitNext(count, header) {
      limited = count;
      retryAfter = header;
    },
    slowBy(ms) {
      delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
