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
      z
        .string()
        .min(32, 'must be at least 32 characters (a long random value)')
        // App Service passes the reference itself on when it cannot read the secret: a guessable value, never a key.
        .refine((v) => !v.startsWith('@Microsoft.KeyVault('), 'is a Key Vault reference App Service could not resolve')
        .optional(),
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
    APPLICATIONINSIGHTS_CONNECTION_STRING: optionalString.refine(
      (v) => v === undefined || /InstrumentationKey=[^;]+/i.test(v),
      'must be the Application Insights connection string (it contains InstrumentationKey=...)',
    ),
    INBOUND_PER_CONVERSATION: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ invalid_type_error: 'must be a whole number of requests per minute' })
        .int('must be a whole number of requests per minute')
        .min(1, 'must be between 1 and 100000 requests per minute')
        .max(100_000, 'must be between 1 and 100000 requests per minute')
        .default(120),
    ),
    INBOUND_PER_TENANT: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ invalid_type_error: 'must be a whole number of requests per minute' })
        .int('must be a whole number of requests per minute')
        .min(1, 'must be between 1 and 1000000 requests per minute')
        .max(1_000_000, 'must be between 1 and 1000000 requests per minute')
        .default(6000),
    ),
    NODE_ENV: optionalString,
    BOT_OPENID_METADATA_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .url('must be a loopback URL such as http://127.0.0.1:4020/.well-known/openid-configuration (tests only)')
        .refine(isLoopbackUrl, 'must be a loopback URL (127.0.0.1, ::1 or localhost): it is for tests only')
        .optional(),
    ),
    BOT_TOKEN_ISSUER: optionalString,
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
    testSignIn(env, ctx);
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
    if (env.ALLOWED_TENANTS.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['ALLOWED_TENANTS'],
        message: 'is required when MicrosoftAppId is set: list the tenant ids (comma-separated) whose Teams may use the bot',
      });
    }
  });

/**
 * Every environment variable the bot reads, by name: the Bicep template's app
 * settings are checked against this list (test/unit/infra-cross-check.test.ts).
 */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(Object.keys(schema.innerType().shape));

function isLoopbackUrl(value: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(value).hostname);
  } catch {
    return false;
  }
}

/**
 * BOT_OPENID_METADATA_URL and BOT_TOKEN_ISSUER point sign-in at a loopback
 * key server so tests can sign real tokens. Both or neither, never with
 * NODE_ENV=production, and only with a MicrosoftAppId (without one there is
 * no sign-in to point anywhere).
 */
function testSignIn(
  env: { NODE_ENV?: string; MicrosoftAppId?: string; BOT_OPENID_METADATA_URL?: string; BOT_TOKEN_ISSUER?: string },
  ctx: z.RefinementCtx,
): void {
  const metadata = env.BOT_OPENID_METADATA_URL;
  const issuer = env.BOT_TOKEN_ISSUER;
  if (!metadata && !issuer) return;
  const variable = metadata ? 'BOT_OPENID_METADATA_URL' : 'BOT_TOKEN_ISSUER';
  const refuse = (message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
  if (env.NODE_ENV === 'production') refuse('is for tests only and is refused when NODE_ENV=production');
  else if (!env.MicrosoftAppId) refuse('is for sign-in tests only and needs MicrosoftAppId');
  else if (!metadata)
    ctx.addIssue({ code: 'custom', path: ['BOT_OPENID_METADATA_URL'], message: 'is required with BOT_TOKEN_ISSUER' });
  else if (!issuer)
    ctx.addIssue({ code: 'custom', path: ['BOT_TOKEN_ISSUER'], message: 'is required with BOT_OPENID_METADATA_URL' });
}

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
  /** Tenant ids whose Teams may use the bot; required when registered (empty only in local mode, meaning any). */
  readonly allowedTenants: readonly string[];
  /**
   * Tests only: sign-in checks tokens against this loopback OpenID metadata
   * and issuer instead of the Bot Framework's (refused with NODE_ENV=production).
   */
  readonly testSignIn?: { readonly openIdMetadataUrl: string; readonly tokenIssuer: string };
  /** Inbound requests allowed per minute on this instance, per conversation (a channel counts as one) and per tenant. */
  readonly inboundLimits: { readonly perConversation: number; readonly perTenant: number };
  /** Application Insights: telemetry is sent (and its SDK loaded) only when this is set. */
  readonly applicationInsightsConnectionString?: string;
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
    const value = shown !== undefined && !/KEY|PASSWORD|SECRET|CONNECTION_STRING/i.test(variable) ? ` (got "${shown}")` : '';
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
    testSignIn:
      e.BOT_OPENID_METADATA_URL && e.BOT_TOKEN_ISSUER
        ? { openIdMetadataUrl: e.BOT_OPENID_METADATA_URL, tokenIssuer: e.BOT_TOKEN_ISSUER }
        : undefined,
    inboundLimits: { perConversation: e.INBOUND_PER_CONVERSATION, perTenant: e.INBOUND_PER_TENANT },
    applicationInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
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
