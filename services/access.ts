import type { Pcn, Person, Practice } from './domain';
import { ForbiddenError, NotFoundError } from './errors';
import type { Store } from './store';
import type { Stored } from './store/documents';

/**
 * Who may do what, written once. A person in a PCN's team is one of:
 * - a PCN admin (on the PCN record; the installer is the first);
 * - a lead of one or more practices (on each practice record);
 * - a member: anyone else in the team, who may read and ask.
 * Someone outside the PCN's team never reaches a PCN at all: the edge
 * refuses a card from another team before any of this is asked.
 *
 * The edge checks each command's audience once (bot/features/router.ts);
 * services check again where the rule depends on the record (the lead of
 * *this* practice), so a rule holds whichever way a request arrives.
 */

/**
 * Who a command or card action is for. `leads`: a lead of some practice,
 * or an admin. `practice`: the leads of the practice the card or request
 * names, or an admin; only the service can tell which practice, so it
 * decides (requireLeadOrAdmin), with a refusal that names that practice's leads.
 */
export type Audience = 'anyone' | 'leads' | 'practice' | 'admins';

export type Role = 'admin' | 'lead' | 'member';

export interface Who {
  readonly pcn: Stored<Pcn>;
  readonly role: Role;
  /** Practice ids the person leads (an admin may lead some too). */
  readonly leadOf: readonly string[];
}

export const NO_PCN = "I don't have a record of this PCN yet. Please remove me from the team and add me again.";

export async function requirePcn(store: Pick<Store, 'pcns'>, pcnId: string): Promise<Stored<Pcn>> {
  const pcn = await store.pcns.get(pcnId);
  if (!pcn) throw new NotFoundError(NO_PCN);
  return pcn;
}

export function isPcnAdmin(pcn: Pick<Pcn, 'admins'>, person: Person): boolean {
  return pcn.admins.some((a) => a.aadObjectId === person.aadObjectId);
}

export function isLeadOf(practice: Pick<Practice, 'leads'>, person: Person): boolean {
  return practice.leads.some((l) => l.aadObjectId === person.aadObjectId);
}

/** The one refusal for admin-only work: says what, and names who can help. */
export function notAdminMessage(pcn: Pick<Pcn, 'admins'>, what: string): string {
  const names = pcn.admins.map((a) => a.name);
  const ask = names.length ? `Ask one of your PCN admins (${names.join(', ')})` : 'Ask your PCN admin';
  return `Only a PCN admin can ${what}. ${ask} to do it for you, or to add you as an admin.`;
}

export function requireAdmin(pcn: Pick<Pcn, 'admins'>, person: Person, what: string): void {
  if (!isPcnAdmin(pcn, person)) throw new ForbiddenError(notAdminMessage(pcn, what));
}

/** The practice's leads, or a PCN admin, may act for it; anyone else is told who can. */
export function requireLeadOrAdmin(pcn: Pcn, practice: Practice, person: Person, what: string): void {
  if (isLeadOf(practice, person) || isPcnAdmin(pcn, person)) return;
  const leads = practice.leads.map((l) => l.name);
  const who = leads.length ? `${practice.name}'s practice leads (${leads.join(', ')})` : `${practice.name}'s practice leads`;
  throw new ForbiddenError(
    `Thanks, but only ${who} or a PCN admin can ${what}, so I have not changed anything. If you should be a lead for ${practice.name}, ask a PCN admin to add you with setup.`,
  );
}

/** Whether `who` is in the audience. */
export function allows(audience: Audience, who: Pick<Who, 'role'>): boolean {
  switch (audience) {
    case 'anyone':
    case 'practice':
      return true;
    case 'leads':
      return who.role !== 'member';
    case 'admins':
      return who.role === 'admin';
  }
}

/** The refusal for someone outside the audience; `what` completes "Only a PCN admin can ...". */
export function refusal(audience: Audience, pcn: Pick<Pcn, 'admins'>, what: string): string {
  if (audience === 'admins') return notAdminMessage(pcn, what);
  return `Only a practice lead or a PCN admin can ${what}. If you should be a lead for your practice, ask a PCN admin to add you with setup.`;
}

/** Reads who a person is in a PCN: one read for admins-only questions, two when leads matter. */
export class AccessService {
  constructor(private readonly store: Pick<Store, 'pcns' | 'practices'>) {}

  async who(pcnId: string, person: Person, audience: Audience = 'leads'): Promise<Who> {
    const pcn = await requirePcn(this.store, pcnId);
    const admin = isPcnAdmin(pcn, person);
    // An admin passes every audience and a members' command needs no roles: the practice list is read only when it decides.
    const leadOf =
      audience === 'leads' && !admin
        ? (await this.store.practices.list(pcnId)).filter((p) => isLeadOf(p, person)).map((p) => p.practiceId)
        : [];
    return { pcn, role: admin ? 'admin' : leadOf.length ? 'lead' : 'member', leadOf };
  }
}
