import { randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import type { Pcn, Person, Practice, ServiceCode } from './domain';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors';
import type { Logger } from './logger';
import { OdsError, type PracticeDirectory } from './ods';
import type { Store, Stored } from './store';

export interface PracticeDetails {
  readonly name: string;
  /** Upper-case, already validated as a letter and five digits. */
  readonly odsCode: string;
  readonly leads: readonly Person[];
  /** The services it offers (the practice card's ticks); absent leaves them as they are. */
  readonly services?: readonly ServiceCode[];
  /** Other services it offers, in its own words; absent leaves them as they are, empty clears them. */
  readonly otherServices?: string;
}

/** One of several practices added at once, with where the admin typed it (a line of their list) to name it in a refusal. */
export interface NewPracticeLine extends PracticeDetails {
  readonly line: number;
}

/** At most this many in one addPractices: with the PCN record, 31 of the 100 writes a batch allows. */
export const MAX_PRACTICES_AT_ONCE = 30;

export interface SetupSnapshot {
  readonly pcn: Stored<Pcn>;
  readonly practices: readonly Stored<Practice>[];
}

const NOT_ADMIN =
  'Only a PCN admin can change the set-up. Ask one of your PCN admins (listed on the set-up card) to make this change or to add you as an admin.';

/**
 * PCN set-up for admins: practices, their leads, the posting channel and the
 * admin list. Every change to the practice list goes through one batch that
 * also replaces the PCN record with its ETag, so concurrent edits cannot
 * leave two practices with one ODS code.
 */
export class SetupService {
  private readonly log: Logger;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'setup' });
  }

  async isAdmin(pcnId: string, actor: Person): Promise<boolean> {
    const pcn = await this.store.pcns.get(pcnId);
    return !!pcn && isAdmin(pcn, actor);
  }

  /** The current set-up, for admins only. */
  async snapshot(pcnId: string, actor: Person): Promise<SetupSnapshot> {
    const pcn = await this.requireAdmin(pcnId, actor);
    return { pcn, practices: await this.store.practices.list(pcnId) };
  }

  /** The PCN record, for admins only (what the "Add a practice" and "Channel and admins" cards show). */
  async pcn(pcnId: string, actor: Person): Promise<Stored<Pcn>> {
    return this.requireAdmin(pcnId, actor);
  }

  /** One practice and its PCN, for admins only (what a practice's edit card shows). */
  async practice(pcnId: string, actor: Person, practiceId: string): Promise<{ pcn: Stored<Pcn>; practice: Stored<Practice> }> {
    const pcn = await this.requireAdmin(pcnId, actor);
    return { pcn, practice: await this.requirePractice(pcnId, practiceId) };
  }

  async addPractice(pcnId: string, actor: Person, details: PracticeDetails): Promise<Practice> {
    return this.withPcn(pcnId, actor, async (pcn) => {
      assertCodeFree(pcn, details.odsCode);
      const practice: Practice = {
        pcnId,
        practiceId: randomUUID(),
        name: details.name,
        odsCode: details.odsCode,
        leads: details.leads,
        createdAt: this.clock.now().toISOString(),
      };
      await this.store.batch(pcnId, [
        this.store.pcns.replaceStep({ ...pcn, odsCodes: { ...pcn.odsCodes, [details.odsCode]: practice.practiceId } }),
        this.store.practices.createStep(practice),
      ]);
      this.log.info({ pcnId, practiceId: practice.practiceId }, 'practice added');
      return practice;
    });
  }

  /**
   * Adds several practices in one batch, with the PCN's ODS code index: all
   * or none. A code already in the PCN or given twice is refused, naming its
   * line; nothing is written.
   */
  async addPractices(pcnId: string, actor: Person, lines: readonly NewPracticeLine[]): Promise<Practice[]> {
    if (lines.length === 0) throw new ValidationError('Practices', 'Type or paste at least one practice.');
    if (lines.length > MAX_PRACTICES_AT_ONCE) {
      throw new ValidationError('Practices', `You can add up to ${MAX_PRACTICES_AT_ONCE} practices at once.`);
    }
    return this.withPcn(pcnId, actor, async (pcn) => {
      const firstSeen = new Map<string, number>();
      for (const { line, odsCode } of lines) {
        const taken = pcn.odsCodes[odsCode];
        if (taken) {
          const practice = await this.store.practices.get(pcnId, taken);
          const as = practice ? `, as ${practice.name}` : '';
          throw new ValidationError('Practices', `Line ${line}: ${odsCode} is already in this PCN${as}.`);
        }
        const earlier = firstSeen.get(odsCode);
        if (earlier !== undefined)
          throw new ValidationError('Practices', `Line ${line}: ${odsCode} is on line ${earlier} as well.`);
        firstSeen.set(odsCode, line);
      }
      const createdAt = this.clock.now().toISOString();
      const practices: Practice[] = lines.map((details) => ({
        pcnId,
        practiceId: randomUUID(),
        name: details.name,
        odsCode: details.odsCode,
        leads: details.leads,
        createdAt,
      }));
      const odsCodes = { ...pcn.odsCodes, ...Object.fromEntries(practices.map((p) => [p.odsCode, p.practiceId])) };
      await this.store.batch(pcnId, [
        this.store.pcns.replaceStep({ ...pcn, odsCodes }),
        ...practices.map((practice) => this.store.practices.createStep(practice)),
      ]);
      this.log.info({ pcnId, count: practices.length }, 'practices added');
      return practices;
    });
  }

  /** Sets a practice's leads only (the leads card after "Add several practices"). */
  async setLeads(pcnId: string, actor: Person, practiceId: string, leads: readonly Person[]): Promise<Practice> {
    return this.withPcn(pcnId, actor, async () => {
      const current = await this.requirePractice(pcnId, practiceId);
      const next = await this.store.practices.replace({ ...current, leads });
      this.log.info({ pcnId, practiceId }, 'practice leads saved');
      return next;
    });
  }

  async updatePractice(pcnId: string, actor: Person, practiceId: string, details: PracticeDetails): Promise<Practice> {
    return this.withPcn(pcnId, actor, async (pcn) => {
      const current = await this.requirePractice(pcnId, practiceId);
      if (details.odsCode !== current.odsCode) assertCodeFree(pcn, details.odsCode);
      const odsCodes = { ...pcn.odsCodes };
      delete odsCodes[current.odsCode];
      odsCodes[details.odsCode] = practiceId;
      const next: Practice = {
        ...current,
        name: details.name,
        odsCode: details.odsCode,
        leads: details.leads,
        ...(details.services ? { services: [...details.services] } : {}),
        ...(details.otherServices !== undefined ? { otherServices: details.otherServices } : {}),
      };
      await this.store.batch(pcnId, [
        this.store.pcns.replaceStep({ ...pcn, odsCodes }),
        this.store.practices.replaceStep({ ...current, ...next }),
      ]);
      this.log.info({ pcnId, practiceId }, 'practice updated');
      return next;
    });
  }

  async removePractice(pcnId: string, actor: Person, practiceId: string): Promise<Practice> {
    return this.withPcn(pcnId, actor, async (pcn) => {
      const current = await this.requirePractice(pcnId, practiceId);
      const odsCodes = { ...pcn.odsCodes };
      delete odsCodes[current.odsCode];
      await this.store.batch(pcnId, [
        this.store.pcns.replaceStep({ ...pcn, odsCodes }),
        this.store.practices.deleteStep(current),
      ]);
      this.log.info({ pcnId, practiceId }, 'practice removed');
      return current;
    });
  }

  /** Sets where the bot posts and who the admins are (at least one). */
  async saveSettings(
    pcnId: string,
    actor: Person,
    settings: { readonly postingChannel: { readonly id: string; readonly name: string }; readonly admins: readonly Person[] },
  ): Promise<Pcn> {
    if (settings.admins.length === 0) throw new ValidationError('PCN admins', 'PCN admins: choose at least one person.');
    return this.withPcn(pcnId, actor, async (pcn) => {
      const next = { ...pcn, postingChannel: settings.postingChannel, admins: settings.admins };
      await this.store.pcns.replace(next);
      this.log.info({ pcnId }, 'PCN settings saved');
      return next;
    });
  }

  private async requireAdmin(pcnId: string, actor: Person): Promise<Stored<Pcn>> {
    const pcn = await this.store.pcns.get(pcnId);
    if (!pcn) throw new NotFoundError("I don't have a record of this PCN yet. Please remove me from the team and add me again.");
    if (!isAdmin(pcn, actor)) throw new ForbiddenError(NOT_ADMIN);
    return pcn;
  }

  private async requirePractice(pcnId: string, practiceId: string): Promise<Stored<Practice>> {
    const practice = await this.store.practices.get(pcnId, practiceId);
    if (!practice) throw new NotFoundError('That practice is no longer in this PCN. It may have just been removed.');
    return practice;
  }

  /** Runs a change against a fresh read of the PCN, retrying when another admin's write got in first. */
  private async withPcn<T>(pcnId: string, actor: Person, change: (pcn: Stored<Pcn>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const pcn = await this.requireAdmin(pcnId, actor);
      try {
        return await change(pcn);
      } catch (error) {
        if (attempt < 4 && error instanceof ConflictError) continue;
        throw error;
      }
    }
  }
}

