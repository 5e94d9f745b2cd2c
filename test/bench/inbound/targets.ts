import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { BOT_ENTRY } from '../processes';

/** A free loopback port (the kernel's pick, released for the child to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls GET /healthz until it answers 200; the ms from `since` (the spawn) to that answer. */
export async function waitHealthy(baseUrl: string, since: number, timeoutMs = 30_000): Promise<number> {
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      await res.text();
      if (res.status === 200) return Date.now() - since;
    } catch {
      // Not listening yet.
    }
    if (Date.now() - since > timeoutMs) throw new Error(`${baseUrl} not healthy after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Resident set size of a process in MB, from /proc (Linux, as App Service). */
/**
 * CPU time (user + system) a process has used so far, in ms, from /proc. Per
 * request it is the cost that decides throughput on a busy 2-core machine,
 * and it holds steady when other work shares the cores (latency does not).
 */
export function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Linux's USER_HZ, 100 on every platform Node supports here. */
const CLOCK_TICKS_PER_SECOND = 100;

export function rssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 102.4) / 10;
  } catch {
    return 0;
  }
}

export interface Target {
  readonly name: string;
  readonly url: string;
  readonly process: ChildProcess;
  readonly readyMs: number;
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
}

/** The real bot (dist/bot/index.js) on `port` with `env`, its output appended to `logFile`. */
export async function startBot(
  env: Record<string, string>,
  logFile: string,
  nodeArgs: readonly string[] = [],
  extraEnv: Record<string, string> = {},
): Promise<Target> {
  const port = await freePort();
  const log = fs.openSync(logFile, 'a');
  const startedAt = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, BOT_ENTRY], {
    env: { PATH: process.env.PATH ?? '', ...extraEnv, ...env, PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const readyMs = await waitHealthy(url, startedAt);
  return { name: 'bot', url, process: child, readyMs, stop: stopper(child) };
}

/** The bare botbuilder echo bot (echo-bot.js beside this file). */
export async function startEcho(nodeArgs: readonly string[] = []): Promise<Target> {
  const port = await freePort();
  const startedAt = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, path.join(__dirname, 'echo-bot.js'), String(port)], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const readyMs = await waitHealthy(url, startedAt);
  return { name: 'echo', url, process: child, readyMs, stop: stopper(child) };
}
