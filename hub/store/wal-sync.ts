/**
 * Durable SQLite commits that do not hold the event loop.
 *
 * With synchronous=FULL, SQLite syncs the write-ahead log inside COMMIT, and better-sqlite3
 * runs COMMIT on the JavaScript thread: about a millisecond of disk wait per commit during
 * which the hub serves nothing else. Instead the connection runs with synchronous=NORMAL
 * (COMMIT writes the WAL without syncing it; checkpoints still sync it first and the
 * database file after) and the store syncs the WAL file itself, in libuv's thread pool,
 * before it answers a commit. An answer therefore still means "on disk".
 *
 * Commits that end while a sync runs share the next one: at most one sync runs and one
 * waits, whatever the number of commits. fdatasync applies to the file, not the handle,
 * so a handle of our own covers the connection's writes; the WAL keeps its file for as
 * long as the connection is open (it is reset and rewritten in place after checkpoints).
 *
 * What the connection reads may be ahead of the disk by the commits whose sync has not
 * ended yet (the outbox relay may publish such a row). After a power loss the database
 * is still a consistent prefix of its commits: an event lost that way was never
 * acknowledged, its back office sends it again and the consumers absorb the duplicate.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** How long close() waits for a sync under way. */
const CLOSE_WAIT_MS = 5000;

export interface WalSync {
  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export function walSync(databaseFile: string): WalSync {
  let handle: Promise<FileHandle> | undefined;
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;

  const openOnce = (): Promise<FileHandle> =>
    (handle ??= (async () => {
      // The WAL was created by the connection; its directory entry must be on disk too.
      const directory = await open(dirname(databaseFile), 'r');
      try {
        await directory.sync();
      } finally {
        await directory.close();
      }
      return open(`${databaseFile}-wal`, 'r+');
    })().catch((error: unknown) => {
      handle = undefined;
      throw error;
    }));

  const start = (): Promise<void> =>
    (running = (async () => {
      try {
        await (await openOnce()).datasync();
      } finally {
        running = undefined;
      }
    })());

  return {
    sync() {
      if (!running) return start();
      // A sync that started before this commit ended may not cover it: wait for the next.
      return (next ??= running
        .catch(() => undefined)
        .then(() => {
          next = undefined;
          return running ?? start();
        }));
    },
    async close() {
      // A sync that hangs (a failing disk) must not hold the stop forever.
      await Promise.race([Promise.allSettled([running, next]), new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
      const opened = handle;
      handle = undefined;
      if (opened) await (await opened).close().catch(() => undefined);
    },
  };
}
