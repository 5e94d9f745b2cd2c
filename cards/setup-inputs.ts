import { z } from 'zod';

/**
 * What the setup card sends back, validated before any service sees it.
 * Multi-select choice sets arrive as one comma-separated string.
 */
const idList = z
  .string()
  .max(4000, 'has too many people selected')
  .optional()
  .transform((v) =>
    v
      ? [
          ...new Set(
            v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          ),
        ]
      : [],
  )
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'contains an unknown person')).max(50, 'has too many people selected'));

const practiceName = z
  .string({ required_error: 'is required', invalid_type_error: 'must be text' })
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(100, 'must be at most 100 characters');

const odsCode = z
  .string({ required_error: 'is required', invalid_type_error: 'must be text' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][0-9]{5}$/, 'must be a letter followed by five digits, for example B82005');

const practiceId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'is not a practice I know');

export const AddPracticeInput = z.object({ newName: practiceName, newOds: odsCode, newLeads: idList });
export const PracticeRefInput = z.object({ practiceId });

/** Edit inputs are suffixed with the practice id (`name_<id>`), so they are read per practice. */
export function savePracticeInput(id: string) {
  return z.object({ [`name_${id}`]: practiceName, [`ods_${id}`]: odsCode, [`leads_${id}`]: idList });
}

export const SaveSettingsInput = z.object({
  postingChannel: z.string({ required_error: 'is required' }).min(1, 'is required').max(200, 'is not a channel I know'),
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
