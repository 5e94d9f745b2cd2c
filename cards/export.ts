import linkTemplate from './export-link.json';
import offerTemplate from './export-offer.json';
import { type AdaptiveCard, expandCard } from './expand';
import { Verbs } from './verbs';

/**
 * The export, in two cards. The offer is posted where `export` was typed,
 * often a channel; its button is an Action.Execute, whose answer Teams
 * shows to the person who pressed it alone, so the link card reaches that
 * admin only.
 */
export interface ExportOfferView {
  /** "every quarter" or "2026-Q3". */
  readonly what: string;
  /** `all` or a quarter id, sent back with the button. */
  readonly quarter: string;
}

export function renderExportOfferCard(view: ExportOfferView): AdaptiveCard {
  return expandCard(offerTemplate, { what: view.what, quarter: view.quarter, verbs: Verbs });
}

export interface ExportLinkView {
  readonly what: string;
  readonly url: string;
  /** "10:45": when the link stops working (UK time). */
  readonly until: string;
}

export function renderExportLinkCard(view: ExportLinkView): AdaptiveCard {
  return expandCard(linkTemplate, { what: view.what, url: view.url, until: view.until });
}
