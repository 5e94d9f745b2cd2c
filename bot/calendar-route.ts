import type restify from 'restify';
import type { CalendarFeedService } from '../services/campaigns';
import { CALENDAR_PATH } from '../services/campaigns';
import type { Logger } from '../services/logger';

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
  const log = deps.logger.child({ module: 'calendar-route' });
  const common = { 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };

  // A wildcard, not `:file`: the router refuses a named parameter over 100 characters, and a feed's name is longer.
  server.get(`${CALENDAR_PATH}/*`, async (req: restify.Request, res: restify.Response) => {
    try {
      const file = String((req.params as Record<string, unknown> | undefined)?.['*'] ?? '');
      const result = await deps.calendarFeed.download(file);
      if (result.status !== 200) {
        res.writeHead(result.status, { ...common, 'content-type': 'text/plain; charset=utf-8' });
        res.end(result.message);
        return;
      }
      res.writeHead(200, {
        ...common,
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': `inline; filename="${result.filename}"`,
      });
      res.end(result.ics);
    } catch (error) {
      log.error({ err: error }, 'calendar feed failed');
      if (!res.headersSent) {
        res.writeHead(500, { ...common, 'content-type': 'text/plain; charset=utf-8' });
        res.end('The calendar could not be made just now. Your calendar app will try again later.');
      }
    }
  });
}
