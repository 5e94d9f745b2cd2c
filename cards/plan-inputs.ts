import { z } from 'zod';
import {
  isDay,
  isPlatform,
  OTHER_CAMPAIGN,
  parseInput,
  PLAN_FIELD_LABELS,
  PLAN_LIMITS,
  type Platform,
  type PlanFormValues,
  type PlanInput,
} from '../services/domain';

/**
 * What the plan cards send back, checked before the service sees it: the
 * practice and owner as ids, From and To as Input.Date sends them
 * (YYYY-MM-DD), at least one known platform, a calendar campaign's id or
 * Other with its name, and the summary (at most 1,000 characters).
 */
const ID = /^[A-Za-z0-9-]{1,64}$/;
const CAMPAIGN_ID = /^(national|pcn):[A-Za-z0-9-]{1,80}$/;

const day = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a date' })
  .trim()
  .min(1, 'is required')
  .refine(isDay, 'must be a date, such as 7 December 2026');

const id = (unknown: string) =>
  z.string({ required_error: 'is required', invalid_type_error: unknown }).trim().min(1, 'is required').regex(ID, unknown);

const platforms = z
  .string({ required_error: 'Platforms: choose at least one.', invalid_type_error: 'must be chosen from the list' })
  .max(200, 'must be chosen from the list')
  .transform((v) => [
    ...new Set(
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(
    z
      .array(z.string())
      .min(1, 'Platforms: choose at least one.')
      .refine((codes) => codes.every(isPlatform), 'must be chosen from the list: one of them is not a platform I know'),
  )
  .transform((codes) => codes as Platform[]);

const PlanSchema = z
  .object({
    practiceId: id('is not a practice I know'),
    start: day,
    end: day,
    platforms,
    campaign: z
      .string({ invalid_type_error: 'must be chosen from the list' })
      .trim()
      .max(120, 'must be chosen from the list')
      .optional()
      .transform((v) => (v === 'none' ? '' : (v ?? '')))
      .refine((v) => v === '' || v === OTHER_CAMPAIGN || CAMPAIGN_ID.test(v), 'must be chosen from the list'),
    otherCampaign: z
      .string({ invalid_type_error: 'must be text' })
      .trim()
      .max(PLAN_LIMITS.otherCampaign, `must be at most ${PLAN_LIMITS.otherCampaign} characters`)
      .optional()
      .transform((v) => v ?? ''),
    summary: z
      .string({ required_error: 'is required', invalid_type_error: 'must be text' })
      .trim()
      .min(1, 'is required')
      .max(PLAN_LIMITS.summary, `must be at most ${PLAN_LIMITS.summary.toLocaleString('en-GB')} characters`),
    ownerId: id('is not someone I know'),
  })
  .superRefine((v, ctx) => {
    if (v.end < v.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'To must be on or after the From date.' });
    if (v.campaign === OTHER_CAMPAIGN && !v.otherCampaign) {
      ctx.addIssue({
        code: 'custom',
        path: ['otherCampaign'],
        message: 'Other campaign: type the campaign’s name, or choose one from the list.',
      });
    }
  });

const PlanRef = z.object({ planId: z.string().regex(ID), version: z.string().min(1).max(200) });
const Ack = z.object({ ack: z.string().regex(/^[0-9a-f]{1,64}$/) });

/** Reads a plan card. Throws a ValidationError naming the field to fix ("To must be on or after the From date."). */
export function parsePlanInput(data: unknown): PlanInput {
  const v = parseInput(PlanSchema, data, { ...PLAN_FIELD_LABELS });
  return {
    practiceId: v.practiceId,
    start: v.start,
    end: v.end,
    platforms: v.platforms,
    ...(v.campaign && v.campaign !== OTHER_CAMPAIGN ? { campaignId: v.campaign } : {}),
    ...(v.campaign === OTHER_CAMPAIGN || (!v.campaign && v.otherCampaign) ? { otherCampaign: v.otherCampaign } : {}),
    summary: v.summary,
    ownerId: v.ownerId,
  };
}

/** The plan an edit card (or its warnings) is about; undefined for a new plan (or a card tampered with). */
export function parsePlanRef(data: unknown): { planId: string; version: string } | undefined {
  const parsed = PlanRef.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** The plan a list button is about. */
export function parsePlanId(data: unknown): string | undefined {
  const parsed = z.object({ planId: z.string().regex(ID) }).safeParse(data);
  return parsed.success ? parsed.data.planId : undefined;
}

/** What "Go ahead anyway" acknowledges; undefined when absent or malformed (then the warnings are shown again). */
export function parseAck(data: unknown): string | undefined {
  const parsed = Ack.safeParse(data);
  return parsed.success ? parsed.data.ack : undefined;
}

/**
 * The card's fields as sent, read leniently to show them again beside what
 * to fix (so nothing typed is lost): text cut to the inputs' lengths.
 * Never passed to a service as input.
 */
export function typedPlanValues(data: Readonly<Record<string, unknown>>): PlanFormValues {
  const text = (key: string, max: number) => (typeof data[key] === 'string' ? (data[key] as string).slice(0, max) : '');
  const safeId = (key: string) => {
    const value = text(key, 64);
    return ID.test(value) ? value : '';
  };
  const campaign = text('campaign', 120);
  return {
    practiceId: safeId('practiceId'),
    start: text('start', 10),
    end: text('end', 10),
    platforms: text('platforms', 200)
      .split(',')
      .map((s) => s.trim())
      .filter(isPlatform)
      .join(','),
    campaign: campaign === OTHER_CAMPAIGN || CAMPAIGN_ID.test(campaign) ? campaign : '',
    otherCampaign: text('otherCampaign', PLAN_LIMITS.otherCampaign),
    summary: text('summary', PLAN_LIMITS.summary),
    ownerId: safeId('ownerId'),
  };
}
