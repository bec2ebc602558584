/**
 * `npm run bench:payday`: payday at a bank whose core banking system is weak, with the
 * channels reading through the hub and, in the same run, with every read passed through
 * to the back offices (PLATFORM_READ_MODE=pass-through): what the hub's store saves them
 * (not a test; bounded in time, loopback only).
 *
 * Per mode, from scratch: the three mock back offices start in this process from one
 * seeded bank of N clients, core banking throttled as on payday (chaos profile
 * payday-overload: 100 calls/s, 20 at once, lognormal latency, THROTTLED beyond); the hub
 * starts as a child process (`dbp-hub start`, embedded SQLite store and bus, a fresh data
 * directory) pointed at them, its core banking connector capped below those limits as
 * docs/connectors.md advises. Cache mode first takes the back offices' snapshot (the
 * initial load a bank does), and waits for its outbox to drain and its flows to catch up:
 * the hub is then warm.
 * Then the payday window: N clients arrive at random over --seconds (open loop) and each
 * opens the app: products overview, their current account, its last ten transactions.
 * The clients run in a third process, away from the mocks' large heap and its pauses.
 * Meanwhile core banking books salary credits on random accounts (admin fixtures, pushed
 * to the hub). Back-office calls are the SOAP calls the three mocks counted during the
 * window; the fixtures do not go through the SOAP endpoints and are not counted.
 *
 *   npx tsx bench/payday.ts [--clients 10000] [--seconds 60] [--runs 1] [--postings 20]
 *                           [--mode both|cache|pass-through] [--seed 1]
 *
 * --runs defaults to 1 (a run at the default size takes several minutes); with more, each
 * figure is the median over the runs. Run `npm run modules:sign` first: the hub verifies
 * its signed modules when it starts.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { MOCK_IDS, startMocks, type RunningMocks } from '../mocks/index.js';
import type { Dataset } from '../mocks/seed/dataset.js';
import { generateDataset } from '../mocks/seed/generate.js';
import { Random } from '../mocks/seed/random.js';
import { chaosProfile } from '../mocks/server/faults.js';
import { freePort, startHubProcess, type HubProcess } from './support/hub-process.js';
import { runOpenLoop, timedGet, uniformArrivals } from './support/open-loop.js';
import { median, quantile } from './support/stats.js';

type Mode = 'cache' | 'pass-through';
type Route = 'overview' | 'account' | 'transactions';

const JWT_SECRET = 'bench-secret-of-at-least-32-characters!!';
const REQUEST_TIMEOUT_MS = 10_000;
const OUTBOX_DRAIN_TIMEOUT_MS = 600_000;
const TARGETS = { callsPerRequest: 0.01, p99Ms: 50, errorRate: 0 } as const;
/** The weak back office's limits (payday-overload) less a margin: 20 at once, 99 + 1 starts a second. */
const CORE_BANKING_CONNECTOR = { bulkhead: { maxConcurrent: 20, maxQueue: 100 }, rate: { perSecond: 99, burst: 1, maxWaitMs: 1000 } };
const PAYDAY = chaosProfile('payday-overload')!;

interface Journey {
  readonly clientId: string;
  readonly accountId: string;
  readonly token: string;
}

interface Setup {
  readonly dataset: Dataset;
  readonly journeys: readonly Journey[];
  readonly offsetsMs: readonly number[];
  readonly postingsPerSecond: number;
  readonly seed: number;
}

interface Warmup {
  readonly pushSeconds: number;
  readonly events: number;
  readonly rejected: number;
  readonly drainSeconds: number;
}

