import { z } from 'zod';
import { SERVICES, type ServiceCode } from '../services/domain';
import type { TypedPractice } from './setup-practice';
import type { TypedSettings } from './setup-settings';

/** A person's Entra object id or a practice id. */
const ID = /^[A-Za-z0-9-]{1,64}$/;
const MAX_PEOPLE = 50;
const MAX_ID_LIST = 4000;
const MAX_NAME = 100;
const ODS_LENGTH = 6;
const MAX_CHANNEL_ID = 200;
/** At most this many practices in one pasted list: one batch holds them and the PCN record (at most 100 writes). */
export const MAX_PRACTICES_AT_ONCE = 30;
/** The list box's length: 30 lines of a 100-character name and a code, with room to spare. */
export const MAX_PRACTICE_LIST = 4000;

/** A multi-select choice set's value: one comma-separated string. */
const splitIds = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** What the setup card sends back, validated before any service sees it. */
const idList = z
  .string()
  .max(MAX_ID_LIST, 'has too many people selected')
  .optional()
  .transform((v) => (v ? [...new Set(splitIds(v))] : []))
  .pipe(z.array(z.string().regex(ID, 'contains an unknown person')).max(MAX_PEOPLE, 'has too many people selected'));

const practiceName = z
  .string({ required_error: 'is required', invalid_type_error: 'must be text' })
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(MAX_NAME, 'must be at most 100 characters');

const odsCode = z
  .string({ required_error: 'is required', invalid_type_error: 'must be text' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][0-9]{5}$/, 'must be a letter followed by five digits, for example B82005');

const UNKNOWN_PRACTICE = 'is not a practice I know';
const practiceId = z
  .string({ required_error: UNKNOWN_PRACTICE, invalid_type_error: UNKNOWN_PRACTICE })
  .regex(ID, UNKNOWN_PRACTICE);

export const AddPracticeInput = z.object({ newName: practiceName, newOds: odsCode, newLeads: idList });
/** With ODS look-ups on, the name may be left empty: the NHS directory gives it. */
export const AddPracticeByCodeInput = AddPracticeInput.extend({
  newName: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), practiceName.optional()),
});
export const PracticeRefInput = z.object({ practiceId });

/** A new practice's leads card: the leads chosen (input suffixed with the practice id). */
export function leadsInput(id: string) {
  return z.object({ [`leads_${id}`]: idList });
}

/** "Save and next" on a new practice's leads card: the practices still to go, and how many were added. */
export const LeadsProgressInput = z.object({
  queue: z
    .string()
    .max(MAX_ID_LIST, UNKNOWN_PRACTICE)
    .optional()
    .transform((v) => (v ? splitIds(v) : []))
    .pipe(z.array(z.string().regex(ID, UNKNOWN_PRACTICE)).max(MAX_PRACTICES_AT_ONCE, UNKNOWN_PRACTICE)),
  total: z.coerce.number().int().min(1).max(MAX_PRACTICES_AT_ONCE).catch(1),
});

/** The longest "Other services" text. */
export const MAX_OTHER_SERVICES = 200;

const isService = (code: string): code is ServiceCode => Object.prototype.hasOwnProperty.call(SERVICES, code);

/** The services a practice ticks: codes from SERVICES, comma-separated as a multi-select sends them. */
const serviceList = z
  .string({ invalid_type_error: 'must be chosen from the list' })
  .max(200, 'must be chosen from the list')
  .transform((v) => [...new Set(splitIds(v))])
  .pipe(z.array(z.string()).refine((codes) => codes.every(isService), 'must be chosen from the list'))
  .transform((codes) => codes as ServiceCode[]);

const otherServices = z
  .string({ invalid_type_error: 'must be text' })
  .trim()
  .max(MAX_OTHER_SERVICES, `must be at most ${MAX_OTHER_SERVICES} characters`);

/** Edit inputs are suffixed with the practice id (`name_<id>`), so they are read per practice. */
export function savePracticeInput(id: string) {
  return z.object({
    [`name_${id}`]: practiceName,
    [`ods_${id}`]: odsCode,
    [`leads_${id}`]: idList,
    [`services_${id}`]: serviceList.optional(),
    [`otherServices_${id}`]: otherServices.optional(),
  });
}

