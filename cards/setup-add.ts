import template from './setup-add.json';
import { type AdaptiveCard, expandCard } from './expand';
import { chosenIds, type FocusedView, rosterChoices } from './setup';
import type { TypedPractice } from './setup-practice';
import { Verbs } from './verbs';

export interface AddPracticeView extends FocusedView<TypedPractice> {
  /** ODS look-ups are on: the name may be left empty, and the NHS directory gives it. */
  readonly lookup?: boolean;
}

/**
 * The "Add a practice" card, opened from the set-up card: name, ODS code and
 * leads (the team listed once), with "Add practice" and "Back to setup".
 * With ODS look-ups on, the name may be left empty: the handler asks the
 * NHS directory. Its input ids are those of the form the set-up card used
 * to hold, so a set-up card posted before this card existed still adds.
 * Body in 1.2 elements.
 */
export function renderAddPracticeCard(view: AddPracticeView): AdaptiveCard {
  const roster = rosterChoices(view.roster, []);
  return expandCard(template, {
    pcnName: view.pcnName,
    notice: view.notice ?? '',
    lookup: view.lookup ?? false,
    namePlaceholder: view.lookup ? 'Leave empty to use the name in the NHS directory' : 'For example, Riverside Surgery',
    name: view.typed?.name ?? '',
    odsCode: view.typed?.odsCode ?? '',
    leadIds: chosenIds(roster, [], view.typed?.leadIds),
    roster,
    verbs: Verbs,
  });
}
