import { z } from 'zod';
import {
  CAMPAIGN_DATE_MESSAGES,
  CAMPAIGN_FIELD_LABELS,
  CAMPAIGN_LIMITS,
  campaignDatesProblem,
  isDay,
  parseInput,
  type PcnCampaignInput,
} from '../services/domain';

/**
 * What the campaign card sends back, checked before the service sees it:
 * a name (at most 80 characters), the From and To days as Input.Date sends
 * them (YYYY-MM-DD), To not before From and less than a year after it, and
 * the other names as one comma-separated text.
 */
const day = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a date' })
  .trim()
  .min(1, 'is required')
  .refine(isDay, 'must be a date, such as 1 October 2026');

const optionalText = (max: number) =>
  z
    .string({ invalid_type_error: 'must be text' })
    .trim()
    .max(max, `must be at most ${max} characters`)
    .optional()
    .transform((v) => v ?? '');

const aliases = z
  .string({ invalid_type_error: 'must be text' })
  .optional()
  .transform((v) => [
    ...new Set(
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(
    z
      .array(z.string().max(CAMPAIGN_LIMITS.alias, `must each be at most ${CAMPAIGN_LIMITS.alias} characters`))
      .max(CAMPAIGN_LIMITS.aliases, `can be at most ${CAMPAIGN_LIMITS.aliases} names`),
  );

const CampaignInput = z
  .object({
    name: z
      .string({ required_error: 'is required', invalid_type_error: 'must be text' })
      .trim()
      .min(1, 'is required')
      .max(CAMPAIGN_LIMITS.name, `must be at most ${CAMPAIGN_LIMITS.name} characters`),
    start: day,
    end: day,
    description: optionalText(CAMPAIGN_LIMITS.description),
    audience: optionalText(CAMPAIGN_LIMITS.audience),
    aliases,
  })
  .superRefine((v, ctx) => {
    const problem = campaignDatesProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', path: ['end'], message: CAMPAIGN_DATE_MESSAGES[problem] });
  });

/** A stored campaign's id and the version the card was opened at. */
const CampaignRef = z.object({
  campaignId: z.string().regex(/^pcn:[A-Za-z0-9-]{1,64}$/),
  version: z.string().min(1).max(200),
});

/** The card's fields as typed, to show them again with what to fix (so nothing typed is lost). */
export function typedCampaignValues(data: Readonly<Record<string, unknown>>): Record<keyof typeof CAMPAIGN_FIELD_LABELS, string> {
  const text = (key: string, max: number) => (typeof data[key] === 'string' ? (data[key] as string).slice(0, max) : '');
  return {
    name: text('name', 200),
    start: text('start', 20),
    end: text('end', 20),
    description: text('description', 1000),
    audience: text('audience', 300),
    aliases: text('aliases', 1000),
  };
}

/** Reads the campaign card. Throws a ValidationError naming the field to fix ("To must be on or after the From date."). */
export function parseCampaignInput(data: unknown): PcnCampaignInput {
  return parseInput(CampaignInput, data, CAMPAIGN_FIELD_LABELS);
}

/** The campaign a card's Edit, Save or Remove is about; undefined on the add card (or a card tampered with). */
export function parseCampaignRef(data: unknown): { campaignId: string; version: string } | undefined {
  const parsed = CampaignRef.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}
