/**
 * `npm run bench:ingest`: how fast the hub takes change events, against baselines measured
 * in the same run on the same machine (not a test; bounded in time, loopback only).
 *
 *   raw       node:http answering a fixed PublishEventsResponse-sized body
 *   soap      a bare node-soap service echoing PublishEvents (no security, no validation, no store)
 *   hub-1     the hub with its embedded defaults (SQLite store): PublishEvents, 1 event per request
 *   hub-100   the same, 100 events per request
 *   read-raw  node:http answering a fixed body of the size of the cached read below
 *   read-hub  a cached Platform API read of one account (bearer JWT verified on every request)
 *
 * Each request carries a fresh WS-Security UsernameToken (PasswordDigest), is validated
 * against the schema and committed with its outbox rows before the answer. The server runs
 * in a child process, the load in this one. Prints the median of several runs, events/s,
 * p50/p99 latency and the ratios against the baselines.
 *
 *   npx tsx bench/ingest.ts [--seconds 5] [--runs 3] [--connections 50]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { SignJWT } from 'jose';
import * as soap from 'soap';
import { contractFile, findContract } from '../common/contracts/catalog.js';
import { buildEnvelope } from '../common/soap/envelope.js';
import { median, quantile } from './support/stats.js';

type Mode = 'raw' | 'soap' | 'hub' | 'read-raw';
const JWT_SECRET = 'bench-secret-of-at-least-32-characters!!';
const READ_ACCOUNT = 'bench-read-account';
const CONTRACT = findContract('cache-control')!;
const ACTION = `${CONTRACT.namespace}/PublishEvents`;
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';

async function serve(mode: Mode): Promise<void> {
  // A profile (BENCH_SERVER_ARGS='--cpu-prof') is written only on a normal exit.
  process.once('SIGTERM', () => process.exit(0));
  let port: number;
  if (mode === 'hub') {
    const { createHub } = await import('../hub/app.js');
    const { loadConfig } = await import('../hub/config.js');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dbp-bench-'));
    const hub = createHub({ config: loadConfig({}, { httpPort: '0', dataDir, logLevel: 'silent', platformJwtSecret: JWT_SECRET }), logger: pino({ level: 'silent' }), processMetrics: false });
    await hub.start();
    // One account for the read scenario, put in the way a back office would.
    const { applyEvents } = await import('../hub/events/apply.js');
    const now = new Date().toISOString();
    await applyEvents(hub.store, 'CORE_BANKING', [
      {
        eventId: randomUUID(),
        sourceSystem: 'CORE_BANKING',
        aggregate: { aggregateType: 'ACCOUNT', aggregateId: READ_ACCOUNT },
        sequence: '1',
        occurredAt: now,
        schemaVersion: '1.0',
        balanceChanged: {
          accountId: READ_ACCOUNT,
          clientId: 'bench-client',
          balance: ['BOOKED', 'AVAILABLE', 'BLOCKED'].map((type) => ({ type, amount: { amount: '1250.50', currency: 'EUR' }, asOf: now })),
        },
      },
    ], new Date());
    port = Number(new URL(hub.url!).port);
    process.on('disconnect', () => void hub.stop().finally(() => rmSync(dataDir, { recursive: true, force: true })));
  } else if (mode === 'soap') {
    const server = createServer();
    const service = {
      CacheControlService: {
        CacheControlSoap11: {
          PublishEvents: (args: { event?: { eventId: string }[] }) => ({
            result: (args.event ?? []).map((event) => ({ eventId: event.eventId, result: 'ACCEPTED', lastSequence: 1 })),
          }),
          GetLastSequence: () => ({}),
          RequestResync: () => ({}),
        },
      },
    };
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // The WSDL's location lets node-soap resolve the imported schemas.
    soap.listen(server, { path: '/soap/CacheControl', services: service, xml: readFileSync(contractFile(CONTRACT.wsdl), 'utf8'), uri: contractFile(CONTRACT.wsdl) });
    port = (server.address() as AddressInfo).port;
  } else if (mode === 'read-raw') {
    const body = 'x'.repeat(Number(process.env.BENCH_READ_BYTES ?? 400));
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  } else {
    const body = buildEnvelope('1.1', `<cc:PublishEventsResponse xmlns:cc="${CONTRACT.namespace}"><cc:result><cc:eventId>x</cc:eventId><cc:result>ACCEPTED</cc:result><cc:lastSequence>1</cc:lastSequence></cc:result></cc:PublishEventsResponse>`);
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }
  process.send?.({ port });
}

/** One request body: `events` balance changes on distinct aggregates, each with the next sequence. */
function publishEvents(events: number, sequences: Map<string, number>, secured: boolean): string {
  const items: string[] = [];
  for (let i = 0; i < events; i += 1) {
    const account = `bench-${Math.floor(Math.random() * 5000)}`;
    const sequence = (sequences.get(account) ?? 0) + 1;
    sequences.set(account, sequence);
    items.push(`<cc:event><cc:eventId>${randomUUID()}</cc:eventId><cc:sourceSystem>CORE_BANKING</cc:sourceSystem>
<cc:aggregate><cc:aggregateType>ACCOUNT</cc:aggregateType><cc:aggregateId>${account}</cc:aggregateId></cc:aggregate>
<cc:sequence>${sequence}</cc:sequence><cc:occurredAt>${new Date().toISOString()}</cc:occurredAt><cc:schemaVersion>1.0</cc:schemaVersion>
<cc:balanceChanged><cc:accountId>${account}</cc:accountId><cc:clientId>bench-client</cc:clientId>
<cc:balance><cmn:type>BOOKED</cmn:type><cmn:amount><cmn:amount>${sequence}.00</cmn:amount><cmn:currency>EUR</cmn:currency></cmn:amount><cmn:asOf>${new Date().toISOString()}</cmn:asOf></cc:balance>
</cc:balanceChanged></cc:event>`);
  }
  const payload = `<cc:PublishEvents xmlns:cc="${CONTRACT.namespace}" xmlns:cmn="urn:dbp:common:v1">${items.join('')}</cc:PublishEvents>`;
  return buildEnvelope('1.1', payload, secured ? usernameToken('core-banking', 'core-banking-dev-password') : '');
}

