import type restify from 'restify';
import type { Logger } from '../services/logger';
import type { QuickCheck } from '../services/quick-check';
import { EXPORT_PATH } from '../services/quick-check/export';

/**
 * GET /api/export: serves a signed, expiring CSV link made by the `export`
 * command. The signature is the only credential, so the answer never
 * says more than "not valid" or "expired", and nothing is cached or leaked
 * through a Referer header.
 */
export function registerExportRoute(
  server: restify.Server,
  deps: { readonly quickCheck: QuickCheck; readonly logger: Logger },
): void {
  const log = deps.logger.child({ module: 'export-route' });
  const common = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };

  server.get(EXPORT_PATH, async (req: restify.Request, res: restify.Response) => {
    const query = new URL(req.url ?? '', 'http://localhost').searchParams;
    try {
      const result = await deps.quickCheck.exports.download(query);
      if (result.status !== 200) {
        res.writeHead(result.status, { ...common, 'content-type': 'text/plain; charset=utf-8' });
        res.end(result.message);
        return;
      }
      res.writeHead(200, {
        ...common,
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${result.filename}"`,
      });
      res.end(result.csv);
    } catch (error) {
      log.error({ err: error }, 'export failed');
      if (!res.headersSent) {
        res.writeHead(500, { ...common, 'content-type': 'text/plain; charset=utf-8' });
        res.end('The export could not be made just now. Please try again in a minute.');
      }
    }
  });
}
