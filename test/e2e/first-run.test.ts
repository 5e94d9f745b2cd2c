import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { compileBot, spawnBot, stopProcess } from '../support/bot-process';

/**
 * The README's first command, as a newcomer meets it: the real entry point in
 * local mode (no MicrosoftAppId) in an empty folder, with the defaults: the
 * embedded store under ./data, the demo PCN, and the Agents Playground.
 */
let build: string;
let home: string;
let bot: ChildProcess | undefined;
let output = '';

beforeAll(async () => {
  build = await compileBot('pcn-first-run-build-');
}, 120_000);
afterAll(() => fs.rmSync(build, { recursive: true, force: true }));

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'pcn-first-run-'));
  output = '';
});
afterEach(async () => {
  if (bot) await stopProcess(bot);
  bot = undefined;
  fs.rmSync(home, { recursive: true, force: true });
});

/** Waits until the bot's output matches `pattern`; fails with the output so far if it exits or takes too long. */
async function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 45_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = output.match(pattern);
    if (match) return match;
    if (child.exitCode !== null) throw new Error(`The bot exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${pattern}:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** This machine's first non-loopback IPv4 address, if it has one. */
const lanAddress = () =>
  Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

/** Whether a TCP connection to host:port is accepted. */
const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host, port, timeout: 2_000 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('when a newcomer starts the bot in an empty folder, then it serves /healthz, shows the demo PCN in the Playground, says where to open it, and Ctrl+C stops both', async () => {
  bot = spawnBot(build, { PORT: '0' }, ['ignore', 'pipe', 'pipe'], home);
  bot.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  bot.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const [, playgroundUrl, actingAs] = await waitForOutput(
    bot,
    /The bot is ready\. Open (http:\/\/localhost:\d+) in your browser to talk to it as ([^.]+)\./,
  );
  const botUrl = (await waitForOutput(bot, /"url":"(http:\/\/[^"]+)","store":"sqlite","localMode":true/))[1] as string;
  // No sign-in in local mode, so it listens on this machine only.
  expect(botUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const playgroundPid = Number((await waitForOutput(bot, /"module":"playground".*?"pid":(\d+)/))[1]);

  const health = await fetch(`${botUrl}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok', store: 'sqlite', storeReachable: true });
  expect(output).toMatch(/"practices":\d+,"msg":"demo PCN seeded"/);
  expect(fs.existsSync(path.join(home, 'data', 'pcn-bot.sqlite'))).toBe(true);
  expect((await fetch(playgroundUrl as string)).status).toBe(200);
  expect(actingAs).toBe('Alex Morgan');
  expect(isRunning(playgroundPid)).toBe(true);
  // Neither the bot nor the Playground (which acts as a signed-in user) answers from the network.
  const lan = lanAddress();
  const ports = [botUrl, playgroundUrl as string].map((u) => Number(new URL(u).port));
  expect(await Promise.all(ports.map((port) => accepts('127.0.0.1', port)))).toEqual([true, true]);
  if (lan) expect(await Promise.all(ports.map((port) => accepts(lan, port)))).toEqual([false, false]);

  const code = await stopProcess(bot, 'SIGINT');
  bot = undefined;

  expect(code).toBe(0);
  for (let i = 0; i < 50 && isRunning(playgroundPid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(isRunning(playgroundPid)).toBe(false);
}, 90_000);