function usernameToken(username: string, password: string): string {
  const nonce = randomBytes(16);
  const created = new Date().toISOString();
  const digest = createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(password)])).digest('base64');
  return `<wsse:Security xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}"><wsse:UsernameToken><wsse:Username>${username}</wsse:Username>
<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">${digest}</wsse:Password>
<wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">${nonce.toString('base64')}</wsse:Nonce>
<wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security>`;
}

interface RunResult {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

/** `connections` loops send requests back to back for `seconds`; bodies are prepared per request. */
async function load(port: number, events: number, seconds: number, connections: number, secured: boolean, read?: { path: string; token: string }): Promise<RunResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const sequences = new Map<string, number>();
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + seconds * 1000;
  const one = (body: string): Promise<boolean> =>
    new Promise((resolve) => {
      const options = read
        ? { host: '127.0.0.1', port, path: read.path, method: 'GET', agent, headers: { authorization: `Bearer ${read.token}` } }
        : { host: '127.0.0.1', port, path: '/soap/CacheControl', method: 'POST', agent, headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${ACTION}"`, 'content-length': Buffer.byteLength(body) } };
      const req = httpRequest(
        options,
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode === 200));
        },
      );
      req.setTimeout(10_000, () => req.destroy());
      req.on('error', () => resolve(false));
      req.end(read ? undefined : body);
    });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const body = read ? '' : publishEvents(events, sequences, secured);
        const begin = performance.now();
        const ok = await one(body);
        latencies.push(performance.now() - begin);
        if (!ok) errors += 1;
      }
    }),
  );
  agent.destroy();
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requestsPerSecond: latencies.length / elapsed, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), errors };
}

