import { z } from 'zod';

/**
 * The one place that reads process.env. Every variable the bot understands is
 * declared here, validated at start, and handed to the rest of the code as a
 * typed, frozen object.
 */

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    errorMap: () => ({ message: 'must be 1 or 0 (or true/false)' }),
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

/** The NHS Organisation Data Service's public ORD API (no key): GET {url}/{odsCode} and GET {url}?{search}. */
export const ODS_ORGANISATIONS_URL = 'https://directory.spineservices.nhs.uk/ORD/2-0-0/organisations';

const schema = z
  .object({
    PORT: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ invalid_type_error: 'must be a whole number' })
        .int('must be a whole number')
        .min(0, 'must be between 0 and 65535')
        .max(65535, 'must be between 0 and 65535')
        .default(3978),
    ),
    STORE: z.preprocess(
      emptyToUndefined,
      z.enum(['sqlite', 'cosmos'], { errorMap: () => ({ message: 'must be "sqlite" or "cosmos"' }) }).default('sqlite'),
    ),
    SQLITE_PATH: z.preprocess(emptyToUndefined, z.string().default('./data/pcn-bot.sqlite')),
    COSMOS_ENDPOINT: z.preprocess(
      emptyToUndefined,
      z.string().url('must be a URL such as https://myaccount.documents.azure.com:443/').optional(),
    ),
    COSMOS_KEY: optionalString,
    COSMOS_DATABASE: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,255}$/, 'may use only letters, digits, - and _')
        .default('pcn-bot'),
    ),
    COSMOS_CREATE_CONTAINERS: z.preprocess(emptyToUndefined, booleanFlag.optional()),
    COSMOS_ALLOW_SELF_SIGNED: z.preprocess(emptyToUndefined, booleanFlag.default('0')),
    MicrosoftAppId: z.preprocess(emptyToUndefined, z.string().uuid("must be the bot's Microsoft App ID (a GUID)").optional()),
    MicrosoftAppPassword: optionalString,
    MicrosoftAppType: z.preprocess(
      emptyToUndefined,
      z
        .enum(['SingleTenant', 'UserAssignedMSI', 'MultiTenant'], {
          errorMap: () => ({ message: 'must be SingleTenant, UserAssignedMSI or MultiTenant' }),
        })
        .default('SingleTenant'),
    ),
    MicrosoftAppTenantId: z.preprocess(emptyToUndefined, z.string().uuid('must be a tenant ID (a GUID)').optional()),
    ALLOWED_TENANTS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .optional()
        .transform((v) =>
          v
            ? v
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
            : [],
        ),
    ),
    PLAYGROUND: z.preprocess(emptyToUndefined, booleanFlag.default('1')),
    DEMO: z.preprocess(emptyToUndefined, booleanFlag.default('1')),
    PLAYGROUND_USER: z.preprocess(emptyToUndefined, z.string().max(100).optional()),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z
        .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
          errorMap: () => ({ message: 'must be one of fatal, error, warn, info, debug, trace, silent' }),
        })
        .default('info'),
    ),
    MAX_BODY_BYTES: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ invalid_type_error: 'must be a whole number of bytes, such as 262144' })
        .int('must be a whole number of bytes, such as 262144')
        .min(1024, 'must be between 1024 and 10000000 bytes')
        .max(10_000_000, 'must be between 1024 and 10000000 bytes')
        .default(262_144),
    ),
    EXPORT_SECRET: z.preprocess(
      emptyToUndefined,
      z.string().min(32, 'must be at least 32 characters (a long random value)').optional(),
    ),
    PUBLIC_URL: z.preprocess(
      emptyToUndefined,
      z.string().url("must be the bot's public base URL, such as https://pcn-bot.azurewebsites.net").optional(),
    ),
    INSTANCE_ID: z.preprocess(emptyToUndefined, z.string().max(200).optional()),
    // Set by App Service on each instance, different on each: the default instance id there.
    WEBSITE_INSTANCE_ID: z.preprocess(emptyToUndefined, z.string().max(200).optional()),
    TEAMS_RATE_PER_SECOND: z.preprocess(
      emptyToUndefined,
      z.coerce.number({ invalid_type_error: 'must be a number' }).positive('must be above 0').max(10_000).optional(),
    ),
    TEAMS_APP_RATE_PER_SECOND: z.preprocess(
      emptyToUndefined,
      z.coerce.number({ invalid_type_error: 'must be a number' }).positive('must be above 0').max(10_000).default(50),
    ),
    LEASE_TTL_SECONDS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ invalid_type_error: 'must be a number of seconds, such as 45' })
        .min(1, 'must be between 1 and 600 seconds')
        .max(600, 'must be between 1 and 600 seconds')
        .default(45),
    ),
    JOBS: z.preprocess(emptyToUndefined, booleanFlag.default('1')),
    ODS_LOOKUP: z.preprocess(emptyToUndefined, booleanFlag.optional()),
    ODS_API_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .url(`must be the ODS ORD organisations URL, such as ${ODS_ORGANISATIONS_URL}`)
        .refine((v) => /^https?:\/\//.test(v), `must be an http(s) URL, such as ${ODS_ORGANISATIONS_URL}`)
        .default(ODS_ORGANISATIONS_URL),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.STORE === 'cosmos' && !env.COSMOS_ENDPOINT) {
      ctx.addIssue({ code: 'custom', path: ['COSMOS_ENDPOINT'], message: 'is required when STORE=cosmos' });
    }
    if (!env.MicrosoftAppId) return;
    // A bot registered with Azure: checked here so a gap stops the start with one clear line, not botbuilder's own.
    if (env.MicrosoftAppType !== 'MultiTenant' && !env.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: `is required for a ${env.MicrosoftAppType} bot` });
    }
    if (env.MicrosoftAppType === 'UserAssignedMSI' && env.MicrosoftAppPassword) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'must be empty for a UserAssignedMSI bot (it signs in with its managed identity)',
      });
    }
    if (env.MicrosoftAppType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required when MicrosoftAppId is set' });
    }
    if (!env.PUBLIC_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: "is required when MicrosoftAppId is set: export links must point at the bot's public address",
      });
    }
    if (!env.EXPORT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['EXPORT_SECRET'],
        message: 'is required when MicrosoftAppId is set, so every instance signs and checks export links alike',
      });
    }
  });