export function isAdmin(pcn: Pcn, person: Person): boolean {
  return pcn.admins.some((a) => a.aadObjectId === person.aadObjectId);
}

function assertCodeFree(pcn: Pcn, odsCode: string): void {
  if (pcn.odsCodes[odsCode]) {
    throw new ValidationError('ODS code', `ODS code: another practice in this PCN already uses ${odsCode}.`);
  }
}

/** A practice as the admin typed it: the name may be missing when the NHS directory can give it. */
export interface TypedPractice {
  readonly name?: string;
  /** Upper case, a letter and five digits. */
  readonly odsCode: string;
}

/** What the NHS directory says about one typed practice. */
export type DirectoryAnswer =
  /** Add it with this name: the one typed, else the directory's. */
  | { readonly kind: 'named'; readonly name: string }
  /** No name typed and none to be had: look-ups off, ODS not answering, or (`notInDirectory`) no such practice. */
  | { readonly kind: 'needsName'; readonly notInDirectory: boolean }
  /** The directory lists the code as something else (a walk-in centre, a PCN): refuse it. */
  | { readonly kind: 'notGpPractice'; readonly odsName: string };

/**
 * Checks typed practices against the NHS directory when `lookup` is on: a
 * missing name comes from it, and a code it lists as no GP practice is
 * refused. One code at a time (the client keeps to ODS's 5 a second). Once
 * ODS fails (unreachable, busy, an answer it cannot read) the rest are not
 * asked and typed names stand, so set-up works as it does with look-ups
 * off and says nothing about ODS.
 */
