import type { DocType, NewDocument } from '../../../services/store/documents';

/** Fields of the test documents; `flag` takes several JSON types to test type-exact filters. */
export type Note = {
  readonly name?: string | null;
  readonly rank?: number;
  readonly flag?: boolean | number | string | null;
  readonly body?: string;
  /** Dates, for range queries; a number where a test needs a field that is not a string. */
  readonly start?: string | number;
  readonly end?: string;
};

/** Fields the contract orders by; an adapter that needs indexes declared (Cosmos DB) is given these. */
export const CONTRACT_SORT_FIELDS = ['name', 'rank', 'flag'] as const;

/** A test document of `type` (default plan) in partition `pcnId`. */
export function note(pcnId: string, id: string, fields: Note = {}, type: DocType = 'plan'): NewDocument<Note> {
  return { pcnId, type, id, ...fields };
}

/** Ids of a page's items, for order assertions. */
export function ids(items: readonly { readonly id: string }[]): string[] {
  return items.map((i) => i.id);
}
