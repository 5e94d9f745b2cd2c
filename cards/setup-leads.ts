import template from './setup-leads.json';
import { type AdaptiveCard, expandCard } from './expand';
import { chosenIds, type FocusedView, rosterChoices, type SetupNotice, type SetupPractice } from './setup';
import { Verbs } from './verbs';

export interface LeadsView extends Omit<FocusedView<readonly string[]>, 'notice'> {
  /** The practice whose leads to choose: one of those just added. */
  readonly practice: SetupPractice;
  /** The practices added after it, still to go, in order. */
  readonly queue: readonly string[];
  /** How many were added together. */
  readonly total: number;
  /** What was just done (kind 'success'), or what to fix. */
  readonly notice?: SetupNotice;
}

/**
 * One new practice's leads, after "Add several practices": the practice is
 * the title, the team is listed once (current leads chosen), and "Save and
 * next" saves and shows the next practice added ("Save and finish" on the
 * last, which shows the set-up card). Choosing nobody and pressing it moves
 * on. The practices still to go ride in the button's data, so no state is
 * kept between clicks. Body in 1.2 elements.
 */
export function renderLeadsCard(view: LeadsView): AdaptiveCard {
  const { practice } = view;
  const roster = rosterChoices(view.roster, practice.leads);
  return expandCard(template, {
    pcnName: view.pcnName,
    title: `${practice.name} (${practice.odsCode})`,
    position: Math.max(1, view.total - view.queue.length),
    total: view.total,
    notice: view.notice?.text ?? '',
    noticeColour: view.notice?.kind === 'error' ? 'Attention' : 'Default',
    practiceId: practice.practiceId,
    leadIds: chosenIds(roster, practice.leads, view.typed),
    roster,
    queue: view.queue.join(','),
    saveTitle: view.queue.length ? 'Save and next' : 'Save and finish',
    verbs: Verbs,
  });
}
