/**
 * Helpers shared by the interoperability tests: serving the contracts over HTTP as the hub
 * does, running external tools, and insisting on those tools in CI.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTRACTS, type Contract } from '../../common/contracts/catalog.js';
import { createContractHandler } from '../../common/contracts/http.js';

export interface ServedContracts {
  /** "http://127.0.0.1:<port>", no trailing slash. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Serves the contracts with the handler the hub uses, on a free port of 127.0.0.1. */
export async function serveContracts(): Promise<ServedContracts> {
  const handler = createContractHandler({ contracts: CONTRACTS });
  const server = http.createServer((req, res) => {
    if (!handler(req, res)) res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The URL at which a served contract's WSDL is published. */
export function wsdlUrl(baseUrl: string, contract: Contract): string {
  return `${baseUrl}${contract.endpointPath}?wsdl`;
}

export interface RunResult {
  /** Exit code, or null when the process was ended by a signal. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Milliseconds before the process is killed and the promise rejected; default 60 s. */
  readonly timeoutMs?: number;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs a command without a shell and collects its output. Rejects if it cannot start or times out. */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Makes sure a command-line tool is usable by running `probe` (default `<name> --version`),
 * which must exit 0. When it is not: in CI (CI=true) the hook or test fails, elsewhere the
 * calling suite or test is skipped. Call it from a mocha `function`, passing `this`.
 */
export async function requireTool(
  ctx: Mocha.Context,
  name: string,
  probe: readonly [string, ...string[]] = [name, '--version'],
): Promise<void> {
  const [cmd, ...args] = probe;
  let problem: string | undefined;
  try {
    const result = await run(cmd, args, { timeoutMs: 30_000 });
    if (result.code !== 0) problem = `\`${probe.join(' ')}\` exited with ${result.code}: ${result.stderr.trim()}`;
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  if (problem === undefined) return;
  if (process.env.CI === 'true') throw new Error(`${name} is required in CI but is not usable: ${problem}`);
  ctx.skip();
}

/** Operation names in a stable order, for comparisons that ignore declaration order. */
export function sorted(names: Iterable<string>): string[] {
  return [...names].sort();
}

/** The last lines of a tool's output, enough to show why it failed. */
export function tail(text: string, lines = 25): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
