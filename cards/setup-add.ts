import template from './setup-add.json';
import { type AdaptiveCard, expandCard } from './expand';
import { chosenIds, type FocusedView, rosterChoices } from './setup';
import type { TypedPractice } from './setup-practice';
import { Verbs } from './verbs';

export type AddPracticeView = FocusedView<TypedPractice>;

/**
 * The "Add a practice" card, opened from the set-up card: name, ODS code and
 * leads (the team listed once), with "Add practice" and "Back to setup". Its
 * input ids are those of the form the set-up card used to hold, so a set-up
 * card posted before this card existed still adds. Body in 1.2 elements.
 */
export function renderAddPracticeCard(view: AddPracticeView): AdaptiveCard {
  const roster = rosterChoices(view.roster, []);
  return expandCard(template, {
    pcnName: view.pcnName,
    notice: view.notice ?? '',
    name: view.typed?.name ?? '',
    odsCode: view.typed?.odsCode ?? '',
    leadIds: chosenIds(roster, [], view.typed?.leadIds),
    roster,
    verbs: Verbs,
  });
}
