import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
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
  const playgroundPid = Number((await waitForOutput(bot, /"module":"playground".*?"pid":(\d+)/))[1]);

  const health = await fetch(`${botUrl}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok', store: 'sqlite', storeReachable: true });
  expect(output).toMatch(/"practices":\d+,"msg":"demo PCN seeded"/);
  expect(fs.existsSync(path.join(home, 'data', 'pcn-bot.sqlite'))).toBe(true);
  expect((await fetch(playgroundUrl as string)).status).toBe(200);
  expect(actingAs).toBe('Alex Morgan');
  expect(isRunning(playgroundPid)).toBe(true);

  const code = await stopProcess(bot, 'SIGINT');
  bot = undefined;

  expect(code).toBe(0);
  for (let i = 0; i < 50 && isRunning(playgroundPid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(isRunning(playgroundPid)).toBe(false);
}, 90_000);
