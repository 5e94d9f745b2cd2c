import { outgoingFor } from '../../bot/queued-replies';

const card = { type: 'AdaptiveCard', version: '1.4', body: [] };

describe('a reply as the outbox holds it', () => {
  it('when a reply is text, a card, or both, then the outbox message carries the same', () => {
    expect(outgoingFor({ type: 'message', text: 'Hello' })).toEqual({ text: 'Hello' });
    expect(
      outgoingFor({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] }),
    ).toEqual({ card });
    expect(
      outgoingFor({
        type: 'message',
        text: 'Here',
        summary: 'Help',
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
      }),
    ).toEqual({ text: 'Here', card, summary: 'Help' });
  });

  it('when a reply @mentions people, then the mentions come with it', () => {
    expect(
      outgoingFor({
        type: 'message',
        text: '<at>Priya Shah</at> thanks',
        entities: [
          { type: 'mention', text: '<at>Priya Shah</at>', mentioned: { id: '29:p', name: 'Priya Shah', aadObjectId: 'aad-p' } },
        ],
      }),
    ).toEqual({ text: '<at>Priya Shah</at> thanks', mentions: [{ aadObjectId: 'aad-p', name: 'Priya Shah' }] });
  });

  it('when a reply carries what the outbox cannot (other attachments, other entities, suggested actions, nothing), then it is not queued', () => {
    expect(
      outgoingFor({ type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'https://x' }] }),
    ).toBeUndefined();
    expect(
      outgoingFor({
        type: 'message',
        attachments: [
          { contentType: 'application/vnd.microsoft.card.adaptive', content: card },
          { contentType: 'application/vnd.microsoft.card.adaptive', content: card },
        ],
      }),
    ).toBeUndefined();
    expect(outgoingFor({ type: 'message', text: 'x', entities: [{ type: 'clientInfo' }] })).toBeUndefined();
    expect(outgoingFor({ type: 'message', text: 'x', suggestedActions: { to: [], actions: [] } })).toBeUndefined();
    expect(outgoingFor({ type: 'typing' })).toBeUndefined();
    expect(outgoingFor({ type: 'message' })).toBeUndefined();
  });
});
