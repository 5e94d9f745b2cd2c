import template from './setup-several.json';
import { type AdaptiveCard, expandCard } from './expand';
import type { SetupNotice } from './setup';
import { Verbs } from './verbs';

export interface SeveralPracticesView {
  readonly pcnName: string;
  /** ODS look-ups are on: the card says a code alone, or the PCN's code, will do. */
  readonly lookup: boolean;
  /** The list as typed (after a refusal), or as filled in from a PCN's practices. */
  readonly list?: string;
  /** What to fix, or (kind 'success') what was filled in to check. */
  readonly notice?: SetupNotice;
}

/**
 * The "Add several practices" card, opened from the set-up card: one box
 * for a list pasted from a spreadsheet or typed, one practice a line, with
 * "Add practices" and "Back to setup". It lists no one, so it stays small;
 * leads are chosen next, one practice at a time (setup-leads.ts). Body in
 * 1.2 elements.
 */
export function renderSeveralPracticesCard(view: SeveralPracticesView): AdaptiveCard {
  return expandCard(template, {
    pcnName: view.pcnName,
    lookup: view.lookup,
    list: view.list ?? '',
    notice: view.notice?.text ?? '',
    noticeColour: view.notice?.kind === 'error' ? 'Attention' : 'Default',
    verbs: Verbs,
  });
}
