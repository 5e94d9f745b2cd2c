/**
 * Warnings about a planned post, shown to the person planning before it is
 * saved, each with its reason (naming the words that raised it) and a
 * suggested fix; the person may go ahead anyway, and that choice is kept.
 */
export const TEXT_WARNINGS = ['patient_id', 'no_signpost', 'invites_contact', 'argumentative', 'service_promise'] as const;
export const PLAN_WARNINGS = [...TEXT_WARNINGS, 'overlap', 'gap'] as const;

/** Checks on the draft's words alone (services/plans/checks). */
export type TextWarningCode = (typeof TEXT_WARNINGS)[number];
/** Every warning a plan can carry: the text checks, and the PCN ones (another practice, the calendar). */
export type PlanWarningCode = (typeof PLAN_WARNINGS)[number];

/** The services a practice can say it offers (in setup); a post promising one another practice lacks raises service_promise. */
export const SERVICES = {
  walkIn: 'Walk-in appointments',
  sameDay: 'Same-day appointments',
  saturday: 'Saturday clinics',
  evening: 'Evening clinics',
  onlineBooking: 'Online booking',
} as const;
export type ServiceCode = keyof typeof SERVICES;

export interface PlanWarning {
  readonly code: PlanWarningCode;
  /** One sentence for the planner, naming the words that raised it ("It has 943 476 5919, which is a valid NHS number."). */
  readonly reason: string;
  /** What to do instead. */
  readonly fix: string;
  /** The words in the draft that raised it, if any. */
  readonly words?: readonly string[];
}

/** What the text checks know about the PCN: which services the other practices say they offer. */
export interface DraftContext {
  /**
   * The services every other practice in the PCN offers (a service some
   * partner does not offer is missing here). Empty when no partner has said
   * it offers any service.
   */
  readonly offeredByAllPartners: ReadonlySet<ServiceCode>;
  /** A service promised is fine when the planning practice is the only one in the PCN. */
  readonly hasPartners: boolean;
}
