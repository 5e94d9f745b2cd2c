import type { QuickCheck } from '../../services/quick-check';
import type { BotDeps } from '../deps';
import type { TurnInfo } from '../turn';

/** What the quick-check handlers need from BotDeps. */
export type QuickCheckBotDeps = Pick<BotDeps, 'logger' | 'clock'> & { readonly quickCheck: QuickCheck };

/**
 * The PCN a card action belongs to. In a team the turn says which; a card
 * from another team is refused. A lead's 1:1 copy has no team in the turn,
 * so the card's own pcnId is used, but only within the person's own tenant
 * (the answerer check then decides whether they may act for it).
 */
export function pcnForCard(turn: TurnInfo, cardPcnId: string | undefined): { pcnId: string } | { problem: string } {
  if (turn.pcnId) {
    if (cardPcnId && cardPcnId !== turn.pcnId)
      return { problem: 'This card belongs to another team, so I have not recorded anything.' };
    return { pcnId: turn.pcnId };
  }
  if (cardPcnId && cardPcnId.startsWith(`${turn.tenantId}:`)) return { pcnId: cardPcnId };
  return { problem: 'I could not tell which PCN this card belongs to. Please answer on the card in your PCN team channel.' };
}
