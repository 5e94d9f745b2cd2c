import { LONDON } from './london-time';

/**
 * Dates as a practice manager reads them, always in UK time whatever the
 * server's zone: "Monday 2 December 2026, 10:15".
 */
const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const dateOnly = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

function pick(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((p) => p.type === type)?.value ?? '';
}

/** "Monday 2 December 2026, 10:15" (UK time). Built from parts: ICU versions differ in their joining words. */
export function formatLondonDateTime(instant: Date | string): string {
  const parts = dateTime.formatToParts(new Date(instant));
  return `${pick(parts, 'weekday')} ${pick(parts, 'day')} ${pick(parts, 'month')} ${pick(parts, 'year')}, ${pick(parts, 'hour')}:${pick(parts, 'minute')}`;
}

/** "Monday 2 December 2026" (UK date). */
export function formatLondonDate(instant: Date | string): string {
  const parts = dateOnly.formatToParts(new Date(instant));
  return `${pick(parts, 'weekday')} ${pick(parts, 'day')} ${pick(parts, 'month')} ${pick(parts, 'year')}`;
}
