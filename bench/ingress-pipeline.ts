/**
 * Throughput of the SOAP ingress against a bare node:http server on the same machine (not a
 * test; run by hand): `npx tsx bench/ingress-pipeline.ts [seconds] [runs] [connections]`.
 * The server runs in a child process, the load generator in this one (one core each on a
 * 2-core machine). Every request is a PublishEvents with one event and a fresh
 * UsernameToken (PasswordDigest), so the ingress does its full work: scan, parse, envelope,
 * action, mustUnderstand, digest + nonce cache, XSD validation, decode, no-op handler,
 * encode. The bare server reads the body and answers a fixed envelope.
 * Besides requests/s it prints the server's CPU time per request (user + system), which
 * stays meaningful when other processes compete for the cores.
 * Only loopback traffic, bounded in time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { buildEnvelope } from '../common/soap/envelope.js';
import { createSoapIngress } from '../hub/ingress/index.js';
import { ACTION, CREDENTIALS, contract, publishEventsPayload, usernameToken } from '../test/ingress/support.js';

type Mode = 'bare' | 'ingress';

function serve(mode: Mode): void {
  // A profile (BENCH_SERVER_ARGS='--cpu-prof') is written only on a normal exit.
  process.once('SIGTERM', () => process.exit(0));
  const fixed = buildEnvelope('1.1', '<cc:PublishEventsResponse xmlns:cc="urn:dbp:cachecontrol:v1"/>');
  const ingress =
    mode === 'ingress'
      ? createSoapIngress({
          contract,
          logger: pino({ level: 'silent' }),
          security: { credentials: CREDENTIALS },
          handlers: {
            PublishEvents: async () => ({ result: [{ eventId: 'ev-1', result: 'ACCEPTED', lastSequence: '1' }] }),
            GetLastSequence: async () => ({}),
            RequestResync: async () => ({}),
          },
        })
      : undefined;
  const server = createServer((req, res) => {
    if (ingress) {
      if (!ingress(req, res)) res.writeHead(404).end();
      return;
    }
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': Buffer.byteLength(fixed) }).end(fixed));
  });
  let served = 0;
  server.on('request', () => (served += 1));
  let since = { cpu: process.cpuUsage(), served: 0 };
  // 'mark' starts a measurement, 'report' answers the CPU microseconds per request since the mark.
  process.on('message', (message) => {
    if (message === 'mark') since = { cpu: process.cpuUsage(), served };
    else {
      const cpu = process.cpuUsage(since.cpu);
      process.send?.({ cpuPerRequest: (cpu.user + cpu.system) / Math.max(1, served - since.served) });
    }
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
}

async function load(port: number, seconds: number, connections: number): Promise<{ perSecond: number; errors: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const payload = publishEventsPayload();
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const body = buildEnvelope('1.1', payload, usernameToken('1.1', { nonce: randomBytes(16) }));
      const req = httpRequest(
        { host: '127.0.0.1', port, path: contract.endpointPath, method: 'POST', agent, headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${ACTION('PublishEvents')}"`, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) done += 1;
            else errors += 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end(body);
    });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) await one();
    }),
  );
  agent.destroy();
  return { perSecond: done / ((Date.now() - started) / 1000), errors };
}

async function measure(mode: Mode, seconds: number, runs: number, connections: number): Promise<void> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['serve', mode], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? [])] });
  try {
    const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve((message as { port: number }).port)));
    await load(port, 2, connections); // warm-up: JIT, libxml2 heap
    const rates: number[] = [];
    const cpu: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      child.send('mark');
      const { perSecond, errors } = await load(port, seconds, connections);
      if (errors > 0) throw new Error(`${mode}: ${errors} requests failed`);
      rates.push(perSecond);
      child.send('report');
      cpu.push(await new Promise<number>((resolve) => child.once('message', (message) => resolve((message as { cpuPerRequest: number }).cpuPerRequest))));
    }
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(
      `${mode.padEnd(8)} median ${Math.round(median(rates))} req/s over ${runs} runs of ${seconds} s, ${connections} connections ` +
        `(runs: ${rates.map(Math.round).join(', ')}); server CPU ${median(cpu).toFixed(0)} µs per request`,
    );
  } finally {
    child.kill();
  }
}

if (process.argv[2] === 'serve') {
  serve(process.argv[3] as Mode);
} else {
  const [seconds = 5, runs = 5, connections = 32] = process.argv.slice(2).map(Number);
  await measure('bare', seconds, runs, connections);
  await measure('ingress', seconds, runs, connections);
}
