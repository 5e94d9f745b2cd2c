import { z } from 'zod';
import type { TypedPractice } from './setup-practice';
import type { TypedSettings } from './setup-settings';

/** A person's Entra object id or a practice id. */
const ID = /^[A-Za-z0-9-]{1,64}$/;
const MAX_PEOPLE = 50;
const MAX_ID_LIST = 4000;
const MAX_NAME = 100;
const ODS_LENGTH = 6;
const MAX_CHANNEL_ID = 200;

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
export const PracticeRefInput = z.object({ practiceId });

/** Edit inputs are suffixed with the practice id (`name_<id>`), so they are read per practice. */
export function savePracticeInput(id: string) {
  return z.object({ [`name_${id}`]: practiceName, [`ods_${id}`]: odsCode, [`leads_${id}`]: idList });
}

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
  return {
    name: typedText(data, `name_${id}`, MAX_NAME),
    odsCode: typedText(data, `ods_${id}`, ODS_LENGTH),
    leadIds: typedIds(data, `leads_${id}`),
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
  name: 'Practice name',
  ods: 'ODS code',
  leads: 'Practice leads',
  practiceId: 'Practice',
  postingChannel: 'Channel',
  admins: 'PCN admins',
};
