import type { TokenCredential } from '@azure/identity';
import type { Logger } from '../../logger';
import { assertFieldName } from '../documents';
import { DEFAULT_SORTABLE_FIELDS } from './indexing';

/** How the Cosmos DB adapter connects and behaves. Validated once, in the constructor. */
export interface CosmosStoreOptions {
  /** Account endpoint, for example https://myaccount.documents.azure.com:443/ */
  readonly endpoint: string;
  /** Account key. When absent the adapter signs in with Microsoft Entra ID (managed identity). */
  readonly key?: string;
  /** Used when there is no key; defaults to DefaultAzureCredential from @azure/identity. */
  readonly credential?: TokenCredential;
  readonly database: string;
  /** Create the database and containers if missing: on for local use, off in production (Bicep owns them). */
  readonly createContainers?: boolean;
  /** Accept a self-signed certificate: only for a Cosmos DB server on this machine (loopback). */
  readonly allowSelfSignedCertificate?: boolean;
  /** The SDK's own retries on 429 before the adapter gives up with StoreBusyError. */
  readonly retry?: { readonly maxAttempts?: number; readonly maxWaitSeconds?: number };
  /**
   * Top-level fields a query may order by. Each needs composite indexes in the
   * container's indexing policy (see indexing.ts), so the list is explicit.
   */
  readonly sortableFields?: readonly string[];
  readonly logger?: Logger;
}

export interface ResolvedCosmosOptions {
  readonly endpoint: string;
  readonly key?: string;
  readonly credential?: TokenCredential;
  readonly database: string;
  readonly createContainers: boolean;
  /** The server is on this machine (loopback): one region, nothing to discover. */
  readonly local: boolean;
  /** https with a self-signed certificate accepted (never plain http: there is no certificate to accept). */
  readonly acceptSelfSigned: boolean;
  readonly retry: { readonly maxAttempts: number; readonly maxWaitSeconds: number };
  readonly sortableFields: readonly string[];
  readonly logger?: Logger;
}

/** Small enough that a user is told "try again in a minute" well inside Teams' reply window. */
export const DEFAULT_RETRY = { maxAttempts: 5, maxWaitSeconds: 8 } as const;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Checks every option and fills in defaults; throws one clear line naming what is wrong. */
export function resolveCosmosOptions(options: CosmosStoreOptions): ResolvedCosmosOptions {
  let url: URL;
  try {
    url = new URL(options.endpoint);
  } catch {
    throw new Error(`Cosmos DB endpoint is not a URL: "${options.endpoint}"`);
  }
  const loopback = LOOPBACK.has(url.hostname);
  const https = url.protocol === 'https:';
  if (!https && !(url.protocol === 'http:' && loopback)) {
    throw new Error('Cosmos DB endpoint must use https (plain http is allowed only on this machine)');
  }
  if (options.allowSelfSignedCertificate && !loopback) {
    throw new Error('allowSelfSignedCertificate is only for a local Cosmos DB server (localhost or 127.0.0.1)');
  }
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(options.database)) {
    throw new Error(`Cosmos DB database name may use only letters, digits, - and _: "${options.database}"`);
  }
  if (options.key !== undefined && options.key.trim() === '') throw new Error('Cosmos DB key is empty');
  const maxAttempts = options.retry?.maxAttempts ?? DEFAULT_RETRY.maxAttempts;
  const maxWaitSeconds = options.retry?.maxWaitSeconds ?? DEFAULT_RETRY.maxWaitSeconds;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 0 || maxAttempts > 20) {
    throw new Error('Cosmos DB retry.maxAttempts must be a whole number from 0 to 20');
  }
  if (!Number.isFinite(maxWaitSeconds) || maxWaitSeconds < 0 || maxWaitSeconds > 60) {
    throw new Error('Cosmos DB retry.maxWaitSeconds must be from 0 to 60');
  }
  const sortableFields = [...new Set(options.sortableFields ?? DEFAULT_SORTABLE_FIELDS)];
  sortableFields.forEach(assertFieldName);
  return {
    endpoint: options.endpoint,
    key: options.key,
    credential: options.credential,
    database: options.database,
    createContainers: options.createContainers ?? false,
    local: loopback,
    // Guides for the Linux emulator set this with its http endpoint too: there is no certificate then, and a TLS agent breaks http.
    acceptSelfSigned: https && options.allowSelfSignedCertificate === true,
    retry: { maxAttempts, maxWaitSeconds },
    sortableFields,
    logger: options.logger,
  };
}
