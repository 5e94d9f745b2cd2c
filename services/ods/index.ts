/**
 * The NHS Organisation Data Service as the rest of the bot sees it: a
 * practice's name by ODS code and a PCN's member practices. No botbuilder
 * here; setup wires it from the config.
 */
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { OdsClient, type OdsPcnMember, type OdsPractice } from './client';

export { OdsClient, retryAfterMs, type OdsClientOptions, type OdsPcnMember, type OdsPractice } from './client';
export { OdsError, type OdsErrorCode, OdsRateLimitedError, OdsResponseError, OdsUnavailableError } from './errors';
export { titleCaseOrgName } from './names';
export { OdsCodes } from './ord';

/**
 * Where practice names come from. Both answer "nothing" (undefined, empty)
 * when look-ups are off, and throw an OdsError when ODS cannot answer.
 */
export interface PracticeDirectory {
  /** The practice with this ODS code (`B82005`, any case); undefined when there is none. */
  practiceByCode(odsCode: string): Promise<OdsPractice | undefined>;
  /** The PCN's active member practices (`U12345`), sorted by name. */
  pcnMembers(pcnCode: string): Promise<readonly OdsPcnMember[]>;
}

/** The directory the config asks for: ODS_LOOKUP on or off, at ODS_API_URL. */
export function createPracticeDirectory(
  config: Pick<Config, 'ods'>,
  deps: { readonly logger: Logger; readonly clock?: Clock },
): PracticeDirectory {
  return new OdsClient({ baseUrl: config.ods.apiUrl, enabled: config.ods.lookup, logger: deps.logger, clock: deps.clock });
}
