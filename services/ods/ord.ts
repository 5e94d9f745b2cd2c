import { z } from 'zod';

/**
 * The NHS Organisation Data Service (ODS) ORD API as this bot reads it:
 * public reference data, no key, JSON by default.
 *
 * What the codes and shapes rest on:
 * - GET {organisations}/{odsCode}: `Organisation.Name`, `.OrgId.extension`,
 *   `.Status` ("Active" or "Inactive"), `.Roles.Role[]` ({ id, primaryRole,
 *   Status }) and `.Rels.Rel[]` ({ id, Status, Target.OrgId.extension,
 *   Target.PrimaryRoleId.id }). NHS Digital, "Organisation endpoint",
 *   https://digital.nhs.uk/services/organisation-data-service/organisation-data-service-apis/technical-guidance-ord/organisation-endpoint
 * - GET {organisations}?RelTypeId=&TargetOrgId=&RelStatus=&Limit=: a summary
 *   per organisation in `Organisations[]` ({ Name, OrgId, Status,
 *   PrimaryRoleId, ... }). NHS Digital, "Search endpoint" (membership
 *   queries added August 2019),
 *   https://digital.nhs.uk/services/organisation-data-service/guidance-for-developers/search-endpoint
 * - A "GP practice" code is a Prescribing Cost Centre (primary role RO177)
 *   with the non-primary role RO76 GP Practice: walk-in centres and out of
 *   hours services are RO177 too. NHS Digital, "Search parameters",
 *   https://digital.nhs.uk/services/organisation-data-service/technical-guides/guidance-for-developers/search-parameters
 *   and the ODS reference data catalogue, "GP Practices (Prescribing Cost Centres)".
 * - A PCN has the primary role RO272 PRIMARY CARE NETWORK (the roles code
 *   system, GET /ORD/2-0-0/roles) and a code of "U" and five digits (NHS
 *   Digital, "Primary Care Networks: publication of ODS codes", 2019).
 * - Its core member practices hold an "RE8 Is Partner To" relationship to
 *   it: ODS reference data catalogue, "Primary Care Network",
 *   https://odsdatasearchandexport.dc4h.link/referenceDataCatalogue/Primary-Care-Network_587369054.html
 * - "Keep usage below 5 requests per second": NHS Digital API catalogue,
 *   https://digital.nhs.uk/developer/api-catalogue/organisation-data-service-ord
 */
export const OdsCodes = {
  prescribingCostCentre: 'RO177',
  gpPractice: 'RO76',
  primaryCareNetwork: 'RO272',
  isPartnerTo: 'RE8',
} as const;

/** ODS codes are letters and digits (a practice B82005, a PCN U12345); anything else cannot exist, so is never sent. */
export const ODS_CODE = /^[A-Z0-9]{3,10}$/;

const ACTIVE = 'active';
export const isActive = (status: string | undefined) => status?.toLowerCase() === ACTIVE;

/** The API gives a list as an array; accept a lone object too rather than fail on a one-item list. */
const asList = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const Role = z.object({ id: z.string(), primaryRole: z.boolean().optional(), Status: z.string().optional() });

const Rel = z.object({
  id: z.string(),
  Status: z.string().optional(),
  Target: z.object({
    OrgId: z.object({ extension: z.string() }),
    PrimaryRoleId: z.object({ id: z.string() }).optional(),
  }),
});

/** GET {organisations}/{odsCode}: the fields the bot uses; the rest is ignored. */
export const OrganisationResponse = z.object({
  Organisation: z.object({
    Name: z.string().min(1),
    OrgId: z.object({ extension: z.string().min(1) }),
    Status: z.string(),
    Roles: z.object({ Role: z.preprocess(asList, z.array(Role)) }).optional(),
    Rels: z.object({ Rel: z.preprocess(asList, z.array(Rel)) }).optional(),
  }),
});
export type OrganisationResponse = z.infer<typeof OrganisationResponse>;

/** GET {organisations}?{search}: one summary per organisation (no results may come as an empty or absent list). */
export const SearchResponse = z.object({
  Organisations: z
    .preprocess(
      asList,
      z.array(
        z.object({
          Name: z.string().min(1),
          OrgId: z.string().min(1),
          Status: z.string().optional(),
          PrimaryRoleId: z.string().optional(),
        }),
      ),
    )
    .default([]),
});
export type SearchResponse = z.infer<typeof SearchResponse>;