interface ModeResult {
  readonly mode: Mode;
  readonly warmup?: Warmup;
  readonly requests: number;
  readonly errors: number;
  readonly unexpected: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly p50: number;
  readonly p99: number;
  readonly routes: Readonly<Record<Route, { readonly p50: number; readonly p99: number; readonly errors: number }>>;
  readonly calls: number;
  readonly faults: number;
  readonly callsByOperation: Readonly<Record<string, number>>;
  readonly windowSeconds: number;
  readonly maxLagMs: number;
  readonly postings: { readonly made: number; readonly failed: number; readonly firstError?: string };
  readonly rssPeak: number;
  readonly rssWindowPeak: number;
  readonly rssEnd: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { clients: { type: 'string' }, seconds: { type: 'string' }, runs: { type: 'string' }, postings: { type: 'string' }, mode: { type: 'string' }, seed: { type: 'string' }, load: { type: 'boolean' } },
  });
  if (values.load) {
    process.once('message', (job) => void generateLoad(job as LoadJob).then((result) => process.send?.(result)));
    process.send?.('ready');
    return;
  }
  const clients = wholeFlag('--clients', values.clients ?? '10000', 1, 1_000_000);
  const seconds = wholeFlag('--seconds', values.seconds ?? '60', 1, 3600);
  const runs = wholeFlag('--runs', values.runs ?? '1', 1, 99);
  const postingsPerSecond = wholeFlag('--postings', values.postings ?? '20', 0, 1000);
  const seed = wholeFlag('--seed', values.seed ?? '1', 0, 2 ** 31 - 1);
  const modeFlag = values.mode ?? 'both';
  if (!['both', 'cache', 'pass-through'].includes(modeFlag)) throw new UsageError('--mode must be both, cache or pass-through');
  const modes: Mode[] = modeFlag === 'both' ? ['cache', 'pass-through'] : [modeFlag as Mode];

  progress(`generating the bank: ${clients} clients, seed ${seed}`);
  const dataset = generateDataset({ clients, seed });
  const journeys = await journeysOf(dataset, new Random(seed ^ 0x5a17));
  const arrivals = new Random(seed ^ 0xa771);
  const offsetsMs = uniformArrivals(journeys.length, seconds, () => arrivals.next());
  const setup: Setup = { dataset, journeys, offsetsMs, postingsPerSecond, seed };

  const results: Record<Mode, ModeResult[]> = { cache: [], 'pass-through': [] };
  for (let run = 1; run <= runs; run += 1) {
    for (const mode of modes) {
      progress(`run ${run}/${runs}, ${mode === 'cache' ? 'through the hub' : 'pass-through'}`);
      const result = await runMode(mode, setup);
      results[mode].push(result);
      progress(`  ${describe(result)}`);
    }
  }
  printTable({ clients, seconds, runs, postingsPerSecond }, modes, results);
}

