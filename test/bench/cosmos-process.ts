/**
 * The local Cosmos DB server in a process of its own, for benchmarks: in the
 * benchmark's process it would share one CPU core with the Teams stand-in,
 * and every instance's store call would wait behind Teams' answers.
 *
 *   -> { type: 'ready', endpoint }   once listening
 *   <- { type: 'stop' }              closes and exits (as does losing the parent)
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { startCosmosServer } from '../support/cosmos-server';

export interface CosmosProcess {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Forks this file and waits for the server's address. */
export async function startCosmosProcess(): Promise<CosmosProcess> {
  const child = fork(path.join(__dirname, 'cosmos-process.js'), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`cosmos process exited early (${code})`)));
    child.on('message', (m: { type?: string; endpoint?: string }) => {
      if (m.type === 'ready' && m.endpoint) resolve(m.endpoint);
    });
  });
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  };
}

async function serve(): Promise<void> {
  const server = await startCosmosServer();
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.on('message', (m: { type?: string }) => m.type === 'stop' && stop());
  process.on('disconnect', stop);
  process.send?.({ type: 'ready', endpoint: server.endpoint });
}

if (process.argv.includes('--serve')) {
  serve().catch((error: unknown) => {
    process.stderr.write(`cosmos process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
