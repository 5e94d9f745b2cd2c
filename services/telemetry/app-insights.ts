import { Writable } from 'node:stream';
import { type AzureMonitorOpenTelemetryOptions, shutdownAzureMonitor, useAzureMonitor } from '@azure/monitor-opentelemetry';
import { type Attributes, metrics, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { type AnyValueMap, logs, SeverityNumber } from '@opentelemetry/api-logs';
import type { DeliveryOutcome, Telemetry, TurnRecord } from './telemetry';

type AzureMonitorExporterOptions = NonNullable<AzureMonitorOpenTelemetryOptions['azureMonitorExporterOptions']>;

/**
 * Application Insights through OpenTelemetry (@azure/monitor-opentelemetry).
 * Loaded only when a connection string is set (see index.ts). Sends:
 * - requests: one per turn, named "command help", "cardAction setup.open"...,
 *   with its latency and outcome;
 * - metrics: pcn_bot.turn.duration (every turn, by kind, name and outcome),
 *   pcn_bot.outbox.deliveries (sent, retry, parked) and pcn_bot.outbox.waiting;
 * - traces: the bot's own log lines, as pino wrote them (already redacted);
 * - exceptions: what failed a turn, a job or the process.
 * Incoming HTTP is not auto-instrumented: signed export and calendar links
 * carry their signature in the query string, which would end up in the
 * request's URL there.
 */
export function startAppInsights(options: {
  connectionString: string;
  instanceId?: string;
  /** Tests only: how to reach a loopback ingestion endpoint (its certificate authority). */
  exporterOptions?: Omit<AzureMonitorExporterOptions, 'connectionString'>;
}): Telemetry {
  useAzureMonitor({
    azureMonitorExporterOptions: { ...options.exporterOptions, connectionString: options.connectionString },
    enableLiveMetrics: false,
    // Every turn is a request: even every PCN in England makes a few thousand a day, so nothing is sampled away.
    samplingRatio: 1,
    tracesPerSecond: 0,
    instrumentationOptions: {
      http: { enabled: false },
      azureSdk: { enabled: true },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
    },
  });
  const tracer = trace.getTracer('pcn-bot');
  const meter = metrics.getMeter('pcn-bot');
  const logger = logs.getLogger('pcn-bot');
  const instance: Attributes = options.instanceId ? { 'service.instance.id': options.instanceId } : {};

  const turnDuration = meter.createHistogram('pcn_bot.turn.duration', {
    description: 'Time to answer a turn (command, card action, question or event)',
    unit: 'ms',
  });
  const deliveries = meter.createCounter('pcn_bot.outbox.deliveries', {
    description: 'Outbox send outcomes: sent, retry, parked',
  });
  const waiting = meter.createObservableGauge('pcn_bot.outbox.waiting', {
    description: 'Outbox items this instance holds waiting to send',
  });
  const waitingReaders: (() => number)[] = [];
  waiting.addCallback((result) => {
    result.observe(
      waitingReaders.reduce((sum, read) => sum + read(), 0),
      instance,
    );
  });

  return {
    enabled: true,
    turn(record: TurnRecord) {
      const attributes = { 'pcn.turn.kind': record.kind, 'pcn.turn.name': record.name, 'pcn.turn.outcome': record.outcome };
      turnDuration.record(record.durationMs, { ...attributes, ...instance });
      const end = Date.now();
      const span = tracer.startSpan(`${record.kind} ${record.name}`, {
        kind: SpanKind.SERVER,
        startTime: end - record.durationMs,
        attributes,
      });
      span.setStatus({ code: record.outcome === 'failed' ? SpanStatusCode.ERROR : SpanStatusCode.OK });
      span.end(end);
    },
    exception(error: unknown, where: string) {
      const e = error instanceof Error ? error : new Error(String(error));
      logger.emit({
        severityNumber: SeverityNumber.ERROR,
        severityText: 'ERROR',
        body: `${where}: ${e.name}`,
        attributes: {
          'exception.type': e.name,
          'exception.message': e.message,
          'exception.stacktrace': e.stack ?? '',
          'pcn.where': where,
        },
      });
    },
    delivery(outcome: DeliveryOutcome) {
      deliveries.add(1, { 'pcn.outcome': outcome, ...instance });
    },
    observeWaiting(read: () => number) {
      waitingReaders.push(read);
    },
    logSink: logLinesTo((line) => logger.emit(line)),
    shutdown: () => shutdownAzureMonitor(),
  };
}

interface LogLine {
  severityNumber: SeverityNumber;
  severityText: string;
  body: string;
  attributes: AnyValueMap;
}

const SEVERITY: Record<number, [SeverityNumber, string]> = {
  10: [SeverityNumber.TRACE, 'TRACE'],
  20: [SeverityNumber.DEBUG, 'DEBUG'],
  30: [SeverityNumber.INFO, 'INFO'],
  40: [SeverityNumber.WARN, 'WARN'],
  50: [SeverityNumber.ERROR, 'ERROR'],
  60: [SeverityNumber.FATAL, 'FATAL'],
};

/** A stream for pino: each JSON line it writes becomes one log record (an App Insights trace). */
function logLinesTo(emit: (line: LogLine) => void): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      for (const text of chunk.toString().split('\n')) {
        if (!text) continue;
        try {
          const { level, msg, time: _time, ...rest } = JSON.parse(text) as Record<string, unknown>;
          const [severityNumber, severityText] = SEVERITY[Number(level)] ?? [SeverityNumber.INFO, 'INFO'];
          const attributes: AnyValueMap = {};
          for (const [key, value] of Object.entries(rest)) {
            attributes[key] =
              typeof value === 'object' && value !== null ? JSON.stringify(value) : (value as string | number | boolean);
          }
          emit({ severityNumber, severityText, body: String(msg ?? ''), attributes });
        } catch {
          // Not a JSON line (pino writes nothing else): dropped rather than sent as raw text.
        }
      }
      done();
    },
  });
}
