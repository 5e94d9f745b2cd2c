import template from './setup-practice.json';
import { SERVICES, type ServiceCode } from '../services/domain';
import { type AdaptiveCard, expandCard } from './expand';
import { chosenIds, type FocusedView, rosterChoices, type SetupPractice } from './setup';
import { Verbs } from './verbs';

/** What the admin typed on the edit or add card, shown again when it could not be saved; what is missing shows as stored. */
export interface TypedPractice {
  readonly name?: string;
  readonly odsCode?: string;
  readonly leadIds?: readonly string[];
  readonly services?: readonly ServiceCode[];
  readonly otherServices?: string;
}

export interface PracticeEditView extends FocusedView<TypedPractice> {
  readonly practice: SetupPractice & { readonly services?: readonly ServiceCode[]; readonly otherServices?: string };
}

const SERVICE_CHOICES = Object.entries(SERVICES).map(([value, title]) => ({ value, title }));

/**
 * One practice's card, opened by "Edit" on the set-up card: its name, ODS
 * code and leads (the team listed once, current leads chosen), with "Save
 * practice", "Remove practice" and "Back to setup". Input ids carry the
 * practice id, as the set-up card's edit forms always have, so a set-up card
 * posted before this card existed still saves. The services it offers
 * (ticks from SERVICES, and other services in its own words) tell the plan
 * checks what the other practices can promise. Body in 1.2 elements, like
 * the set-up card.
 */
export function renderPracticeEditCard(view: PracticeEditView): AdaptiveCard {
  const { practice, typed } = view;
  const roster = rosterChoices(view.roster, practice.leads);
  return expandCard(template, {
    pcnName: view.pcnName,
    title: practice.name,
    notice: view.notice ?? '',
    practiceId: practice.practiceId,
    name: typed?.name ?? practice.name,
    odsCode: typed?.odsCode ?? practice.odsCode,
    leadIds: chosenIds(roster, practice.leads, typed?.leadIds),
    serviceIds: (typed?.services ?? practice.services ?? []).join(','),
    otherServices: typed?.otherServices ?? practice.otherServices ?? '',
    services: SERVICE_CHOICES,
    roster,
    verbs: Verbs,
  });
}
