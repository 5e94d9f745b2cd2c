import type { Activity, ActivityHandler } from 'botbuilder';
import restify from 'restify';
import { activityProblem } from './activity-guard';
import type { BotAdapter } from './adapter';
import type { InboundGate } from './inbound-gate';
import type { Logger } from '../services/logger';
import type { Store } from '../services/store';

/** The health probe's path: App Service's health check (deploy/infra/main.bicep) asks it. */
export const HEALTH_PATH = '/healthz';

export interface ServerDeps {
  readonly adapter: BotAdapter;
  /** Sign-in, tenant and inbound limits, checked before any turn. */
  readonly gate: InboundGate;
  readonly bot: ActivityHandler;
  readonly store: Store;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
  readonly version: string;
  /** This instance's delivery pacing (rate share, in-flight window), when it runs the dispatcher. */
  readonly delivery?: () => object;
}

/**
 * The HTTP edge: POST /api/messages through the gate (sign-in, tenant,
 * inbound limits) into the adapter, GET /healthz. A refused request gets
 * the gate's status and runs no turn. Tracks in-flight turns so a shutdown
 * can let them finish.
 */
export function createServer(deps: ServerDeps): { server: restify.Server; inFlight: () => number; drained: () => Promise<void> } {
  const log = deps.logger.child({ module: 'http' });
  const server = restify.createServer({ name: 'pcn-social-media-bot', handleUncaughtExceptions: false });
  let inFlight = 0;
  let waiters: (() => void)[] = [];

  // JSON only: restify's full bodyParser would hand multipart uploads to formidable, which writes them to the
  // temp folder, past maxBodySize and before any sign-in check (test/unit/http-uploads.test.ts).
  // jsonBodyParser passes its options to restify's bodyReader, which enforces maxBodySize (413); the types leave it out.
  const jsonOnly: restify.plugins.JsonBodyParserOptions & { maxBodySize: number } = {
    maxBodySize: deps.maxBodyBytes,
    mapParams: false,
  };
  server.use(restify.plugins.jsonBodyParser(jsonOnly));

  server.post('/api/messages', async (req, res) => {
    const problem = req.is('application/json') ? activityProblem(req.body) : 'Expected a JSON activity.';
    if (problem) {
      log.warn({ problem }, 'malformed activity refused');
      res.send(400, { error: problem });
      return;
    }
    inFlight++;
    try {
      const activity = withDates(req.body as Activity);
      const authorization = req.header('authorization') ?? '';
      const admission = await deps.gate.admit(activity, typeof authorization === 'string' ? authorization : '');
      if (!admission.ok) {
        if (admission.retryAfterSeconds) res.header('Retry-After', String(admission.retryAfterSeconds));
        res.send(admission.status, { error: admission.error });
        return;
      }
      const answer = await deps.adapter.runAuthenticated(admission.auth, activity, (context) => deps.bot.run(context));
      res.send(answer?.status ?? 200, answer?.body);
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

  server.get(HEALTH_PATH, async (_req, res) => {
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

/** As botbuilder reads an activity: its timestamps as dates, the original text kept beside them. */
function withDates(activity: Activity): Activity {
  const raw = activity as unknown as Record<string, unknown>;
  for (const [field, rawField] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    if (typeof raw[field] === 'string') {
      raw[rawField] = raw[field];
      raw[field] = new Date(raw[field]);
    }
  }
  return activity;
}
