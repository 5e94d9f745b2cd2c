import type { Config } from '../config';
import { noTelemetry, type Telemetry } from './telemetry';

export * from './telemetry';

/**
 * Telemetry for this process: Application Insights through OpenTelemetry
 * when APPLICATIONINSIGHTS_CONNECTION_STRING is set. Without it nothing is
 * sent, and the OpenTelemetry SDK is never even loaded (it is required here,
 * on demand, not imported at the top).
 */
export async function createTelemetry(
  config: Pick<Config, 'applicationInsightsConnectionString' | 'instanceId'>,
): Promise<Telemetry> {
  const connectionString = config.applicationInsightsConnectionString;
  if (!connectionString) return noTelemetry;
  const { startAppInsights } = await import('./app-insights');
  return startAppInsights({ connectionString, instanceId: config.instanceId });
}