/** One mode from scratch: mocks, hub, (warm-up), the payday window; everything stopped after. */
async function runMode(mode: Mode, setup: Setup): Promise<ModeResult> {
  const port = await freePort();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'dbp-payday-'));
  let pushFailures = 0;
  let mocks: RunningMocks | undefined;
  let hub: HubProcess | undefined;
  try {
    mocks = await startMocks({ dataset: setup.dataset, push: { endpoint: `http://127.0.0.1:${port}/soap/CacheControl`, onDeliveryError: () => (pushFailures += 1) } });
    mocks.mocks['core-banking'].faults.configure(PAYDAY);
    const connectorsFile = path.join(workDir, 'connectors.json');
    writeFileSync(connectorsFile, JSON.stringify({ 'core-banking': CORE_BANKING_CONNECTOR }));
    hub = await startHubProcess({
      port,
      env: {
        DATA_DIR: path.join(workDir, 'data'),
        LOG_LEVEL: 'error',
        EMBEDDED_MOCKS: 'off',
        PLATFORM_JWT_SECRET: JWT_SECRET,
        PLATFORM_READ_MODE: mode,
        CORE_BANKING_URL: mocks.mocks['core-banking'].endpoint,
        CARDS_URL: mocks.mocks.cards.endpoint,
        CRM_URL: mocks.mocks.crm.endpoint,
        CONNECTORS_FILE: connectorsFile,
      },
    });
    const running = hub;
    const warmup = mode === 'cache' ? await running.whileRunning(warmUp(mocks, running)) : undefined;
    const result = await running.whileRunning(paydayWindow(mode, setup, mocks, running, port));
    if (pushFailures > 0) progress(`  (${pushFailures} push deliveries to the hub failed and were retried)`);
    return { ...result, ...(warmup ? { warmup } : {}) };
  } finally {
    await hub?.stop();
    await mocks?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The initial load: the whole state of the back offices pushed to the hub, then its outbox drained. */
async function warmUp(mocks: RunningMocks, hub: HubProcess): Promise<Warmup> {
  progress('  initial load: pushing the back offices\' snapshot');
  const started = performance.now();
  const acknowledged = (): number => Object.values(mocks.publishers).reduce((sum, each) => sum + each.stats().delivered, 0);
  const ticker = setInterval(() => progress(`  … ${acknowledged()} events acknowledged after ${((performance.now() - started) / 1000).toFixed(0)} s`), 30_000);
  const report = await mocks.pushSnapshot().finally(() => clearInterval(ticker));
  const pushSeconds = (performance.now() - started) / 1000;
  const reports = Object.values(report);
  const events = reports.reduce((sum, each) => sum + each.events, 0);
  const rejected = reports.reduce((sum, each) => sum + (each.results.REJECTED ?? 0), 0);
  progress(`  ${events} events in ${pushSeconds.toFixed(1)} s; waiting for the outbox to drain and the flows to catch up`);
  const drainStarted = performance.now();
  const deadline = Date.now() + OUTBOX_DRAIN_TIMEOUT_MS;
  const waiting = async (): Promise<number> => ((await hub.metric('dbp_outbox_depth')) ?? 0) + ((await hub.metric('dbp_flow_queue_depth')) ?? 0);
  while (Date.now() < deadline && (await waiting()) > 0) await sleep(1000);
  return { pushSeconds, events, rejected, drainSeconds: (performance.now() - drainStarted) / 1000 };
}

async function paydayWindow(mode: Mode, setup: Setup, mocks: RunningMocks, hub: HubProcess, port: number): Promise<Omit<ModeResult, 'warmup'>> {
  let rssWindowPeak = 0;
  const sampler = setInterval(() => (rssWindowPeak = Math.max(rssWindowPeak, hub.memory()?.rssBytes ?? 0)), 250);
  const generator = await startLoadGenerator();
  let load: LoadResult;
  let posted: Awaited<ReturnType<ReturnType<typeof startPostings>['stop']>>;
  const before = backOfficeCalls(mocks);
  const postings = startPostings(mocks, setup, mode);
  try {
    load = await generator.run({ port, journeys: setup.journeys.map(({ accountId, token }) => ({ accountId, token })), offsetsMs: setup.offsetsMs });
  } finally {
    posted = await postings.stop();
    clearInterval(sampler);
    generator.stop();
  }
  const after = backOfficeCalls(mocks);
  const memory = hub.memory();

  const all = Object.values(load.latencies).flat().sort((a, b) => a - b);
  const routes = Object.fromEntries(
    (Object.keys(load.latencies) as Route[]).map((route) => {
      const sorted = load.latencies[route].sort((a, b) => a - b);
      return [route, { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), errors: load.failures[route] }];
    }),
  ) as ModeResult['routes'];
  const callsByOperation: Record<string, number> = {};
  for (const [operation, calls] of after.byOperation) {
    const made = calls - (before.byOperation.get(operation) ?? 0);
    if (made > 0) callsByOperation[operation] = made;
  }
  return {
    mode,
    requests: all.length,
    errors: Object.values(load.failures).reduce((sum, each) => sum + each, 0),
    unexpected: load.unexpected,
    statuses: load.statuses,
    p50: quantile(all, 0.5),
    p99: quantile(all, 0.99),
    routes,
    calls: after.calls - before.calls,
    faults: after.faults - before.faults,
    callsByOperation,
    windowSeconds: load.elapsedMs / 1000,
    maxLagMs: load.maxLagMs,
    postings: posted,
    rssPeak: memory?.peakBytes ?? Number.NaN,
    rssWindowPeak: Math.max(rssWindowPeak, memory?.rssBytes ?? 0),
    rssEnd: memory?.rssBytes ?? Number.NaN,
  };
}

