import type { AdaptiveCard } from '../../cards/expand';
import { type FocusedView, renderSetupCard, type SetupNotice } from '../../cards/setup';
import { renderAddPracticeCard } from '../../cards/setup-add';
import { renderLeadsCard } from '../../cards/setup-leads';
import { renderPracticeEditCard, type TypedPractice } from '../../cards/setup-practice';
import { renderSettingsCard, type TypedSettings } from '../../cards/setup-settings';
import { renderSeveralPracticesCard, type SeveralPracticesView } from '../../cards/setup-several';
import type { Person } from '../../services/domain';
import { AppError, ValidationError } from '../../services/errors';
import type { BotDeps } from '../deps';
import type { TeamDirectory } from '../roster';
import type { TeamTurn } from '../features/types';

/**
 * Builds the set-up card from the store (admins only: the service checks). It
 * lists no one, so it needs nothing from Teams.
 */
export async function buildSetupCard(turn: TeamTurn, deps: BotDeps, notice?: SetupNotice): Promise<AdaptiveCard> {
  const { pcn, practices } = await deps.setup.snapshot(turn.pcnId, turn.user);
  return renderSetupCard({ pcnName: pcn.name, channel: pcn.postingChannel, admins: pcn.admins, practices, notice });
}

/** What a focused card shows again after a refusal: what to fix and what was typed. */
export type Shown<T> = Pick<FocusedView<T>, 'notice' | 'typed'>;

/** Builds the "Add a practice" card with the team's live roster (admins only). */
export async function buildAddPracticeCard(
  turn: TeamTurn,
  deps: BotDeps,
  directory: TeamDirectory,
  shown: Shown<TypedPractice> = {},
): Promise<AdaptiveCard> {
  const pcn = await deps.setup.pcn(turn.pcnId, turn.user);
  return renderAddPracticeCard({ pcnName: pcn.name, roster: await directory.roster(), lookup: deps.config.ods.lookup, ...shown });
}

/** Builds the "Add several practices" card (admins only): it lists no one, so it needs nothing from Teams. */
export async function buildSeveralPracticesCard(
  turn: TeamTurn,
  deps: BotDeps,
  shown: Pick<SeveralPracticesView, 'list' | 'notice'> = {},
): Promise<AdaptiveCard> {
  const pcn = await deps.setup.pcn(turn.pcnId, turn.user);
  return renderSeveralPracticesCard({ pcnName: pcn.name, lookup: deps.config.ods.lookup, ...shown });
}

/**
 * Builds the leads card for the first of `practiceIds` still in the PCN
 * (one removed meanwhile is skipped), with the rest as its queue; undefined
 * when none is left. Admins only.
 */
export async function buildLeadsCard(
  turn: TeamTurn,
  deps: BotDeps,
  directory: TeamDirectory,
  progress: { readonly practiceIds: readonly string[]; readonly total: number },
  shown: { readonly notice?: SetupNotice; readonly typed?: readonly string[] } = {},
): Promise<AdaptiveCard | undefined> {
  for (const [index, practiceId] of progress.practiceIds.entries()) {
    let found: Awaited<ReturnType<BotDeps['setup']['practice']>>;
    try {
      found = await deps.setup.practice(turn.pcnId, turn.user, practiceId);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') continue;
      throw error;
    }
    return renderLeadsCard({
      pcnName: found.pcn.name,
      practice: found.practice,
      roster: await directory.roster(),
      queue: progress.practiceIds.slice(index + 1),
      total: progress.total,
      ...shown,
    });
  }
  return undefined;
}

/** Builds the "Channel and admins" card with the team's live roster and channels (admins only). */
export async function buildSettingsCard(
  turn: TeamTurn,
  deps: BotDeps,
  directory: TeamDirectory,
  shown: Shown<TypedSettings> = {},
): Promise<AdaptiveCard> {
  const pcn = await deps.setup.pcn(turn.pcnId, turn.user);
  const [roster, channels] = await Promise.all([directory.roster(), directory.channels()]);
  return renderSettingsCard({
    pcnName: pcn.name,
    channel: pcn.postingChannel,
    channels,
    admins: pcn.admins,
    roster,
    ...shown,
  });
}

/** Builds one practice's edit card (admins only); throws NotFoundError when the practice has gone. */
export async function buildPracticeEditCard(
  turn: TeamTurn,
  deps: BotDeps,
  practiceId: string,
  directory: TeamDirectory,
  shown: Shown<TypedPractice> = {},
): Promise<AdaptiveCard> {
  const { pcn, practice } = await deps.setup.practice(turn.pcnId, turn.user, practiceId);
  return renderPracticeEditCard({ pcnName: pcn.name, practice, roster: await directory.roster(), ...shown });
}

/**
 * Maps chosen ids to team members. An id that is not in the roster means a
 * tampered submission or someone who has just left: refuse, naming the field.
 */
export function peopleFromRoster(ids: readonly string[], roster: readonly Person[], field: string): Person[] {
  const byId = new Map(roster.map((p) => [p.aadObjectId, p]));
  return ids.map((id) => {
    const person = byId.get(id);
    if (!person) throw new ValidationError(field, `${field}: one of the people chosen is not a member of this team.`);
    return person;
  });
}