/** One line of a pasted list of practices, read. */
export interface PracticeLine {
  /** Its line number in the box (blank lines count), to name it in a refusal. */
  readonly line: number;
  /** The line as typed, trimmed, to put back in the box. */
  readonly text: string;
  /** Absent when only a code was typed (the NHS directory may know the name). */
  readonly name?: string;
  /** Upper case: a letter and five digits. */
  readonly odsCode: string;
}

const CODE = '([A-Za-z][0-9]{5})';
/** Between name and code: a tab, a comma, " - " (or an en dash), or spaces. */
const SEPARATOR = '\\s*(?:\\t|,|\\s[-\u2013]\\s)\\s*|\\s+';
const CODE_ONLY = new RegExp(`^${CODE}$`);
const CODE_LAST = new RegExp(`^(.*?\\S)(?:${SEPARATOR})${CODE}$`);
const CODE_FIRST = new RegExp(`^${CODE}(?:${SEPARATOR})(\\S.*)$`);
const CODE_IN_BRACKETS = new RegExp(`^(.*?\\S)\\s*\\(\\s*${CODE}\\s*\\)$`);
const EXAMPLE = 'for example "Riverside Surgery, B82005"';

/** A name as typed: spaces tidied and the quotes a spreadsheet adds taken off. */
const tidyName = (name: string) =>
  name
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2')
    .replace(/\s+/g, ' ')
    .trim();

/** Reads one non-blank line as name and code (either order), or says what is wrong with it. */
function readLine(text: string): { name?: string; odsCode: string } | { problem: string } {
  const only = CODE_ONLY.exec(text);
  if (only) return { odsCode: only[1].toUpperCase() };
  const last = CODE_IN_BRACKETS.exec(text) ?? CODE_LAST.exec(text);
  const first = last ? undefined : CODE_FIRST.exec(text);
  const [name, code] = last ? [last[1], last[2]] : first ? [first[2], first[1]] : [];
  if (name === undefined || code === undefined) {
    return {
      problem: /[0-9]/.test(text)
        ? 'ODS code must be a letter followed by five digits, for example B82005.'
        : `add the practice's ODS code, ${EXAMPLE}.`,
    };
  }
  const tidied = tidyName(name.replace(/[,\t\s-]+$/, ''));
  if (CODE_ONLY.test(tidied)) return { problem: 'put one practice on each line.' };
  const checked = practiceName.safeParse(tidied);
  if (!checked.success) return { problem: `Practice name ${checked.error.issues[0]?.message ?? 'is not valid'}.` };
  return { name: checked.data, odsCode: code.toUpperCase() };
}

/**
 * The "Add several practices" box: one practice a line, "name, ODS code"
 * (a tab or " - " between will do, the code may come first, blank lines are
 * skipped). A wrong line is named ("Line 3: ..."), as is a code that appears
 * twice; more than MAX_PRACTICES_AT_ONCE practices is refused whole.
 */
const practiceList = z
  .string({ required_error: 'is required', invalid_type_error: 'must be text' })
  .max(MAX_PRACTICE_LIST, 'must be at most 4,000 characters')
  .transform((box, ctx): PracticeLine[] => {
    const lines: PracticeLine[] = [];
    const firstSeen = new Map<string, number>();
    for (const [index, raw] of box.split(/\r\n|\r|\n/).entries()) {
      const text = raw.trim();
      if (!text) continue;
      const line = index + 1;
      const read = readLine(text);
      if ('problem' in read) {
        ctx.addIssue({ code: 'custom', message: `Line ${line}: ${read.problem}` });
        return z.NEVER;
      }
      const earlier = firstSeen.get(read.odsCode);
      if (earlier !== undefined) {
        ctx.addIssue({ code: 'custom', message: `Line ${line}: ${read.odsCode} is on line ${earlier} as well.` });
        return z.NEVER;
      }
      firstSeen.set(read.odsCode, line);
      lines.push({ line, text, ...read });
    }
    if (lines.length === 0) {
      ctx.addIssue({ code: 'custom', message: `Type or paste at least one practice, ${EXAMPLE}.` });
    } else if (lines.length > MAX_PRACTICES_AT_ONCE) {
      ctx.addIssue({
        code: 'custom',
        message: `You can add up to ${MAX_PRACTICES_AT_ONCE} practices at once, and this list has ${lines.length}. Add the first ${MAX_PRACTICES_AT_ONCE}, then the rest.`,
      });
    }
    return lines;
  });

