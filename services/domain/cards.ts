import type { AnsweredView, QuickCheckFormView } from './views';

/** An Adaptive Card as plain JSON, ready to send (rendered by a function in cards/). */
export type CardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

/**
 * The port through which services get the quick check's cards for the
 * outbox without importing cards/: wired in bot/app.ts to the renderers in
 * cards/quick-check-renderer.ts.
 */
export interface QuickCheckCardRenderer {
  form(view: QuickCheckFormView): CardJson;
  answered(view: AnsweredView): CardJson;
}
