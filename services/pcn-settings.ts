import { z } from 'zod';
import type { Clock } from './clock';
import {
  DEFAULT_PCN_SETTINGS,
  type Pcn,
  type PcnSettings,
  type PcnSettingsView,
  type Person,
  type ScheduleSettings,
  SETTING_LABELS,
  type SettingsChange,
  STALE_AFTER_DAYS,
  validationErrorFrom,
} from './domain';

export { SETTING_LABELS, STALE_AFTER_DAYS } from './domain';
export type { EffectiveSchedule, PcnSettingsView, SettingsChange } from './domain';
import { NO_PCN, requireAdmin as requireAdminOf } from './access';
import { NotFoundError } from './errors';
import type { Logger } from './logger';
import { DEFAULT_SCHEDULE, effectiveSchedule, scheduleSettingsSchema } from './scheduler/settings';
import type { Store } from './store';
import type { Stored } from './store/documents';

export interface SaveResult {
  readonly view: PcnSettingsView;
  /** False when the submission matched what was stored: nothing was written. */
  readonly changed: boolean;
}

const pcnSettingsSchema = z
  .object({
    quickCheckToLeads: z.boolean({ invalid_type_error: 'must be on or off' }).optional(),
    staleAfterDays: z
      .number({ invalid_type_error: 'must be a number of days' })
      .int('must be a whole number of days')
      .min(STALE_AFTER_DAYS.min, `must be at least ${STALE_AFTER_DAYS.min} days`)
      .max(STALE_AFTER_DAYS.max, `must be at most ${STALE_AFTER_DAYS.max} days`)
      .optional(),
  })
  .strict();

/**
 * A PCN's schedule and settings, for its admins. Only overrides of the
 * defaults are stored (pcn.schedule), so a PCN on the defaults follows them
 * if they improve. Writes are conditional on the PCN record's ETag and
 * re-applied to a fresh read when another write got in first, so a change
 * here never undoes a concurrent change to admins or practices. The
 * scheduler reads pcn.schedule on every tick: a saved change takes effect
 * at the next one.
 */
export class PcnSettingsService {
  private readonly log: Logger;

  constructor(
    private readonly store: Pick<Store, 'pcns'>,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'pcn-settings' });
  }

  /** The current schedule and settings, defaults filled in; admins only. */
  async view(pcnId: string, actor: Person): Promise<PcnSettingsView> {
    const pcn = await this.store.pcns.get(pcnId);
    return toView(requireAdmin(pcn, actor));
  }

  /**
   * Validates and saves an admin's change. A bad value throws a
   * ValidationError naming the field, and nothing is written; a non-admin
   * gets a ForbiddenError.
   */
  async save(pcnId: string, actor: Person, change: SettingsChange): Promise<SaveResult> {
    const scheduleChange = parseOr(scheduleSettingsSchema, change.schedule ?? {});
    const settingsChange = parseOr(pcnSettingsSchema, change.settings ?? {});
    let changed = false;
    const stored = await this.store.pcns.update(pcnId, (current) => {
      const pcn = requireAdmin(current, actor);
      const schedule = overridesOnly(mergeSchedule(pcn.schedule ?? {}, scheduleChange));
      const settings: PcnSettings = { ...currentSettings(pcn), ...definedOnly(settingsChange) };
      changed =
        JSON.stringify(effectiveSchedule(schedule)) !== JSON.stringify(effectiveSchedule(pcn.schedule)) ||
        settings.quickCheckToLeads !== currentSettings(pcn).quickCheckToLeads ||
        settings.staleAfterDays !== currentSettings(pcn).staleAfterDays;
      if (!changed) return undefined;
      const { schedule: _old, etag: _etag, ...rest } = pcn;
      return { ...rest, settings, ...(schedule ? { schedule } : {}) };
    });
    const pcn = requireAdmin(stored, actor);
    if (changed) this.log.info({ pcnId, at: this.clock.now().toISOString() }, 'PCN schedule and settings saved');
    return { view: toView(pcn), changed };
  }
}

function requireAdmin(pcn: Stored<Pcn> | undefined, actor: Person): Stored<Pcn> {
  if (!pcn) throw new NotFoundError(NO_PCN);
  requireAdminOf(pcn, actor, 'change the settings');
  return pcn;
}

function parseOr<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw validationErrorFrom(result.error, SETTING_LABELS);
  return result.data;
}

/** Records written before settings existed (or by hand) may lack some: the defaults fill them. */
function currentSettings(pcn: Pcn): PcnSettings {
  return { ...DEFAULT_PCN_SETTINGS, ...definedOnly(pcn.settings ?? {}) };
}

function toView(pcn: Pcn): PcnSettingsView {
  return { pcnId: pcn.pcnId, pcnName: pcn.name, schedule: effectiveSchedule(pcn.schedule), settings: currentSettings(pcn) };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

type Group = keyof ScheduleSettings;
const GROUPS = Object.keys(DEFAULT_SCHEDULE) as Group[];

/** Each job's stored overrides with the change's defined values on top. */
function mergeSchedule(stored: ScheduleSettings, change: ScheduleSettings): ScheduleSettings {
  const merged: Record<string, object> = {};
  for (const group of GROUPS) {
    const values = { ...definedOnly(stored[group] ?? {}), ...definedOnly(change[group] ?? {}) };
    if (Object.keys(values).length > 0) merged[group] = values;
  }
  return merged as ScheduleSettings;
}

/** Drops every value equal to its default; undefined when nothing is left (the PCN is on the defaults). */
function overridesOnly(schedule: ScheduleSettings): ScheduleSettings | undefined {
  const kept: Record<string, object> = {};
  for (const group of GROUPS) {
    const defaults = DEFAULT_SCHEDULE[group] as Readonly<Record<string, unknown>>;
    const values = Object.entries(schedule[group] ?? {}).filter(([key, v]) => v !== undefined && v !== defaults[key]);
    if (values.length > 0) kept[group] = Object.fromEntries(values);
  }
  return Object.keys(kept).length > 0 ? (kept as ScheduleSettings) : undefined;
}
