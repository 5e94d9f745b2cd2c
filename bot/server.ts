import type { CloudAdapter } from 'botbuilder';
import restify from 'restify';
import type { ActivityHandler } from 'botbuilder';
import { activityProblem } from './activity-guard';
import type { Logger } from '../services/logger';
import type { Store } from '../services/store';

export interface ServerDeps {
  readonly adapter: CloudAdapter;
  readonly bot: ActivityHandler;
  readonly store: Store;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
  readonly version: string;
  /** This instance's delivery pacing (rate share, in-flight window), when it runs the dispatcher. */
  readonly delivery?: () => object;
}

/**
 * The HTTP edge: POST /api/messages into the CloudAdapter, GET /healthz.
 * Tracks in-flight turns so a shutdown can let them finish.
 */
export function createServer(deps: ServerDeps): { server: restify.Server; inFlight: () => number; drained: () => Promise<void> } {
  const log = deps.logger.child({ module: 'http' });
  const server = restify.createServer({ name: 'pcn-social-media-bot', handleUncaughtExceptions: false });
  let inFlight = 0;
  let waiters: (() => void)[] = [];

  server.use(restify.plugins.bodyParser({ maxBodySize: deps.maxBodyBytes, mapParams: false, rejectUnknown: true }));

  server.post('/api/messages', async (req, res) => {
    const problem = req.is('application/json') ? activityProblem(req.body) : 'Expected a JSON activity.';
    if (problem) {
      log.warn({ problem }, 'malformed activity refused');
      res.send(400, { error: problem });
      return;
    }
    inFlight++;
    try {
      await deps.adapter.process(req, res, (context) => deps.bot.run(context));
    } catch (error) {
      log.error({ err: error }, 'request failed');
      if (!res.headersSent) res.send(500, { error: 'The bot could not process this request.' });
    } finally {
      inFlight--;
      if (inFlight === 0) {
        waiters.forEach((w) => w());
        waiters = [];
      }
    }
  });

  server.get('/healthz', async (_req, res) => {
    const storeOk = await deps.store.documents.ping();
    res.send(storeOk ? 200 : 503, {
      status: storeOk ? 'ok' : 'degraded',
      store: deps.store.kind,
      storeReachable: storeOk,
      version: deps.version,
      ...(deps.delivery ? { delivery: deps.delivery() } : {}),
    });
  });

  server.on('restifyError', (req, res, err, callback) => {
    // Keep error bodies short and free of internals (restify would otherwise echo messages).
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status === 413) log.warn({ path: req.getPath() }, 'request body too large');
    err.toJSON = () => ({ error: status === 413 ? 'The request body is too large.' : 'The request could not be processed.' });
    return callback();
  });

  return {
    server,
    inFlight: () => inFlight,
    drained: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}
