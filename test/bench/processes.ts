import { type ChildProcess, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ConnectorMessage, ConnectorProcessOptions, ConnectorStats } from './connector-process';

/** dist/bot/index.js, beside dist/test/bench/ once built. */
export const BOT_ENTRY = path.resolve(__dirname, '../../bot/index.js');

export interface ConnectorHandle {
  readonly url: string;
  readonly process: ChildProcess;
  stats(): Promise<ConnectorStats>;
  /** Called with the number of distinct keys delivered, every `progressEvery` keys. */
  onProgress(listener: (delivered: number, at: number) => void): void;
  /** When every expected key has arrived (ms since the epoch), or undefined after `timeoutMs`. */
  complete(timeoutMs: number): Promise<number | undefined>;
  stop(): Promise<void>;
}

/** Forks the loopback connector (connector-process.js) and waits until it listens. */
export async function startConnectorProcess(options: ConnectorProcessOptions): Promise<ConnectorHandle> {
  const child = fork(path.join(__dirname, 'connector-process.js'), [], {
    env: { ...process.env, BENCH_CONNECTOR: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const listeners: ((delivered: number, at: number) => void)[] = [];
  let completeAt: number | undefined;
  let completed: (() => void) | undefined;
  let pendingStats: ((stats: ConnectorStats) => void)[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`connector process exited early (${code})`)));
    child.on('message', (message: ConnectorMessage) => {
      if (message.type === 'ready') resolve(message.url);
      if (message.type === 'progress') listeners.forEach((l) => l(message.delivered, message.at));
      if (message.type === 'complete') {
        completeAt = message.at;
        completed?.();
      }
      if (message.type === 'stats') {
        const waiting = pendingStats;
        pendingStats = [];
        waiting.forEach((w) => w(message.stats));
      }
    });
  });
  return {
    url,
    process: child,
    stats: () =>
      new Promise((resolve) => {
        pendingStats.push(resolve);
        child.send({ type: 'stats' });
      }),
    onProgress: (listener) => listeners.push(listener),
    complete: (timeoutMs) =>
      completeAt !== undefined
        ? Promise.resolve(completeAt)
        : new Promise((resolve) => {
            const timer = setTimeout(() => resolve(undefined), timeoutMs);
            completed = () => {
              clearTimeout(timer);
              resolve(completeAt);
            };
          }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  };
}

export interface BotHandle {
  readonly process: ChildProcess;
  readonly startedAt: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the real bot (`node dist/bot/index.js`) with `env`, its output appended to `logFile`. */
export function startBotProcess(env: Record<string, string>, logFile: string, nodeArgs: readonly string[] = []): BotHandle {
  const log = fs.openSync(logFile, 'a');
  const startedAt = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, BOT_ENTRY], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, startedAt, exited };
}

/** SIGTERM (a graceful stop: in-flight sends finish and are recorded), then SIGKILL if it hangs. */
export async function stopBot(bot: BotHandle, graceMs = 15_000): Promise<void> {
  if (bot.process.exitCode !== null || bot.process.signalCode !== null) return;
  bot.process.kill('SIGTERM');
  const timer = setTimeout(() => bot.process.kill('SIGKILL'), graceMs);
  await bot.exited;
  clearTimeout(timer);
}
