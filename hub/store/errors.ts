/**
 * Database failures as catalog errors. A failure a retry can cure (no connection, a busy
 * or locked database, a deadlock or serialization failure, a full disk being freed) is
 * SERVICE_UNAVAILABLE; anything else is INTERNAL_ERROR. Both are retryable for callers;
 * messages never carry SQL or driver internals (the cause keeps them for the log).
 */
import { HubError } from '../errors/catalog.js';

const TRANSIENT_CODES = new Set([
  // Node sockets
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  // SQLite
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_PROTOCOL',
  // PostgreSQL (SQLSTATE): serialization failure, deadlock, lock not available, shutdown, too many connections
  '40001',
  '40P01',
  '55P03',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  // A unique violation inside a batch can only come from a concurrent writer of the same
  // new key (the batch checked before it wrote); a retry sees that writer's commit.
  '23505',
  // SQL Server through tedious / mssql
  'ESOCKET',
  'ECONNCLOSED',
  'ETIMEOUT',
  'ELOGIN',
]);

/** SQL Server error numbers: deadlock victim, lock timeout, unique violations (as above), database unavailable. */
const TRANSIENT_NUMBERS = new Set([1205, 1222, 2601, 2627, 40613, 40197, 40501, 49918, 4060]);

export function isTransient(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    const candidate = current as { code?: unknown; number?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && (TRANSIENT_CODES.has(candidate.code) || candidate.code.startsWith('08'))) return true;
    if (typeof candidate.number === 'number' && TRANSIENT_NUMBERS.has(candidate.number)) return true;
    current = candidate.driverError ?? candidate.cause;
  }
  return false;
}

export function storeError(error: unknown, action: string): HubError {
  if (error instanceof HubError) return error;
  return isTransient(error)
    ? new HubError('SERVICE_UNAVAILABLE', `The store is unavailable; ${action} was not done. Retry later.`, { cause: error })
    : new HubError('INTERNAL_ERROR', `The store failed; ${action} was not done.`, { cause: error });
}