export const AddPracticesInput = z.object({ newPractices: practiceList });

/**
 * What a card sent, read leniently to show it again beside what to fix: text
 * cut to the inputs' lengths, malformed ids dropped (the card then shows only
 * ids in the team). Never passed to a service.
 */
function typedText(data: Readonly<Record<string, unknown>>, key: string, max: number): string | undefined {
  const value = data[key];
  return typeof value === 'string' ? value.slice(0, max) : undefined;
}

function typedIds(data: Readonly<Record<string, unknown>>, key: string): string[] | undefined {
  const value = data[key];
  return typeof value === 'string'
    ? splitIds(value.slice(0, MAX_ID_LIST))
        .filter((s) => ID.test(s))
        .slice(0, MAX_PEOPLE)
    : undefined;
}

/** What a practice's edit card sent (inputs suffixed with its id), to show again. */
export function typedPractice(data: Readonly<Record<string, unknown>>, id: string): TypedPractice {
  const services = typedText(data, `services_${id}`, 200);
  return {
    name: typedText(data, `name_${id}`, MAX_NAME),
    odsCode: typedText(data, `ods_${id}`, ODS_LENGTH),
    leadIds: typedIds(data, `leads_${id}`),
    services: services === undefined ? undefined : splitIds(services).filter(isService),
    otherServices: typedText(data, `otherServices_${id}`, MAX_OTHER_SERVICES),
  };
}

/** What the "Add a practice" card sent, to show again. */
export function typedNewPractice(data: Readonly<Record<string, unknown>>): TypedPractice {
  return {
    name: typedText(data, 'newName', MAX_NAME),
    odsCode: typedText(data, 'newOds', ODS_LENGTH),
    leadIds: typedIds(data, 'newLeads'),
  };
}

/** What the "Add several practices" card sent, to show again. */
export function typedPracticeList(data: Readonly<Record<string, unknown>>): string | undefined {
  return typedText(data, 'newPractices', MAX_PRACTICE_LIST);
}

/** What a new practice's leads card sent, to show again: the leads chosen, the practices still to go and how many were added. */
export function typedLeads(
  data: Readonly<Record<string, unknown>>,
  id: string,
): { leadIds?: readonly string[]; queue: readonly string[]; total: number } {
  const total = Number(data.total);
  return {
    leadIds: typedIds(data, `leads_${id}`),
    queue: (typedIds(data, 'queue') ?? []).slice(0, MAX_PRACTICES_AT_ONCE),
    total: Number.isInteger(total) && total >= 1 && total <= MAX_PRACTICES_AT_ONCE ? total : 1,
  };
}

/** What the "Channel and admins" card sent, to show again. */
export function typedSettings(data: Readonly<Record<string, unknown>>): TypedSettings {
  return { channelId: typedText(data, 'postingChannel', MAX_CHANNEL_ID), adminIds: typedIds(data, 'admins') };
}

export const SaveSettingsInput = z.object({
  postingChannel: z
    .string({ required_error: 'is required' })
    .min(1, 'is required')
    .max(MAX_CHANNEL_ID, 'is not a channel I know'),
  admins: idList.refine((ids) => ids.length > 0, 'must include at least one person'),
});

/** Friendly names for input ids in error messages. */
export const SETUP_FIELD_LABELS: Record<string, string> = {
  newName: 'Practice name',
  newOds: 'ODS code',
  newLeads: 'Practice leads',
  newPractices: 'Practices',
  queue: 'Practice',
  name: 'Practice name',
  ods: 'ODS code',
  leads: 'Practice leads',
  services: 'Services offered',
  otherServices: 'Other services offered',
  practiceId: 'Practice',
  postingChannel: 'Channel',
  admins: 'PCN admins',
};
