import type { QuickCheckCardRenderer } from '../services/domain';
import { renderQuickCheckCard } from './quick-check';
import { renderAnsweredCard } from './quick-check-answered';

/** The quick check's cards, as the services' renderer port (services/domain/cards.ts). */
export const quickCheckCards: QuickCheckCardRenderer = { form: renderQuickCheckCard, answered: renderAnsweredCard };
