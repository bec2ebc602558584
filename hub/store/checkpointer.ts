/**
 * WAL checkpoints off the event loop (SQLite).
 *
 * SQLite checkpoints inside the COMMIT that takes the WAL past `wal_autocheckpoint` pages
 * (1000 by default): it copies those pages into the database file and syncs it, and
 * better-sqlite3 runs COMMIT on the JavaScript thread, so every few commits one held the
 * whole hub for 5–10 ms. Instead a worker thread with a connection of its own runs PASSIVE
 * checkpoints, which never block the hub's connection, every `intervalMs`. The hub's
 * connection keeps its automatic checkpoint as a backstop only, at BACKSTOP_PAGES, for when
 * the worker falls behind (or has failed: its errors are logged, never fatal).
 *
 * The worker is a few lines of CommonJS given to the Worker as text, so that it needs
 * neither a build step nor the TypeScript loader in the thread.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';

/** Pages (of 4 KiB) in the WAL before the hub's own connection checkpoints. */
export const BACKSTOP_PAGES = 16_384;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
// Checkpoints sync the WAL before they copy it and the database file after.
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage(String((error && error.message) || error));
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, options: { readonly intervalMs?: number; readonly logger?: Logger } = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs: options.intervalMs ?? 50 } });
  worker.unref();
  let reported: string | undefined;
  worker.on('message', (message: string) => {
    if (message !== reported) options.logger?.warn({ error: message }, 'store: a WAL checkpoint failed; the connection checkpoints itself later');
    reported = message;
  });
  worker.on('error', (error) => options.logger?.error({ err: error }, 'store: the WAL checkpointer stopped'));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      await worker.terminate();
    },
  };
}
