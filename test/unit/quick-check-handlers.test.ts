import { pcnForCard } from '../../bot/handlers/quick-check-common';
import type { TurnInfo } from '../../bot/turn';

const person = { aadObjectId: 'aad-lead', name: 'Priya Shah' };
const teamTurn: TurnInfo = {
  tenantId: 'tenant-1',
  user: person,
  address: {
    conversationId: '19:t;messageid=1',
    serviceUrl: 'http://x',
    tenantId: 'tenant-1',
    botId: 'b',
    isGroup: true,
    conversationType: 'channel',
  },
  team: { teamId: '19:t', aadGroupId: 'group-1' },
  pcnId: 'tenant-1:group-1',
};
const personalTurn: TurnInfo = {
  tenantId: 'tenant-1',
  user: person,
  address: {
    conversationId: 'a:1',
    serviceUrl: 'http://x',
    tenantId: 'tenant-1',
    botId: 'b',
    isGroup: false,
    conversationType: 'personal',
  },
};

describe('which PCN a quick check card belongs to', () => {
  it('when the card is answered in its team, then the team decides, and a card naming another team is refused', () => {
    expect(pcnForCard(teamTurn, 'tenant-1:group-1')).toEqual({ pcnId: 'tenant-1:group-1' });
    expect(pcnForCard(teamTurn, undefined)).toEqual({ pcnId: 'tenant-1:group-1' });
    expect(pcnForCard(teamTurn, 'tenant-1:group-2')).toEqual({ problem: expect.stringContaining('another team') });
  });

  it("when a lead answers their 1:1 copy, then the card's PCN is used, but never one in another tenant", () => {
    expect(pcnForCard(personalTurn, 'tenant-1:group-1')).toEqual({ pcnId: 'tenant-1:group-1' });
    expect(pcnForCard(personalTurn, 'tenant-2:group-1')).toEqual({ problem: expect.any(String) });
    expect(pcnForCard(personalTurn, undefined)).toEqual({ problem: expect.any(String) });
  });
});
