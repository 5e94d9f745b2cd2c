import { Template } from 'adaptivecards-templating';

/** An Adaptive Card as plain JSON, ready to send. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

/**
 * Expands a card template (a JSON file in cards/) with data. Templates are
 * deep-copied by the engine, so the imported JSON is never mutated.
 */
export function expandCard(template: object, data: object): AdaptiveCard {
  const card = new Template(template).expand({ $root: data }) as AdaptiveCard;
  if (card?.type !== 'AdaptiveCard') throw new Error('Card template did not expand to an AdaptiveCard');
  return card;
}