export interface Config {
  readonly port: number;
  readonly store: 'sqlite' | 'cosmos';
  readonly sqlitePath: string;
  readonly cosmos: {
    readonly endpoint?: string;
    readonly key?: string;
    readonly database: string;
    readonly createContainers: boolean;
    readonly allowSelfSignedCertificate: boolean;
  };
  readonly microsoftApp: {
    readonly appId?: string;
    readonly appPassword?: string;
    readonly appType: 'SingleTenant' | 'UserAssignedMSI' | 'MultiTenant';
    readonly tenantId?: string;
  };
  readonly allowedTenants: readonly string[];
  /** No MicrosoftAppId: auth off, Playground and demo data allowed. */
  readonly localMode: boolean;
  readonly playground: boolean;
  readonly demo: boolean;
  /** Local mode: which demo person (name or id) the Playground's user is. */
  readonly playgroundUser?: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly maxBodyBytes: number;
  readonly exportSecret?: string;
  /** The bot's public base URL, for links it hands out (CSV exports). */
  readonly publicUrl?: string;
  /** Stable name of this instance (INSTANCE_ID, else App Service's WEBSITE_INSTANCE_ID) so a restart resumes its own sends. */
  readonly instanceId?: string;
  /**
   * Proactive sends per second from this instance, when fixed by
   * TEAMS_RATE_PER_SECOND. Unset (the default), each instance takes its share
   * of teamsAppRatePerSecond from the instances it sees alive.
   */
  readonly teamsRatePerSecond?: number;
  /** Teams' limit per app per tenant (50), shared by every instance. */
  readonly teamsAppRatePerSecond: number;
  /**
   * How long a lease (a scheduled run, a conversation's sends, an instance's
   * heartbeat) outlives its holder's last renewal: how soon the work of an
   * instance that died is taken over. Outbox claims last twice this.
   */
  readonly leaseTtlMs: number;
  /** Run the scheduler and the outbox dispatcher in this process. */
  readonly jobs: boolean;
  /** NHS ODS look-ups of practice names and PCN members: off in local mode unless ODS_LOOKUP=1, on when registered. */
  readonly ods: {
    readonly lookup: boolean;
    /** The ORD organisations endpoint (a stand-in's address in tests). */
    readonly apiUrl: string;
  };
}

/** Raised when the environment is invalid; the message is one line naming the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Validates an environment (process.env by default) and returns the typed config. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const variable = String(first.path[0] ?? 'environment');
    const shown = env[variable];
    const value = shown !== undefined && !/KEY|PASSWORD|SECRET/i.test(variable) ? ` (got "${shown}")` : '';
    throw new ConfigError(`Invalid configuration: ${variable} ${first.message}${value}.`);
  }
  const e = parsed.data;
  const localMode = !e.MicrosoftAppId;
  return Object.freeze({
    port: e.PORT,
    store: e.STORE,
    sqlitePath: e.SQLITE_PATH,
    cosmos: {
      endpoint: e.COSMOS_ENDPOINT,
      key: e.COSMOS_KEY,
      database: e.COSMOS_DATABASE,
      createContainers: e.COSMOS_CREATE_CONTAINERS ?? localMode,
      allowSelfSignedCertificate: e.COSMOS_ALLOW_SELF_SIGNED,
    },
    microsoftApp: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
    },
    allowedTenants: e.ALLOWED_TENANTS,
    localMode,
    playground: localMode && e.PLAYGROUND,
    demo: localMode && e.DEMO,
    playgroundUser: e.PLAYGROUND_USER,
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    exportSecret: e.EXPORT_SECRET,
    publicUrl: e.PUBLIC_URL,
    instanceId: e.INSTANCE_ID ?? e.WEBSITE_INSTANCE_ID,
    teamsRatePerSecond: e.TEAMS_RATE_PER_SECOND,
    teamsAppRatePerSecond: e.TEAMS_APP_RATE_PER_SECOND,
    leaseTtlMs: Math.round(e.LEASE_TTL_SECONDS * 1000),
    jobs: e.JOBS,
    ods: { lookup: e.ODS_LOOKUP ?? !localMode, apiUrl: e.ODS_API_URL.replace(/\/+$/, '') },
  });
}
