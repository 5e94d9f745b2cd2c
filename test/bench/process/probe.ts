import fs from 'node:fs';
import path from 'node:path';

export interface MemoryReport {
  readonly at: number;
  readonly rssMb: number;
  readonly heapTotalMb: number;
  readonly heapUsedMb: number;
  /** After a full collection (the probe runs with --expose-gc). */
  readonly liveHeapMb?: number;
  readonly externalMb: number;
  readonly arrayBuffersMb: number;
  readonly spaces: Record<string, { sizeMb: number; usedMb: number }>;
  readonly kernel: Record<string, number>;
}

/** The node arguments that preload the probe (memory-probe.js beside this file). */
export function probeArgs(): string[] {
  return ['--expose-gc', '--require', path.join(__dirname, 'memory-probe.js')];
}

/** Asks the probed process for its memory (SIGUSR2) and reads the answer it writes to `file`. */
export async function probe(pid: number, file: string): Promise<MemoryReport | undefined> {
  const before = fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setTimeout(r, 10));
    if (fs.existsSync(file) && fs.statSync(file).mtimeMs !== before)
      return JSON.parse(fs.readFileSync(file, 'utf8')) as MemoryReport;
  }
  return undefined;
}

/** One line: RSS, and what it is made of (V8 heap used/total, anonymous and file-backed pages). */
export function describe(m: MemoryReport | undefined): string {
  if (!m) return 'no report';
  const anon = m.kernel.Anonymous ?? 0;
  const file = Math.round(((m.kernel.Rss ?? m.rssMb) - anon) * 10) / 10;
  return `RSS ${m.rssMb} MB = heap ${m.heapUsedMb} used (live ${m.liveHeapMb ?? '?'}) / ${m.heapTotalMb} reserved (new space ${m.spaces.new_space?.sizeMb ?? '?'}), other anonymous ${Math.round((anon - m.heapTotalMb) * 10) / 10}, file-backed ${file}`;
}