interface LoadJob {
  readonly port: number;
  readonly journeys: readonly { readonly accountId: string; readonly token: string }[];
  readonly offsetsMs: readonly number[];
}

interface LoadResult {
  readonly latencies: Record<Route, number[]>;
  readonly failures: Record<Route, number>;
  readonly statuses: Record<string, number>;
  readonly unexpected: number;
  readonly elapsedMs: number;
  readonly maxLagMs: number;
}

/**
 * The clients run in a process of their own: this one holds the mocks (gigabytes of heap
 * at the default size), whose garbage collection pauses would otherwise be counted as the
 * hub's latency.
 */
async function startLoadGenerator(): Promise<{ run(job: LoadJob): Promise<LoadResult>; stop(): void }> {
  const child = fork(fileURLToPath(import.meta.url), ['--load'], { execArgv: ['--import', 'tsx'] });
  const exited = new Promise<never>((_resolve, reject) => child.once('exit', (code) => reject(new Error(`the load generator exited with ${code}`))));
  exited.catch(() => undefined);
  await Promise.race([new Promise((resolve) => child.once('message', resolve)), exited]);
  return {
    run: (job) => {
      child.send(job);
      return Promise.race([new Promise<LoadResult>((resolve) => child.once('message', (message) => resolve(message as LoadResult))), exited]);
    },
    stop: () => child.kill(),
  };
}

/** The load generator's side: one job, each journey three requests in a row, answered with every latency. */
async function generateLoad(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const latencies: Record<Route, number[]> = { overview: [], account: [], transactions: [] };
  const failures: Record<Route, number> = { overview: 0, account: 0, transactions: 0 };
  const statuses: Record<string, number> = {};
  let unexpected = 0;
  const loop = await runOpenLoop(job.offsetsMs, async (index) => {
    const journey = job.journeys[index]!;
    const steps: [Route, string, string][] = [
      ['overview', '/platform/v1/clients/me/products', journey.accountId],
      ['account', `/platform/v1/accounts/${journey.accountId}`, journey.accountId],
      ['transactions', `/platform/v1/accounts/${journey.accountId}/transactions?limit=10`, '"items"'],
    ];
    for (const [route, requestPath, expected] of steps) {
      const answer = await timedGet(agent, job.port, requestPath, journey.token, REQUEST_TIMEOUT_MS);
      latencies[route].push(answer.ms);
      const label = answer.status === 0 ? 'no answer' : String(answer.status);
      statuses[label] = (statuses[label] ?? 0) + 1;
      if (answer.status < 200 || answer.status > 299) failures[route] += 1;
      else if (!answer.body.includes(expected)) unexpected += 1;
    }
  });
  agent.destroy();
  return { latencies, failures, statuses, unexpected, elapsedMs: loop.elapsedMs, maxLagMs: loop.maxLagMs };
}

/** SOAP calls the three mocks counted so far (throttled and faulted calls included: they reached the back office). */
function backOfficeCalls(mocks: RunningMocks): { calls: number; faults: number; byOperation: Map<string, number> } {
  const byOperation = new Map<string, number>();
  let calls = 0;
  let faults = 0;
  for (const id of MOCK_IDS) {
    for (const [operation, counters] of Object.entries(mocks.mocks[id].recorder.snapshot())) {
      byOperation.set(`${id} ${operation}`, counters.calls);
      calls += counters.calls;
      faults += counters.faults;
    }
  }
  return { calls, faults, byOperation };
}

