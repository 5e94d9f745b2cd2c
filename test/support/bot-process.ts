import { type ChildProcess, execFile, spawn, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The real bot as a process (`node bot/index.js`), for the suites that test
 * what only a whole process shows: start-up, signals, several instances.
 */
export const ROOT = path.resolve(__dirname, '../..');

/**
 * Compiles the bot into a temp folder, not dist/, so a build elsewhere cannot
 * change the bots under test; about 7 s. Returns the folder; remove it after.
 */
export async function compileBot(prefix: string): Promise<string> {
  const build = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  await promisify(execFile)('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', build], { cwd: ROOT }).catch(
    // Type errors elsewhere still emit JavaScript; only a missing entry point is fatal.
    (error: unknown) => void error,
  );
  if (!fs.existsSync(path.join(build, 'bot', 'index.js'))) throw new Error('The bot did not compile');
  // The committed Playground config, where the bot looks for it: beside the build, as at the repository root.
  fs.copyFileSync(path.join(ROOT, '.m365agentsplayground.yml'), path.join(build, '.m365agentsplayground.yml'));
  return build;
}

/** Starts the compiled bot with exactly `env` (plus PATH and the project's packages), in `cwd`. */
export function spawnBot(build: string, env: Record<string, string>, stdio: StdioOptions, cwd = ROOT): ChildProcess {
  return spawn(process.execPath, [path.join(build, 'bot', 'index.js')], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      // The compiled files live in a temp folder: their packages are the project's.
      NODE_PATH: path.join(ROOT, 'node_modules'),
      ...env,
    },
    stdio,
  });
}

/** Stops a process as Ctrl+C or App Service would (`signal`), killing it if it has not exited in 15 s; its exit code. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? -1;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}
