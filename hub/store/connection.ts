/**
 * Which database the store uses, from its options: the embedded SQLite file under the data
 * directory by default, PostgreSQL or SQL Server by URL. Migrations run at start; the
 * schema is never synchronised from entities.
 */
import { isAbsolute, join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { BACKSTOP_PAGES } from './checkpointer.js';
import type { DriverKind } from './migrations/columns.js';
import { MIGRATIONS } from './migrations/index.js';

export interface ConnectionOptions {
  /**
   * postgres://user@host:5432/db, mssql://user:password@host:1433/db?encrypt=false, or
   * sqlite:relative/or/absolute/file (sqlite::memory: for a throwaway database). Absent:
   * SQLite at <dataDir>/hub.sqlite.
   */
  readonly databaseUrl?: string;
  readonly dataDir: string;
  /** Schema of the tables on PostgreSQL and SQL Server (default: public / dbo). */
  readonly schema?: string;
  /** Connections in the pool (PostgreSQL, SQL Server); default 10. */
  readonly poolSize?: number;
  /**
   * SQLite durability: FULL (default) has the WAL on disk before a commit is answered, so
   * an acknowledged event survives a power loss (the store syncs it off the event loop, see
   * ./wal-sync.ts); NORMAL answers before that and survives a crash of the process only.
   */
  readonly sqliteSynchronous?: 'FULL' | 'NORMAL';
}

export interface ResolvedConnection {
  readonly kind: DriverKind;
  readonly options: DataSourceOptions;
  /** Where the data lives, for logs (never with a password). */
  readonly location: string;
  /** The SQLite database file (absent for PostgreSQL, SQL Server and sqlite::memory:). */
  readonly sqliteFile?: string;
  /** The store syncs the SQLite file's WAL itself before it answers a commit (sqliteSynchronous FULL). */
  readonly syncWal?: boolean;
}

export const SQLITE_FILE = 'hub.sqlite';
export const MIGRATIONS_TABLE = 'store_migrations';

export function resolveConnection(options: ConnectionOptions): ResolvedConnection {
  const url = options.databaseUrl?.trim();
  const common = {
    migrations: [...MIGRATIONS],
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
  };
  if (!url || url.startsWith('sqlite:')) {
    const path = url ? url.slice('sqlite:'.length).replace(/^\/\//, '') : SQLITE_FILE;
    const file = path === ':memory:' || isAbsolute(path) ? path : join(options.dataDir, path);
    const inFile = file !== ':memory:';
    return {
      kind: 'sqlite',
      location: file,
      ...(inFile ? { sqliteFile: file, syncWal: (options.sqliteSynchronous ?? 'FULL') === 'FULL' } : {}),
      options: {
        ...common,
        type: 'better-sqlite3',
        database: file,
        enableWAL: true,
        statementCacheSize: 400,
        // COMMIT does not sync: the store does, off the event loop, when syncWal is set;
        // and it checkpoints only as a backstop: a worker does (./checkpointer.ts).
        prepareDatabase: (db: { pragma(source: string): unknown }) => {
          db.pragma('synchronous = NORMAL');
          if (inFile) db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
        },
      },
    };
  }
  const parsed = new URL(url);
  const poolSize = options.poolSize ?? 10;
  if (parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:') {
    return {
      kind: 'postgres',
      location: redact(parsed),
      options: {
        ...common,
        type: 'postgres',
        url,
        ...(options.schema ? { schema: options.schema } : {}),
        applicationName: 'dbp-hub',
        extra: { max: poolSize, ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}) },
      },
    };
  }
  if (parsed.protocol === 'mssql:' || parsed.protocol === 'sqlserver:') {
    const query = parsed.searchParams;
    const flag = (name: string, fallback: boolean): boolean => (query.has(name) ? query.get(name) === 'true' : fallback);
    return {
      kind: 'mssql',
      location: redact(parsed),
      options: {
        ...common,
        type: 'mssql',
        host: parsed.hostname,
        port: parsed.port ? Number(parsed.port) : 1433,
        username: decodeURIComponent(parsed.username),
        password: decodeURIComponent(parsed.password),
        database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'master',
        ...(options.schema ? { schema: options.schema } : {}),
        pool: { max: poolSize },
        options: { encrypt: flag('encrypt', true), trustServerCertificate: flag('trustServerCertificate', false) },
      },
    };
  }
  throw new Error(`unsupported database URL scheme ${parsed.protocol} (postgres:, mssql:, sqlite:)`);
}

function redact(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '***';
  return copy.href;
}
