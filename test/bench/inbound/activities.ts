import { Verbs } from '../../../cards/verbs';
import { quarterOf } from '../../../services/domain/quarters';
import { seededRandom } from '../../support/teams-connector';
import { BOT_ID, NATIONAL_TENANT, type PcnShape } from '../national/shape';
import type { Shot } from './load';

export const MESSAGE_TYPES = ['submit', 'help', 'results', 'question'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

const BOT = { id: BOT_ID, name: 'PCN Social Media' };
let thread = 0;

interface Person {
  readonly aadObjectId: string;
  readonly name: string;
}

/** A channel activity as Teams sends it: a new post starts a thread whose id carries its message id. */
function channelActivity(serviceUrl: string, pcn: PcnShape, from: Person, extra: Record<string, unknown>) {
  const id = `${++thread}`;
  return {
    id,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${from.aadObjectId}`, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    conversation: { id: `${pcn.teamId};messageid=${id}`, conversationType: 'channel', isGroup: true, tenantId: NATIONAL_TENANT },
    channelData: {
      tenant: { id: NATIONAL_TENANT },
      team: { id: pcn.teamId, name: pcn.name },
      channel: { id: pcn.teamId, name: 'General' },
    },
    ...extra,
  };
}

function mention(text: string) {
  return {
    type: 'message',
    text: `<at>${BOT.name}</at> ${text}`,
    entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }],
  };
}

const messageOk = (status: number) => status === 200;
/** An invoke's answer must be the card (a refusal or an error comes back as a message type or another status). */
const cardOk = (status: number, text: string) =>
  status === 200 && text.includes('"statusCode":200') && text.includes('application/vnd.microsoft.card.adaptive');

/** A PCN's admin @mentioning the bot with `text` in the PCN channel (a new post, so a new thread). */
export function adminCommand(serviceUrl: string, pcn: PcnShape, text: string): Shot {
  return { body: JSON.stringify(channelActivity(serviceUrl, pcn, pcn.admin, mention(text))), check: messageOk };
}

/**
 * The activities of one message type, each from a PCN drawn at random
 * (seeded) so the store reads spread over the nation as they would: an
 * admin asking in the PCN channel, or a practice lead pressing Submit on
 * their practice's quick check card.
 */
export function shots(
  type: MessageType,
  nation: readonly PcnShape[],
  serviceUrl: string,
  now: Date,
  seed = 1,
): (i: number) => Shot {
  const random = seededRandom(seed);
  const pickPcn = () => nation[Math.floor(random() * nation.length)] as PcnShape;
  const quarter = quarterOf(now).id;
  const yesNo = () => (random() < 0.8 ? 'yes' : 'no');
  return () => {
    const pcn = pickPcn();
    switch (type) {
      case 'help':
        return { body: JSON.stringify(channelActivity(serviceUrl, pcn, pcn.admin, mention('help'))), check: messageOk };
      case 'results':
        return { body: JSON.stringify(channelActivity(serviceUrl, pcn, pcn.admin, mention('results'))), check: messageOk };
      case 'question':
        return {
          body: JSON.stringify(channelActivity(serviceUrl, pcn, pcn.admin, mention('what campaigns are coming up?'))),
          check: messageOk,
        };
      case 'submit': {
        const practice = pcn.practices[Math.floor(random() * pcn.practices.length)] as PcnShape['practices'][number];
        const data = {
          verb: Verbs.quickCheckSubmit,
          roundId: quarter,
          practiceId: practice.practiceId,
          pcnId: pcn.pcnId,
          strategy: yesNo(),
          managed: yesNo(),
          impact: yesNo(),
          value: yesNo(),
        };
        const activity = channelActivity(serviceUrl, pcn, practice.lead, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: Verbs.quickCheckSubmit, data }, trigger: 'manual' },
        });
        return { body: JSON.stringify(activity), check: cardOk };
      }
    }
  };
}
