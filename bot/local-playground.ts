/**
 * Local mode's stand-in for Microsoft Teams: runs the Microsoft 365 Agents
 * Playground (npm @microsoft/m365agentsplayground) as a child process, pointed
 * at the bot, playing the demo PCN team from `.m365agentsplayground.yml`.
 *
 * What the Playground does that shapes this file (read from its bundle, 0.2.28):
 * - It reads its config from M365_AGENTS_PLAYGROUND_CONFIG_PATH (else
 *   ./.m365agentsplayground.yml in its cwd); there is no CLI flag for it.
 * - It writes its log to ./devTools/m365agentsplayground.log unless
 *   M365_AGENTS_PLAYGROUND_LOGFILE says otherwise, and prints to the console
 *   only on a TTY; on a pipe it prints one line, "Listening on <port>".
 * - `--disable-telemetry` stops its events, but it still starts Application
 *   Insights (heartbeat, statsbeat); APPLICATIONINSIGHTS_CONFIGURATION_CONTENT
 *   with disableAppInsights turns the SDK off, so nothing leaves the machine.
 * - It opens a browser unless TEAMSAPPTESTER_BROWSER=none.
 * - Its current user is fixed for the life of the process, so acting as
 *   someone else means a second Playground with another config (`actAs`).
 * These variables are set inside the child by a small preload script, so the
 * bot's own environment is neither read nor changed here.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../services/logger';
import {
  DEMO_ADMIN,
  DEMO_BOT,
  DEMO_GROUP_CHAT,
  DEMO_PEOPLE,
  DEMO_TEAM,
  DEMO_TENANT_ID,
  findDemoPerson,
  type DemoPerson,
} from '../services/demo-pcn';

export const DEFAULT_PLAYGROUND_PORT = 56150;
export const PLAYGROUND_CONFIG_FILE_NAME = '.m365agentsplayground.yml';

/** A user as the Playground's config schema (0.1.1) spells it, `userPrincipleName` included. */
export interface PlaygroundUser {
  readonly id: string;
  readonly name: string;
  readonly userPrincipleName: string;
  readonly aadObjectId: string;
  readonly givenName: string;
  readonly surname: string;
  readonly email: string;
}

/** The Playground's config file. Its schema wants exactly 5 `users` and at most 1 extra channel. */
export interface PlaygroundConfigFile {
  readonly version: '0.1.1';
  readonly tenantId: string;
  readonly bot: { readonly id: string; readonly name: string };
  readonly currentUser: PlaygroundUser;
  readonly users: readonly PlaygroundUser[];
  readonly personalChat: { readonly id: string };
  readonly groupChat: { readonly id: string; readonly name: string };
  readonly team: {
    readonly id: string;
    readonly name: string;
    readonly aadGroupId: string;
    readonly channels: readonly { readonly id: string; readonly name: string }[];
  };
}

function toPlaygroundUser(p: DemoPerson): PlaygroundUser {
  return {
    id: p.teamsUserId,
    name: p.name,
    userPrincipleName: p.email,
    aadObjectId: p.aadObjectId,
    givenName: p.givenName,
    surname: p.surname,
    email: p.email,
  };
}

/**
 * The demo team's Playground config with `currentUser` as the person at the
 * keyboard. For the PCN admin it equals the committed yml (a unit test checks).
 */
export function playgroundConfig(currentUser: DemoPerson = DEMO_ADMIN): PlaygroundConfigFile {
  return {
    version: '0.1.1',
    tenantId: DEMO_TENANT_ID,
    bot: { id: DEMO_BOT.id, name: DEMO_BOT.name },
    currentUser: toPlaygroundUser(currentUser),
    users: DEMO_PEOPLE.filter((p) => p.aadObjectId !== currentUser.aadObjectId).map(toPlaygroundUser),
    personalChat: { id: currentUser.personalChatId },
    groupChat: { id: DEMO_GROUP_CHAT.id, name: DEMO_GROUP_CHAT.name },
    team: {
      id: DEMO_TEAM.id,
      name: DEMO_TEAM.name,
      aadGroupId: DEMO_TEAM.aadGroupId,
      channels: DEMO_TEAM.channels.map((c) => ({ id: c.id, name: c.name })),
    },
  };
}

/** The committed config: the repository root, found from here in source (bot/) and in the build (dist/bot/). */
export function defaultPlaygroundConfigPath(): string {
  const candidates = [path.resolve(__dirname, '..'), path.resolve(__dirname, '..', '..')].map((dir) =>
    path.join(dir, PLAYGROUND_CONFIG_FILE_NAME),
  );
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`${PLAYGROUND_CONFIG_FILE_NAME} not found next to package.json`);
  return found;
}

export interface PlaygroundOptions {
  /** Where the Playground sends activities, for example http://localhost:3978/api/messages. */
  readonly botEndpoint: string;
  /** Defaults to 56150; 0 takes any free port. A busy port makes the Playground pick a free one. */
  readonly port?: number;
  readonly logger: Logger;
  /** Play the UI as this demo person (AAD object id, Teams id or name) instead of the PCN admin. */
  readonly actAs?: string;
  /** Use this config file instead of the committed one (ignored with `actAs`). */
  readonly configPath?: string;
  /** Let the Playground open the system browser itself. Off by default. */
  readonly openBrowser?: boolean;
  readonly startTimeoutMs?: number;
}

export interface RunningPlayground {
  /** The web UI to open. */
  readonly url: string;
  readonly port: number;
  /** The mock Bot Connector the Playground puts into activities as `serviceUrl`. */
  readonly serviceUrl: string;
  readonly pid: number;
  /** Who the UI acts as. */
  readonly currentUser: PlaygroundUser;
  /** Stops the Playground and removes its temp folder; safe to call twice. */
  stop(): Promise<void>;
}

