import { AsyncLocalStorage } from 'node:async_hooks';
import type { PluginConfig } from '@azure/cosmos';
import { StoreBusyError } from '../../errors';

/** The HTTP status of an @azure/cosmos error, if it carries one. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'number') return code;
  if (typeof statusCode === 'number') return statusCode;
  return undefined;
}

/** 429 (throttled) and 503 (unavailable) are what a later retry can fix; the SDK has already retried. */
export function isBusyStatus(status: number | undefined): boolean {
  return status === 429 || status === 503;
}

/** Runs one SDK call, turning persistent throttling or unavailability into StoreBusyError. */
export async function guard<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = statusOf(error) ?? batchFailure.getStore()?.status;
    if (isBusyStatus(status)) throw new StoreBusyError(`${what}: Cosmos DB answered ${status} after the SDK's retries`);
    throw error;
  }
}

/**
 * Items.batch() in @azure/cosmos rethrows a failed request as a plain Error
 * that has lost its status code. This SDK plugin sees the original error after
 * the SDK's retries and records its status for the batch call in progress, so
 * a throttled batch can still be told apart from a bad one.
 */
export const batchFailure = new AsyncLocalStorage<{ status?: number }>();

export const recordBatchStatus: PluginConfig = {
  on: 'operation',
  plugin: async (context, _diagnosticNode, next) => {
    try {
      return await next(context);
    } catch (error) {
      const holder = batchFailure.getStore();
      const status = statusOf(error);
      if (holder && status !== undefined) holder.status = status;
      throw error;
    }
  },
};