/** Salary credits booked in core banking at a steady rate (admin fixtures, pushed to the hub) until stopped. */
function startPostings(mocks: RunningMocks, setup: Setup, mode: Mode): { stop(): Promise<{ made: number; failed: number; firstError?: string }> } {
  const random = new Random(setup.seed ^ (mode === 'cache' ? 0x9057 : 0x9058));
  const url = `${mocks.mocks['core-banking'].url}/admin/fixtures/postTransaction`;
  const currencies = new Map(setup.dataset.accounts.map((account) => [account.accountId, account.currency]));
  let stopped = false;
  let made = 0;
  let failed = 0;
  let firstError: string | undefined;
  const loop = (async () => {
    if (setup.postingsPerSecond === 0) return;
    const interval = 1000 / setup.postingsPerSecond;
    const started = performance.now();
    for (let index = 0; !stopped; index += 1) {
      await sleep(started + index * interval - performance.now());
      if (stopped) break;
      const { accountId } = random.pick(setup.journeys);
      // Whole amounts are valid in every currency, whatever its minor digits.
      const body = { accountId, amount: String(random.int(500, 5000)), currency: currencies.get(accountId), direction: 'CRDT', counterpartyName: 'Payroll' };
      const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) }).catch((error: unknown) => (error as Error).message);
      if (typeof response !== 'string' && response.status === 200) made += 1;
      else {
        failed += 1;
        firstError ??= typeof response === 'string' ? response : `${response.status} ${await response.text()}`;
      }
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return { made, failed, ...(firstError ? { firstError } : {}) };
    },
  };
}

/** Each client opens their current account (the first one they have); each gets a bearer token. */
async function journeysOf(dataset: Dataset, random: Random): Promise<Journey[]> {
  const current = new Map<string, string>();
  for (const account of dataset.accounts) if (account.type === 'CURRENT' && !current.has(account.clientId)) current.set(account.clientId, account.accountId);
  const key = new TextEncoder().encode(JWT_SECRET);
  const journeys: Journey[] = [];
  for (const client of dataset.clients) {
    const accountId = current.get(client.clientId);
    if (!accountId) continue;
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(client.clientId).setExpirationTime('6h').sign(key);
    journeys.push({ clientId: client.clientId, accountId, token });
  }
  // Fisher–Yates: the order in which the clients arrive, the same in every mode.
  for (let index = journeys.length - 1; index > 0; index -= 1) {
    const other = random.int(0, index);
    [journeys[index], journeys[other]] = [journeys[other]!, journeys[index]!];
  }
  return journeys;
}

interface RunShape {
  readonly clients: number;
  readonly seconds: number;
  readonly runs: number;
  readonly postingsPerSecond: number;
}

