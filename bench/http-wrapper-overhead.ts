/**
 * What the observability wrapper costs per request: the same node:http server with and
 * without observeRequests(), each in its own process under the same keep-alive load from
 * this process (raw sockets, so that the load generator stays cheap), several runs
 * alternating the order. Reports, per variant, the median throughput and the median CPU
 * time the server process spent per request; the difference is the wrapper's overhead.
 * Then times the wrapper's parts in a loop.
 *
 *   npx tsx bench/http-wrapper-overhead.ts [--runs 5] [--seconds 5] [--connections 32]
 *
 * The wrapped server logs every request through pino to /dev/null (asynchronous, as to
 * stdout in production), records the metrics on a registry with the Node process
 * metrics, and continues a traceparent on half of the requests. BENCH_LOG_LEVEL=silent
 * leaves the log line out, to see what it costs on its own.
 */
import { fork } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { observeRequests } from '../hub/observability/http.js';
import { createMetrics } from '../hub/observability/metrics.js';
import { startTrace } from '../hub/observability/trace.js';

type Variant = 'plain' | 'observed';
interface RunResult {
  readonly variant: Variant;
  readonly requestsPerSecond: number;
  readonly cpuMicrosPerRequest: number;
}

const ROUTES = ['/health/live', '/health/ready', '/metrics', '/soap/CacheControl', '/platform/accounts/:id', '/platform/accounts/:id/transactions', '/platform/cards/:id', '/docs/*', '/wsdl/*'];
const BODY = '{"ok":true}';
const PATH = '/platform/accounts/AC00000042-01?fields=balances';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
}

function reply(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': BODY.length });
  res.end(BODY);
}

function observability() {
  const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'info', base: { service: 'dbp-hub' } }, pino.destination({ dest: '/dev/null', sync: false }));
  const metrics = createMetrics();
  return { logger, metrics };
}

/** The server side: runs in a child process, reports its CPU time between 'start' and 'stop'. */
function serve(variant: Variant): void {
  const listener = variant === 'plain' ? reply : observeRequests({ ...observability(), routes: ROUTES }, reply);
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    listener(req, res);
  });
  let cpu = process.cpuUsage();
  let counted = 0;
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on('message', (message: string) => {
    if (message === 'start') {
      cpu = process.cpuUsage();
      counted = requests;
    } else if (message === 'stop') {
      const used = process.cpuUsage(cpu);
      process.send?.({ cpuMicros: used.user + used.system, requests: requests - counted });
    }
  });
}

/** Keeps `connections` keep-alive connections busy, one request in flight on each. */
function load(port: number, connections: number): { count(): number; stop(): void } {
  let responses = 0;
  const requests = [`GET ${PATH} HTTP/1.1\r\nhost: bench\r\n\r\n`, `GET ${PATH} HTTP/1.1\r\nhost: bench\r\ntraceparent: ${TRACEPARENT}\r\n\r\n`];
  const sockets = Array.from({ length: connections }, (_, index) => {
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    let tail = '';
    const request = requests[index % 2]!;
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      // Every response ends with BODY; count its occurrences, across chunk boundaries.
      const text = tail + chunk.toString('latin1');
      let at = text.indexOf(BODY);
      while (at >= 0) {
        responses++;
        socket.write(request);
        at = text.indexOf(BODY, at + BODY.length);
      }
      tail = text.slice(-BODY.length + 1);
    });
    socket.on('error', () => undefined);
    return socket;
  });
  return { count: () => responses, stop: () => sockets.forEach((socket) => socket.destroy()) };
}

async function run(variant: Variant, seconds: number, connections: number): Promise<RunResult> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', variant], { execArgv: process.execArgv, stdio: 'inherit' });
  const next = <T>() => new Promise<T>((resolve) => child.once('message', (message) => resolve(message as T)));
  const { port } = await next<{ port: number }>();
  const generator = load(port, connections);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // warm-up: JIT, pools
  child.send('start');
  const before = generator.count();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const elapsed = (performance.now() - started) / 1000;
  const done = generator.count() - before;
  const report = next<{ cpuMicros: number; requests: number }>();
  child.send('stop');
  const { cpuMicros, requests } = await report;
  generator.stop();
  child.kill();
  return { variant, requestsPerSecond: done / elapsed, cpuMicrosPerRequest: cpuMicros / requests };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function timeLoop(name: string, iterations: number, body: (i: number) => void): void {
  for (let i = 0; i < iterations / 10; i++) body(i);
  const started = performance.now();
  for (let i = 0; i < iterations; i++) body(i);
  console.log(`  ${name.padEnd(46)} ${(((performance.now() - started) * 1e6) / iterations).toFixed(0).padStart(6)} ns`);
}

async function main(): Promise<void> {
  const runs = option('runs', 5);
  const seconds = option('seconds', 5);
  const connections = option('connections', 32);
  const results: RunResult[] = [];
  for (let i = 0; i < runs; i++) {
    const order: Variant[] = i % 2 === 0 ? ['plain', 'observed'] : ['observed', 'plain'];
    for (const variant of order) {
      const result = await run(variant, seconds, connections);
      results.push(result);
      console.log(`run ${i + 1} ${variant.padEnd(8)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  ${result.cpuMicrosPerRequest.toFixed(1).padStart(6)} µs CPU/request`);
    }
  }
  const summary = (variant: Variant) => {
    const mine = results.filter((result) => result.variant === variant);
    return { rps: median(mine.map((r) => r.requestsPerSecond)), cpu: median(mine.map((r) => r.cpuMicrosPerRequest)) };
  };
  const plain = summary('plain');
  const observed = summary('observed');
  console.log(`\nmedian of ${runs} runs × ${seconds} s, ${connections} connections:`);
  console.log(`  plain     ${plain.rps.toFixed(0)} req/s, ${plain.cpu.toFixed(1)} µs CPU/request`);
  console.log(`  observed  ${observed.rps.toFixed(0)} req/s, ${observed.cpu.toFixed(1)} µs CPU/request`);
  console.log(`  overhead  ${(observed.cpu - plain.cpu).toFixed(1)} µs CPU/request, throughput ${(((observed.rps - plain.rps) / plain.rps) * 100).toFixed(1)} %`);

  console.log('\nparts of the wrapper, in a loop:');
  const { logger, metrics } = observability();
  timeLoop('startTrace (continue a traceparent)', 500_000, () => startTrace(TRACEPARENT));
  timeLoop('startTrace (new trace)', 500_000, () => startTrace(undefined));
  timeLoop('metrics.httpRequest (counter + histogram)', 500_000, (i) => metrics.httpRequest('/platform/accounts/:id', 'GET', 200, (i % 100) / 1000));
  const line = { correlationId: '4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7', method: 'GET', path: '/platform/accounts/AC00000042-01', route: '/platform/accounts/:id', status: 200, durationMs: 1.23 };
  timeLoop('pino request line to /dev/null', 200_000, () => logger.info(line, 'request'));
  logger.flush();
}

if (process.argv.includes('--serve')) serve(process.argv[process.argv.indexOf('--serve') + 1] as Variant);
else await main();
