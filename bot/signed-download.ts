import type restify from 'restify';
import type { Logger } from '../services/logger';

/** What a signed link's service answers: the file, or a status and a plain sentence (404, 410...). */
export type SignedDownload =
  | { readonly status: 200; readonly filename: string; readonly body: string }
  | { readonly status: number; readonly message: string };

export interface SignedDownloadRoute {
  readonly path: string;
  readonly contentType: string;
  /** `attachment` saves the file (the CSV); `inline` lets a calendar app read it (the feed). */
  readonly disposition: 'attachment' | 'inline';
  readonly cacheControl: string;
  /** Said when the file could not be made. */
  readonly failure: string;
  readonly fetch: (req: restify.Request) => Promise<SignedDownload>;
}

/**
 * A GET route for a signed link (the CSV export, the calendar feed). The
 * signature is the only credential, so an answer never says more than the
 * service's one sentence, and nothing is cached on the way or leaked
 * through a Referer header.
 */
export function registerSignedDownload(server: restify.Server, logger: Logger, route: SignedDownloadRoute): void {
  const log = logger.child({ module: 'signed-download', path: route.path });
  const common = { 'cache-control': route.cacheControl, 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };
  const text = (res: restify.Response, status: number, message: string) => {
    res.writeHead(status, { ...common, 'content-type': 'text/plain; charset=utf-8' });
    res.end(message);
  };
  server.get(route.path, async (req: restify.Request, res: restify.Response) => {
    try {
      const result = await route.fetch(req);
      if (!('body' in result)) return text(res, result.status, result.message);
      res.writeHead(200, {
        ...common,
        'content-type': `${route.contentType}; charset=utf-8`,
        'content-disposition': `${route.disposition}; filename="${result.filename}"`,
      });
      res.end(result.body);
    } catch (error) {
      log.error({ err: error }, 'download failed');
      if (!res.headersSent) text(res, 500, route.failure);
    }
  });
}
