/**
 * Preloaded into the process under benchmark (`node --require
 * memory-probe.js ...`): on SIGUSR2 it writes the process's own view of its
 * memory to MEMORY_PROBE_FILE (JSON): V8's heap spaces, external and array
 * buffers, and the kernel's split of the resident set (anonymous against
 * file-backed, from /proc/self/smaps_rollup), so the part of RSS beyond the
 * live heap can be told apart. Benchmark tooling only; the bot never loads it.
 */
import fs from 'node:fs';
import v8 from 'node:v8';

function smapsRollup(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const line of fs.readFileSync('/proc/self/smaps_rollup', 'utf8').split('\n')) {
      const m = /^(\w+):\s+(\d+) kB/.exec(line);
      if (m) out[m[1] as string] = Math.round(Number(m[2]) / 102.4) / 10;
    }
  } catch {
    // Not Linux: the V8 figures are still written.
  }
  return out;
}

const file = process.env.MEMORY_PROBE_FILE;
if (file) {
  process.on('SIGUSR2', () => {
    const mb = (n: number) => Math.round(n / 104857.6) / 10;
    const usage = process.memoryUsage();
    const spaces = Object.fromEntries(
      v8.getHeapSpaceStatistics().map((s) => [s.space_name, { sizeMb: mb(s.space_size), usedMb: mb(s.space_used_size) }]),
    );
    // With --expose-gc: the live heap after a full collection, beside the heap as it was (dead objects included).
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    const live = mb(process.memoryUsage().heapUsed);
    const report = {
      at: Date.now(),
      liveHeapMb: collect ? live : undefined,
      rssMb: mb(usage.rss),
      heapTotalMb: mb(usage.heapTotal),
      heapUsedMb: mb(usage.heapUsed),
      externalMb: mb(usage.external),
      arrayBuffersMb: mb(usage.arrayBuffers),
      spaces,
      kernel: smapsRollup(),
    };
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(report));
    fs.renameSync(`${file}.tmp`, file);
  });
}
