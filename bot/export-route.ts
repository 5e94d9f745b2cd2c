import type restify from 'restify';
import type { Logger } from '../services/logger';
import type { QuickCheck } from '../services/quick-check';
import { EXPORT_PATH } from '../services/quick-check/export';
import { registerSignedDownload } from './signed-download';

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
  registerSignedDownload(server, deps.logger, {
    path: EXPORT_PATH,
    contentType: 'text/csv',
    disposition: 'attachment',
    cacheControl: 'no-store',
    failure: 'The export could not be made just now. Please try again in a minute.',
    async fetch(req) {
      const result = await deps.quickCheck.exports.download(new URL(req.url ?? '', 'http://localhost').searchParams);
      return result.status === 200 ? { status: 200, filename: result.filename, body: result.csv } : result;
    },
  });
}
