import type { TurnContext } from 'botbuilder';
import { readTurn } from './turn';

export const TURN_ERROR_REPLY =
  'Sorry, something went wrong on my side and I could not finish that. Please try again in a moment.';

/**
 * What every error log line about a turn carries, so one failure can be
 * found in the logs: ids only, never what anyone typed.
 */
export function turnLogFields(context: TurnContext): Record<string, string | undefined> {
  const activity = context.activity;
  return {
    activityType: activity.type,
    invokeName: activity.type === 'invoke' ? activity.name : undefined,
    activityId: activity.id,
    conversationId: activity.conversation?.id,
    pcnId: readTurn(activity)?.pcnId,
  };
}