/** Application Insights settings that turn the Playground's bundled SDK off entirely. */
const APP_INSIGHTS_OFF = {
  disableAppInsights: true,
  disableStatsbeat: true,
  enableAutoCollectHeartbeat: false,
  enableSendLiveMetrics: false,
  enableUseDiskRetryCaching: false,
  noDiagnosticChannel: true,
};

/**
 * Preloaded into the child: its environment, its servers kept to loopback,
 * and exit (removing its temp folder) when our end of its stdin closes,
 * which also happens if we are killed.
 */
function guardScript(workDir: string, configPath: string, logPath: string, openBrowser: boolean): string {
  const env: Record<string, string> = {
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
    M365_AGENTS_PLAYGROUND_LOGFILE: logPath,
    APPLICATIONINSIGHTS_CONFIGURATION_CONTENT: JSON.stringify(APP_INSIGHTS_OFF),
    APPLICATION_INSIGHTS_NO_STATSBEAT: '1',
    APPLICATION_INSIGHTS_NO_DIAGNOSTIC_CHANNEL: '1',
  };
  if (!openBrowser) env.TEAMSAPPTESTER_BROWSER = 'none';
  return [
    "'use strict';",
    `Object.assign(process.env, ${JSON.stringify(env)});`,
    // The Playground acts as a signed-in user and has no host option: keep its servers on this machine.
    "const net = require('net');",
    'const listen = net.Server.prototype.listen;',
    'net.Server.prototype.listen = function (...args) {',
    "  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');",
    '  return listen.apply(this, args);',
    '};',
    'const bye = () => {',
    `  try { require('fs').rmSync(${JSON.stringify(workDir)}, { recursive: true, force: true }); } catch {}`,
    '  process.exit(0);',
    '};',
    "process.stdin.on('end', bye);",
    "process.stdin.on('close', bye);",
    "process.stdin.on('error', bye);",
    'process.stdin.resume();',
    '',
  ].join('\n');
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/_debug/ping', timeout: 1000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(res.statusCode === 200 && body.includes('pong')));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function tail(file: string, lines = 15): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-lines).join('\n');
}

/**
 * Starts the Agents Playground against `botEndpoint` and resolves once its web
 * UI answers. Offline: no telemetry, no browser opened, nothing written
 * outside its own temp folder.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const logger = options.logger.child({ module: 'playground' });
  const port = options.port ?? DEFAULT_PLAYGROUND_PORT;
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const cliPath = require.resolve('@microsoft/m365agentsplayground/cli.js');

  let person = DEMO_ADMIN;
  if (options.actAs !== undefined) {
    const found = findDemoPerson(options.actAs);
    if (!found) throw new Error(`No demo person "${options.actAs}" in the demo PCN`);
    person = found;
  }

  const workDir = await mkdtemp(path.join(os.tmpdir(), 'pcn-playground-'));
  let configPath = options.configPath ?? defaultPlaygroundConfigPath();
  if (options.actAs !== undefined) {
    // JSON is YAML, and the Playground parses its config with a YAML parser.
    configPath = path.join(workDir, PLAYGROUND_CONFIG_FILE_NAME);
    await writeFile(configPath, JSON.stringify(playgroundConfig(person), null, 2));
  }
  const logPath = path.join(workDir, 'playground.log');
  const guardPath = path.join(workDir, 'guard.js');
  await writeFile(guardPath, guardScript(workDir, configPath, logPath, options.openBrowser ?? false));

  const args = ['--require', guardPath, cliPath, 'start', '--app-endpoint', options.botEndpoint];
  args.push('--channel-id', 'msteams', '--port', String(port), '--disable-telemetry');
  const child = spawn(process.execPath, args, { cwd: workDir, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });

  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => (exited = true));
  // If this process ends without stop(), take the child down with it (its stdin guard covers kill -9).
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', killOnExit);
    if (!exited) {
      child.stdin.end();
      // A plain delay() here would keep the event loop (and a test run) alive for 5 s after a prompt exit.
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 5000)));
      const gone = await Promise.race([exitedPromise.then(() => true), timedOut]);
      clearTimeout(timer);
      if (!gone) {
        child.kill('SIGKILL');
        await exitedPromise;
      }
    }
    await rm(workDir, { recursive: true, force: true });
    logger.info({ pid: child.pid }, 'Agents Playground stopped');
  };

  try {
    const actualPort = await new Promise<number>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`not listening after ${timeoutMs} ms`)), timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /Listening on (\d+)/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited with code ${code ?? 'null'} before listening`));
      });
    });
    // It prints the port before it has mounted its routes; a bad config makes it exit just after.
    const deadline = Date.now() + timeoutMs;
    while (!(await ping(actualPort))) {
      if (exited) throw new Error('exited after listening (is the config file valid?)');
      if (Date.now() > deadline) throw new Error(`port ${actualPort} did not answer within ${timeoutMs} ms`);
      await delay(100);
    }
    if (port !== 0 && actualPort !== port) {
      logger.warn({ requested: port, port: actualPort }, 'Playground port was busy; it chose another');
    }
    const url = `http://localhost:${actualPort}`;
    const currentUser = toPlaygroundUser(person);
    logger.info(
      { url, pid: child.pid, actingAs: currentUser.name, botEndpoint: options.botEndpoint },
      `Agents Playground is running: open ${url} in your browser`,
    );
    return { url, port: actualPort, serviceUrl: `${url}/_connector`, pid: child.pid ?? -1, currentUser, stop };
  } catch (err) {
    const log = await tail(logPath);
    await stop();
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Agents Playground failed to start: ${reason}\n${log}\n${stderr.trim()}`.trim());
  }
}
