import { randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import type { Pcn, Person, Practice } from './domain';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors';
import type { Logger } from './logger';
import type { Store, Stored } from './store';

export interface PracticeDetails {
  readonly name: string;
  /** Upper-case, already validated as a letter and five digits. */
  readonly odsCode: string;
  readonly leads: readonly Person[];
}

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

  async updatePractice(pcnId: string, actor: Person, practiceId: string, details: PracticeDetails): Promise<Practice> {
    return this.withPcn(pcnId, actor, async (pcn) => {
      const current = await this.requirePractice(pcnId, practiceId);
      if (details.odsCode !== current.odsCode) assertCodeFree(pcn, details.odsCode);
      const odsCodes = { ...pcn.odsCodes };
      delete odsCodes[current.odsCode];
      odsCodes[details.odsCode] = practiceId;
      const next: Practice = { ...current, name: details.name, odsCode: details.odsCode, leads: details.leads };
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
