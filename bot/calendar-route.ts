import type restify from 'restify';
import type { CalendarFeedService } from '../services/campaigns';
import { CALENDAR_PATH } from '../services/campaigns';
import type { Logger } from '../services/logger';
import { registerSignedDownload } from './signed-download';

/**
 * GET /api/calendar/<feed>.<signature>.ics: a PCN's calendar feed, for
 * Outlook and phone calendars to subscribe to. The signed address is the
 * only credential, so a link that is not genuine gets a bare 404, and one
 * retired by `calendar link reset` a 410; nothing is cached on the way or
 * leaked through a Referer header.
 */
export function registerCalendarRoute(
  server: restify.Server,
  deps: { readonly calendarFeed: CalendarFeedService; readonly logger: Logger },
): void {
  // A wildcard, not `:file`: the router refuses a named parameter over 100 characters, and a feed's name is longer.
  registerSignedDownload(server, deps.logger, {
    path: `${CALENDAR_PATH}/*`,
    contentType: 'text/calendar',
    disposition: 'inline',
    cacheControl: 'private, no-store',
    failure: 'The calendar could not be made just now. Your calendar app will try again later.',
    async fetch(req) {
      const file = String((req.params as Record<string, unknown> | undefined)?.['*'] ?? '');
      const result = await deps.calendarFeed.download(file);
      return result.status === 200 ? { status: 200, filename: result.filename, body: result.ics } : result;
    },
  });
}
