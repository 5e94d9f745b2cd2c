import { createHash } from 'node:crypto';
import { createEvents, type DateArray, type EventAttributes } from 'ics';
import { addDays, type LondonDay } from '../domain';

/**
 * The calendar feed as iCalendar text, made with the `ics` library. Every
 * event is all-day: DTSTART;VALUE=DATE on its first day and DTEND on the day
 * after its last (iCalendar's end is exclusive), so a calendar shows it on
 * exactly the London days it runs whatever the reader's time zone.
 */

export interface FeedEvent {
  /** Unique within the feed and stable across downloads, so calendars update events instead of adding copies. */
  readonly key: string;
  readonly title: string;
  readonly description: string;
  readonly start: LondonDay;
  /** Inclusive, as the rest of the bot counts days. */
  readonly end: LondonDay;
  readonly category: string;
}

export const FEED_TIME_ZONE = 'Europe/London';
const PRODUCT_ID = '-//PCN Social Media Bot//Campaign calendar//EN';

const dateArray = (day: LondonDay): DateArray => [Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))];

/** iCalendar text for the events; `now` is each event's DTSTAMP. */
export function buildCalendar(input: {
  readonly name: string;
  readonly pcnId: string;
  readonly events: readonly FeedEvent[];
  readonly now: Date;
}): string {
  // The UIDs carry a hash of the PCN, not its id: the same national campaign in two PCNs' feeds stays two events.
  const pcnHash = createHash('sha256').update(input.pcnId).digest('hex').slice(0, 16);
  const events: EventAttributes[] = input.events.map((e) =>
    Object.assign(
      {
        uid: `${e.key}@${pcnHash}.pcn-social-media-bot`,
        title: e.title,
        description: e.description,
        start: dateArray(e.start),
        end: dateArray(addDays(e.end, 1)),
        categories: [e.category],
        transp: 'TRANSPARENT' as const,
        busyStatus: 'FREE' as const,
      },
      // Not in the library's types, but read by it: DTSTAMP from the bot's clock rather than the wall clock.
      { timestamp: input.now.getTime() },
    ),
  );
  const { error, value } = createEvents(events, { productId: PRODUCT_ID, method: 'PUBLISH', calName: input.name });
  if (error || !value) throw error ?? new Error('The calendar could not be made');
  // The library has no header for the time zone; calendar apps read X-WR-TIMEZONE as the feed's zone.
  return value.replace(/(X-WR-CALNAME:[^\r\n]*(?:\r\n [^\r\n]*)*\r\n)/, `$1X-WR-TIMEZONE:${FEED_TIME_ZONE}\r\n`);
}
