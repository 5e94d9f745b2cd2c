import { renderAnsweredCard } from '../../cards/quick-check-answered';
import { adviceItem, answeredCardUpdates } from '../../services/quick-check/answer-messages';
import { answeredView } from '../../services/quick-check/messages';
import { parseQuarter } from '../../services/domain/quarters';
import type { AnswerSet, PostedCard } from '../../services/domain/quick-check';
import { intoChannel } from '../support/fakes';
import { cardText, channelAddress, leadA, ONE_NO } from './quick-check-fixture';

const q = parseQuarter('2027-Q1')!;
const practice = { pcnId: 'tenant-1:team', practiceId: 'p-river', name: 'Riverside Surgery' };
const answer: AnswerSet = {
  pcnId: practice.pcnId,
  quarter: q.id,
  practiceId: practice.practiceId,
  answers: ONE_NO,
  answeredBy: leadA,
  answeredAt: '2027-01-04T09:30:00.000Z',
  firstAnsweredAt: '2027-01-04T09:30:00.000Z',
  version: 3,
};
const posted = (activityId: string, leadId?: string): PostedCard => ({
  practiceId: practice.practiceId,
  audience: leadId ? 'lead' : 'channel',
  ...(leadId ? { leadId } : {}),
  address: { ...channelAddress, conversationId: `${channelAddress.conversationId};messageid=${activityId}` },
  activityId,
  postedAt: '2027-01-04T09:30:00.000Z',
});
const card = renderAnsweredCard(answeredView(q, practice, answer, 'open'));
const round = {
  cards: {
    [practice.practiceId]: posted('100'),
    [`${practice.practiceId}:aad-lead-a`]: posted('200', 'aad-lead-a'),
    'p-other': { ...posted('300'), practiceId: 'p-other' },
  },
};

describe('what recorded answers queue', () => {
  it('when a practice has a channel card and a lead copy, then both are updated with the answers, keyed by version', () => {
    const updates = answeredCardUpdates(q, practice, round, answer, card, 10);

    expect(updates.map((u) => [u.key, u.replaceActivityId])).toEqual([
      ['quick-check-answered:2027-Q1:p-river:v3', '100'],
      ['quick-check-answered:2027-Q1:p-river:aad-lead-a:v3', '200'],
    ]);
    expect(cardText(updates[0]!.message.card)).toContain('Answered by Priya Shah');
  });

  it('when the batch has room for fewer, then only that many are queued', () => {
    expect(answeredCardUpdates(q, practice, round, answer, card, 1)).toHaveLength(1);
    expect(answeredCardUpdates(q, practice, round, answer, card, 0)).toEqual([]);
    expect(answeredCardUpdates(q, practice, round, answer, card, -2)).toEqual([]);
  });

  it('when there is advice and somewhere to send it, then it is one item per version; otherwise none', () => {
    const thread = intoChannel('19:social;messageid=100');

    expect(adviceItem(q, practice, 3, ['managed'], [], thread)).toMatchObject({
      key: 'quick-check-advice:2027-Q1:p-river:v3',
      target: thread,
      message: { text: expect.stringContaining('Riverside Surgery answered No to one question.') },
    });
    expect(adviceItem(q, practice, 3, ['managed'], [], undefined)).toBeUndefined();
    expect(adviceItem(q, practice, 3, [], [], thread)).toBeUndefined();
  });
});