export async function checkWithDirectory(
  directory: PracticeDirectory,
  lookup: boolean,
  typed: readonly TypedPractice[],
): Promise<DirectoryAnswer[]> {
  let asking = lookup;
  const answers: DirectoryAnswer[] = [];
  for (const { name, odsCode } of typed) {
    let found: Awaited<ReturnType<PracticeDirectory['practiceByCode']>>;
    let asked = false;
    if (asking) {
      try {
        found = await directory.practiceByCode(odsCode);
        asked = true;
      } catch (error) {
        if (!(error instanceof OdsError)) throw error;
        asking = false;
      }
    }
    const named = name ?? found?.name;
    if (found && !found.gpPractice) answers.push({ kind: 'notGpPractice', odsName: found.name });
    else if (named) answers.push({ kind: 'named', name: named });
    else answers.push({ kind: 'needsName', notInDirectory: asked });
  }
  return answers;
}

/** A PCN's code, U and five digits (NHS Digital, "Primary Care Networks: publication of ODS codes"). */
const PCN_CODE = /^U[0-9]{5}$/;

/** A line of a pasted list: where it is, what it says, and the practice read from it. */
export interface ListedPractice extends TypedPractice {
  readonly line: number;
  readonly text: string;
}

/** What putting a PCN's practices in the list did. */
export interface PcnExpansion {
  /** The list with each PCN's line replaced by its practices, one "Name, code" line each. */
  readonly lines: readonly Omit<ListedPractice, 'line'>[];
  readonly pcns: readonly { readonly odsCode: string; readonly added: number; readonly left: number }[];
}

/**
 * Replaces each PCN in a pasted list (its code alone on a line) with its
 * member practices from the NHS directory, leaving out those already in
 * this PCN (`inPcn`) or elsewhere in the list. Undefined when no line is a
 * PCN the directory knows: the list is then read as practices. When ODS
 * cannot answer for a PCN's code, the admin is asked to type the practices.
 */
export async function expandPcns(
  directory: PracticeDirectory,
  list: readonly ListedPractice[],
  inPcn: (odsCode: string) => boolean,
): Promise<PcnExpansion | undefined> {
  const listed = new Set(list.map((l) => l.odsCode));
  const lines: Omit<ListedPractice, 'line'>[] = [];
  const pcns: { odsCode: string; added: number; left: number }[] = [];
  for (const entry of list) {
    const members = entry.name === undefined && PCN_CODE.test(entry.odsCode) ? await membersOf(directory, entry) : [];
    if (members.length === 0) {
      lines.push({ text: entry.text, name: entry.name, odsCode: entry.odsCode });
      continue;
    }
    const wanted = members.filter((m) => !inPcn(m.odsCode) && !listed.has(m.odsCode));
    wanted.forEach((m) => listed.add(m.odsCode));
    lines.push(...wanted.map((m) => ({ text: `${m.name}, ${m.odsCode}`, name: m.name, odsCode: m.odsCode })));
    pcns.push({ odsCode: entry.odsCode, added: wanted.length, left: members.length - wanted.length });
  }
  return pcns.length ? { lines, pcns } : undefined;
}

async function membersOf(directory: PracticeDirectory, entry: ListedPractice) {
  try {
    return await directory.pcnMembers(entry.odsCode);
  } catch (error) {
    if (!(error instanceof OdsError)) throw error;
    throw new ValidationError(
      'Practices',
      `Line ${entry.line}: I couldn't get the practices of ${entry.odsCode} from the NHS directory just now. Type each practice's name and ODS code instead.`,
    );
  }
}
