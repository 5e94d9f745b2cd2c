import type { DraftContext, PlanWarning } from '../../domain/warnings';
import { checkArgumentative } from './argumentative';
import { checkInvitesContact } from './invites-contact';
import { checkNoSignpost } from './no-signpost';
import { checkPatientId } from './patient-id';
import { checkServicePromise } from './service-promise';
import { readDraft } from './text';

export { isValidNhsNumber } from './nhs-number';

/**
 * The five text checks on a planned post's draft, in the order of
 * TEXT_WARNINGS. Each runs on the words alone (regular expressions and word
 * lists: no network, no model), and each warning's reason names the words
 * that raised it and its fix says what to write instead.
 */
export function checkDraft(text: string, context: DraftContext): PlanWarning[] {
  const draft = readDraft(text);
  return [
    checkPatientId(draft),
    checkNoSignpost(draft),
    checkInvitesContact(draft),
    checkArgumentative(draft),
    checkServicePromise(draft, context),
  ].filter((w): w is PlanWarning => w !== undefined);
}