function startServer(mode: Mode, env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--serve', mode], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? [])], env: { ...process.env, ...env } });
    child.once('message', (message) => resolve({ child, port: (message as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { serve: { type: 'string' }, seconds: { type: 'string' }, runs: { type: 'string' }, connections: { type: 'string' } } });
  if (values.serve) return serve(values.serve as Mode);
  const seconds = Number(values.seconds ?? 5);
  const runs = Number(values.runs ?? 3);
  const connections = Number(values.connections ?? 50);
  const scenarios: { name: string; mode: Mode; events: number; secured: boolean }[] = [
    { name: 'raw node:http, fixed body', mode: 'raw', events: 1, secured: false },
    { name: 'bare node-soap echo, 1 event', mode: 'soap', events: 1, secured: false },
    { name: 'hub PublishEvents, 1 event', mode: 'hub', events: 1, secured: true },
    { name: 'hub PublishEvents, 100 events', mode: 'hub', events: 100, secured: true },
  ];
  const results = new Map<string, { rps: number; events: number; p50: number; p99: number; errors: number }>();
  for (const scenario of scenarios) {
    process.stderr.write(`${scenario.name}…\n`);
    const { child, port } = await startServer(scenario.mode);
    const measured: RunResult[] = [];
    await load(port, scenario.events, 1, connections, scenario.secured); // warm-up
    for (let run = 0; run < runs; run += 1) measured.push(await load(port, scenario.events, seconds, connections, scenario.secured));
    child.kill('SIGTERM');
    const rps = median(measured.map((item) => item.requestsPerSecond));
    results.set(scenario.name, {
      rps,
      events: rps * scenario.events,
      p50: median(measured.map((item) => item.p50)),
      p99: median(measured.map((item) => item.p99)),
      errors: measured.reduce((sum, item) => sum + item.errors, 0),
    });
  }
  // The cached read, against a raw server answering a body of the same size.
  const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('bench-client').setExpirationTime('1h').sign(new TextEncoder().encode(JWT_SECRET));
  const read = { path: `/platform/v1/accounts/${READ_ACCOUNT}`, token };
  const hubServer = await startServer('hub');
  const sample = await fetch(`http://127.0.0.1:${hubServer.port}${read.path}`, { headers: { authorization: `Bearer ${token}` } });
  const readBytes = (await sample.arrayBuffer()).byteLength;
  if (sample.status !== 200) throw new Error(`the cached read answered ${sample.status}`);
  const readRuns: Record<string, RunResult[]> = { hub: [], raw: [] };
  await load(hubServer.port, 0, 1, connections, false, read);
  for (let run = 0; run < runs; run += 1) readRuns.hub!.push(await load(hubServer.port, 0, seconds, connections, false, read));
  hubServer.child.kill('SIGTERM');
  const rawServer = await startServer('read-raw', { BENCH_READ_BYTES: String(readBytes) });
  await load(rawServer.port, 0, 1, connections, false, read);
  for (let run = 0; run < runs; run += 1) readRuns.raw!.push(await load(rawServer.port, 0, seconds, connections, false, read));
  rawServer.child.kill('SIGTERM');

  const raw = results.get(scenarios[0]!.name)!.rps;
  const echo = results.get(scenarios[1]!.name)!.rps;
  console.log(`median of ${runs} runs × ${seconds} s, ${connections} connections, ${os.cpus().length} cores`);
  for (const [name, result] of results) {
    console.log(
      `${name.padEnd(32)} ${result.rps.toFixed(0).padStart(7)} req/s ${result.events.toFixed(0).padStart(8)} events/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  errors ${result.errors}  ×raw ${(result.rps / raw).toFixed(3)}  ×node-soap ${(result.rps / echo).toFixed(3)}`,
    );
  }
  const summary = (items: RunResult[]) => ({ rps: median(items.map((item) => item.requestsPerSecond)), p50: median(items.map((item) => item.p50)), p99: median(items.map((item) => item.p99)), errors: items.reduce((sum, item) => sum + item.errors, 0) });
  const hubRead = summary(readRuns.hub!);
  const rawRead = summary(readRuns.raw!);
  console.log(`raw node:http, ${readBytes}-byte body`.padEnd(32), `${rawRead.rps.toFixed(0).padStart(7)} req/s  p50 ${rawRead.p50.toFixed(1)} ms  p99 ${rawRead.p99.toFixed(1)} ms  errors ${rawRead.errors}`);
  console.log('hub cached Platform API read'.padEnd(32), `${hubRead.rps.toFixed(0).padStart(7)} req/s  p50 ${hubRead.p50.toFixed(1)} ms  p99 ${hubRead.p99.toFixed(1)} ms  errors ${hubRead.errors}  ×raw same size ${(hubRead.rps / rawRead.rps).toFixed(3)}`);
}

await main();