function printTable(shape: RunShape, modes: readonly Mode[], results: Readonly<Record<Mode, readonly ModeResult[]>>): void {
  const m = (mode: Mode, pick: (result: ModeResult) => number): number => median(results[mode].map(pick));
  const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
  const rows: [string, string, (mode: Mode) => string][] = [
    ['client requests (3 per client)', '', (mode) => m(mode, (r) => r.requests).toFixed(0)],
    ['initial load (snapshot push)', '', (mode) => (mode === 'cache' ? `${m(mode, (r) => r.warmup!.pushSeconds).toFixed(1)} s, ${m(mode, (r) => r.warmup!.events)} events` : '—')],
    ['  then outbox and flows drained in', '', (mode) => (mode === 'cache' ? `${m(mode, (r) => r.warmup!.drainSeconds).toFixed(1)} s` : '—')],
    ['payday window (first arrival → last answer)', '', (mode) => `${m(mode, (r) => r.windowSeconds).toFixed(1)} s`],
    ['back-office calls in the window', '', (mode) => `${m(mode, (r) => r.calls).toFixed(0)} (faults ${m(mode, (r) => r.faults).toFixed(0)})`],
    ['back-office calls per client request', `≤ ${TARGETS.callsPerRequest}`, (mode) => {
      const ratio = m(mode, (r) => r.calls / r.requests);
      return `${ratio.toFixed(4)} ${verdict(ratio <= TARGETS.callsPerRequest)}`;
    }],
    ['client latency p50', '', (mode) => `${m(mode, (r) => r.p50).toFixed(1)} ms`],
    ['client latency p99', `< ${TARGETS.p99Ms} ms`, (mode) => {
      const p99 = m(mode, (r) => r.p99);
      return `${p99.toFixed(1)} ms ${verdict(p99 < TARGETS.p99Ms)}`;
    }],
    ['error rate (non-2xx or no answer)', '0', (mode) => {
      const rate = m(mode, (r) => r.errors / r.requests);
      return `${(rate * 100).toFixed(2)} % ${verdict(rate <= TARGETS.errorRate)}`;
    }],
    ['hub RSS peak (VmHWM, whole process life)', '', (mode) => mib(m(mode, (r) => r.rssPeak))],
    ['hub RSS peak in the window / at its end', '', (mode) => `${mib(m(mode, (r) => r.rssWindowPeak))} / ${mib(m(mode, (r) => r.rssEnd))}`],
    ['live postings pushed in the window', '', (mode) => `${m(mode, (r) => r.postings.made).toFixed(0)} (failed ${m(mode, (r) => r.postings.failed).toFixed(0)})`],
  ];
  const names: Record<Mode, string> = { cache: 'through the hub', 'pass-through': 'pass-through' };
  console.log('');
  console.log(
    `payday: ${shape.clients} clients arriving over ${shape.seconds} s (open loop), ${shape.postingsPerSecond} postings/s; core banking ${PAYDAY.throttle!.ratePerSecond} calls/s, ${PAYDAY.throttle!.maxConcurrent} at once; ` +
      `${os.cpus().length} cores; ${shape.runs === 1 ? 'one run' : `median of ${shape.runs} runs`}`,
  );
  console.log(`${'measure'.padEnd(44)} ${'target'.padEnd(10)} ${modes.map((mode) => names[mode].padEnd(28)).join(' ')}`);
  for (const [name, target, value] of rows) console.log(`${name.padEnd(44)} ${target.padEnd(10)} ${modes.map((mode) => value(mode).padEnd(28)).join(' ')}`);
  for (const mode of modes) {
    const last = results[mode][results[mode].length - 1]!;
    const routes = (Object.keys(last.routes) as Route[]).map((route) => `${route} p50 ${last.routes[route].p50.toFixed(1)} / p99 ${last.routes[route].p99.toFixed(1)} ms, ${last.routes[route].errors} errors`);
    console.log(`\n${names[mode]} (last run): ${routes.join('; ')}`);
    console.log(`  answers: ${Object.entries(last.statuses).map(([status, count]) => `${status} ×${count}`).join(', ')}${last.unexpected > 0 ? `; ${last.unexpected} 2xx answers without the expected content` : ''}`);
    const operations = Object.entries(last.callsByOperation).sort((a, b) => b[1] - a[1]);
    console.log(`  back-office calls: ${operations.length === 0 ? 'none' : operations.map(([operation, calls]) => `${operation} ×${calls}`).join(', ')}`);
    if (last.maxLagMs > 100) console.log(`  note: the load generator started a client up to ${last.maxLagMs.toFixed(0)} ms late`);
    if (last.postings.firstError) console.log(`  a posting failed: ${last.postings.firstError}`);
  }
  if (modes.includes('cache')) {
    const hub = results.cache;
    const met = median(hub.map((r) => r.calls / r.requests)) <= TARGETS.callsPerRequest && median(hub.map((r) => r.p99)) < TARGETS.p99Ms && median(hub.map((r) => r.errors / r.requests)) <= TARGETS.errorRate;
    console.log(`\nthrough the hub: ${met ? 'every target met' : 'a target was missed'}${modes.includes('pass-through') ? '; pass-through is the same load with no store in front of the back offices' : ''}`);
  }
}

function describe(result: ModeResult): string {
  return `${result.requests} requests, ${result.calls} back-office calls, p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors`;
}

class UsageError extends Error {
  override readonly name = 'UsageError';
}

function wholeFlag(name: string, raw: string, min: number, max: number): number {
  const value = /^[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${name} must be a whole number from ${min} to ${max}`);
  return value;
}

function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

await main().catch((error: unknown) => {
  console.error(`bench:payday: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
