import fs from 'node:fs';
import path from 'node:path';

/** Where the results go: the source tree's test/bench/results (gitignored), not dist/. */
export const RESULTS_DIR = path.resolve(__dirname, '../../../../test/bench/results');

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export const round = (x: number, places = 3) => Math.round(x * 10 ** places) / 10 ** places;

/** The value after `--name` on the command line, if any. */
export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export function writeResult(name: string, result: unknown): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
