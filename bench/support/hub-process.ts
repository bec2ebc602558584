/**
 * A hub process for a benchmark: `dbp-hub start` from the sources in a child process,
 * configured through its environment as a deployment would be, so that its memory is its
 * own and can be read from /proc while the load runs in the benchmark's process.
 *
 * The environment of the benchmark is passed on without any of the hub's own options
 * (DATABASE_URL, AMQP_URL, DBP_CONFIG_FILE, …): a run measures what it says it measures,
 * whatever the shell it was started from had set.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE_ENV, OPTIONS } from '../../hub/config.js';

const MAIN = fileURLToPath(new URL('../../hub/main.ts', import.meta.url));
const KEPT_OUTPUT_LINES = 40;

export interface HubProcessOptions {
  /** The port the hub listens on (loopback); the back offices must know it to push. */
  readonly port: number;
  /** The hub's options by environment variable (HTTP_PORT and HTTP_HOST are set from `port`). */
  readonly env: Readonly<Record<string, string>>;
  /** How long to wait for /health/ready; default two minutes. */
  readonly readyTimeoutMs?: number;
}

export interface ProcessMemory {
  /** Resident set size now (VmRSS). */
  readonly rssBytes: number;
  /** The highest resident set size since the process started (VmHWM). */
  readonly peakBytes: number;
}

export interface HubProcess {
  readonly url: string;
  readonly pid: number;
  /** The process's memory, or undefined where /proc cannot be read (not Linux, or it exited). */
  memory(): ProcessMemory | undefined;
  /**
   * A sample of /metrics: the value of one series (name with its labels as printed), or of a
   * bare name the sum of all its series; undefined when absent.
   */
  metric(series: string): Promise<number | undefined>;
  /** The last lines the process wrote, for a message when something went wrong. */
  output(): string;
  /**
   * `work`, unless the hub exits first: then a HubProcessError with its last output (the
   * work is left to end on its own, as stopping what it talks to ends it).
   */
  whileRunning<T>(work: Promise<T>): Promise<T>;
  /** SIGTERM, then SIGKILL when it has not exited after `graceMs` (default 15 s). Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

export class HubProcessError extends Error {
  override readonly name = 'HubProcessError';
}

export async function startHubProcess(options: HubProcessOptions): Promise<HubProcess> {
  const hubVariables = new Set<string>([CONFIG_FILE_ENV, ...Object.values(OPTIONS).map((spec) => spec.env)]);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !hubVariables.has(name)));
  const env = { ...inherited, ...options.env, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(options.port) };
  const child: ChildProcess = fork(MAIN, ['start'], { execArgv: ['--import', 'tsx'], env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(...chunk.toString('utf8').split('\n').filter((line) => line.trim() !== ''));
    if (lines.length > KEPT_OUTPUT_LINES) lines.splice(0, lines.length - KEPT_OUTPUT_LINES);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let gone = false;
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      gone = true;
      resolve(signal ? `signal ${signal}` : `exit code ${code}`);
    }),
  );

  const url = `http://127.0.0.1:${options.port}`;
  const pid = child.pid;
  const output = (): string => lines.join('\n');
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 15_000): Promise<void> =>
    (stopping ??= (async () => {
      if (gone) return;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const killed = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, graceMs);
      });
      await Promise.race([exited, killed]);
      clearTimeout(timer);
      await exited;
    })());

  if (pid === undefined) throw new HubProcessError('the hub process could not be started');
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (gone) throw new HubProcessError(`the hub exited before it was ready (${await exited}):\n${output()}`);
    if (Date.now() > deadline) {
      await stop();
      throw new HubProcessError(`the hub was not ready after ${options.readyTimeoutMs ?? 120_000} ms:\n${output()}`);
    }
    const ready = await fetch(`${url}/health/ready`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    url,
    pid,
    memory: () => processMemory(pid),
    metric: async (series) => {
      const text = await (await fetch(`${url}/metrics`)).text();
      let sum: number | undefined;
      for (const line of text.split('\n')) {
        if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
        if (!series.includes('{') && line.startsWith(`${series}{`)) sum = (sum ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return sum;
    },
    output,
    whileRunning: <T>(work: Promise<T>): Promise<T> =>
      Promise.race([
        work,
        exited.then((how): never => {
          throw new HubProcessError(`the hub exited (${how}) while it was being measured:\n${output()}`);
        }),
      ]),
    stop,
  };
}

/** VmRSS and VmHWM of a process from /proc/<pid>/status; undefined where that cannot be read. */
export function processMemory(pid: number): ProcessMemory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = (field: string): number | undefined => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  };
  const rssBytes = kib('VmRSS');
  const peakBytes = kib('VmHWM');
  return rssBytes === undefined || peakBytes === undefined ? undefined : { rssBytes, peakBytes };
}

/** A TCP port that was free a moment ago on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
