import { Worker } from 'node:worker_threads';

/** How often the worker copies the write-ahead log back into the database file. */
export const CHECKPOINT_INTERVAL_MS = 500;
/** After a checkpoint lets SQLite start the log again, it trims the file to this, so a burst's log does not stay on disk. */
export const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

export interface CheckpointResult {
  /** Frames in the log, and how many of them are now in the database file. */
  readonly log: number;
  readonly checkpointed: number;
}

/**
 * The worker's whole program. It gets the driver's path rather than
 * resolving 'better-sqlite3' itself, because an eval'd worker resolves
 * modules from the working directory, not from this file.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const checkpoint = () => {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ kind: 'checkpointed', log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    // Another connection's checkpoint holds the lock (several instances on one file): the next tick tries again.
    parentPort.postMessage({ kind: 'skipped', reason: String(error && error.code || error) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'checkpoint') checkpoint();
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
parentPort.postMessage({ kind: 'ready' });
`;

type WorkerMessage = { kind: 'ready' } | ({ kind: 'checkpointed' } & CheckpointResult) | { kind: 'skipped'; reason: string };

/**
 * Checkpoints the SQLite write-ahead log on a worker thread with its own
 * connection, so the event loop never does. SQLite's automatic checkpoint
 * runs inside whichever commit crosses 1,000 pages: on the national file that
 * commit copied scattered pages back and synced the file, taking a write's p99
 * from about 1 ms to 30 ms, and every request waiting on the event loop paid
 * it too. A PASSIVE checkpoint never waits for readers or writers, so the
 * bot's own connection carries on while it runs; the caller turns its own
 * automatic checkpoints off only once this worker is running.
 */
export class WalCheckpointer {
  private last?: CheckpointResult;
  private readonly waiting: Array<(result: CheckpointResult | undefined) => void> = [];

  private constructor(
    private readonly worker: Worker,
    private readonly onFailure: (error: unknown) => void,
  ) {
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'ready') return;
      if (message.kind === 'checkpointed') this.last = { log: message.log, checkpointed: message.checkpointed };
      for (const resolve of this.waiting.splice(0)) resolve(message.kind === 'checkpointed' ? this.last : undefined);
    });
    worker.on('error', (error) => this.onFailure(error));
    // A checkpointer that cannot do its job must not hold the process open.
    worker.unref();
  }

  /** Starts the worker on `file` and resolves once its connection is open; rejects if it cannot open one. */
  static start(file: string, onFailure: (error: unknown) => void, intervalMs = CHECKPOINT_INTERVAL_MS): Promise<WalCheckpointer> {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver: require.resolve('better-sqlite3'), intervalMs },
      // The worker runs a few pragmas: a small heap keeps its share of the process's memory small.
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    });
    return new Promise((resolve, reject) => {
      const failed = (error: unknown) => reject(error instanceof Error ? error : new Error(String(error)));
      worker.once('error', failed);
      worker.once('message', (message: WorkerMessage) => {
        worker.off('error', failed);
        if (message.kind === 'ready') resolve(new WalCheckpointer(worker, onFailure));
        else failed(new Error(`checkpointer said ${message.kind} before ready`));
      });
    });
  }

  /** The last checkpoint's figures, for health reporting and tests. */
  get lastResult(): CheckpointResult | undefined {
    return this.last;
  }

  /** Asks for a checkpoint now; resolves with its figures (undefined if another connection's checkpoint was running). */
  checkpointNow(): Promise<CheckpointResult | undefined> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.worker.postMessage('checkpoint');
    });
  }

  /** Closes the worker's connection and waits for the thread to end. */
  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    // Held open until the worker has closed its connection, so the caller's close can checkpoint what is left.
    this.worker.ref();
    this.worker.postMessage('stop');
    await exited;
    for (const resolve of this.waiting.splice(0)) resolve(undefined);
  }
}
