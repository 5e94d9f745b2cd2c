export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/**
 * A PCN's schedule: the defaults from ARCHITECTURE.md, with overrides an
 * admin sets through `settings`. Stored on the PCN record; every field is
 * optional, and what is absent takes the default, so defaults can improve
 * without touching stored records. Times are London wall-clock (GMT or BST).
 */
export interface ScheduleSettings {
  /** The quarterly quick check, on the first weekday (Monday to Friday) of January, April, July and October. */
  readonly quickCheck?: { readonly enabled?: boolean; readonly time?: string };
  /** The reminder to practices that have not answered, this many days after the quick check, at the same time. */
  readonly reminder?: { readonly enabled?: boolean; readonly afterDays?: number };
  /** Closing the round when its quarter ends. */
  readonly roundClose?: { readonly enabled?: boolean };
  /** The weekly digest of plans. */
  readonly digest?: { readonly enabled?: boolean; readonly weekday?: Weekday; readonly time?: string };
  /** The daily check for stale or out-of-season channel content. */
  readonly refreshCheck?: { readonly enabled?: boolean; readonly time?: string };
}
