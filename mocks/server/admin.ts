/**
 * The admin API of a mock back office (JSON over HTTP, under /admin):
 *   GET    /admin/counters            per-operation call counters
 *   POST   /admin/counters/reset      zero them and forget the recorded requests
 *   GET    /admin/requests?limit=N    the last N requests
 *   GET    /admin/faults              the fault configuration in force
 *   PUT    /admin/faults              replace it (JSON FaultConfig)
 *   DELETE /admin/faults              back to no faults
 *   POST   /admin/chaos/{profile}     apply a named chaos profile
 *   GET    /admin/fixtures            the names of the state fixtures
 *   POST   /admin/fixtures/{name}     run one with the JSON body as its input
 * Errors are RFC 9457 problem documents.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendProblem } from '../../common/http/problem.js';
import { CHAOS_PROFILES, FaultConfigError, chaosProfile, validateFaultConfig, type FaultInjector } from './faults.js';
import type { RequestRecorder } from './recorder.js';
import { ContractFault, type Clock } from './types.js';

/** QA operations on a mock's state; each takes one JSON object and triggers the push. */
export type FixtureSet = Readonly<Record<string, (input: never) => unknown>>;

export interface AdminOptions {
  readonly faults: FaultInjector;
  readonly recorder: RequestRecorder;
  readonly fixtures: FixtureSet;
  readonly clock: Clock;
  readonly maxBodyBytes?: number;
}

export function createAdminHandler(options: AdminOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { faults, recorder, fixtures, clock } = options;
  const maxBody = options.maxBodyBytes ?? 256 * 1024;
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (!url.pathname.startsWith('/admin/')) return false;
    const route = `${req.method} ${url.pathname}`;
    handle(route, url, req).then(
      ([status, body]) => send(res, status, body),
      (error: unknown) => {
        const status = error instanceof AdminError ? error.status : error instanceof FaultConfigError ? 400 : 500;
        const code = error instanceof AdminError ? error.code : error instanceof FaultConfigError ? 'INVALID_FAULT_CONFIG' : error instanceof ContractFault ? error.code : 'FIXTURE_FAILED';
        const detail = error instanceof Error ? error.message : String(error);
        sendProblem(res, { status: error instanceof ContractFault ? 422 : status, code, title: code.replace(/_/g, ' ').toLowerCase(), detail });
      },
    );
    return true;
  };

  async function handle(route: string, url: URL, req: IncomingMessage): Promise<[number, unknown]> {
    if (route === 'GET /admin/counters') return [200, recorder.snapshot()];
    if (route === 'POST /admin/counters/reset') {
      recorder.reset();
      return [200, { reset: true }];
    }
    if (route === 'GET /admin/requests') {
      const limit = Number.parseInt(url.searchParams.get('limit') ?? '50', 10);
      if (!Number.isInteger(limit) || limit < 0) throw new AdminError(400, 'INVALID_LIMIT', 'limit must be a whole number');
      return [200, recorder.requests(limit)];
    }
    if (route === 'GET /admin/faults') return [200, faults.current()];
    if (route === 'PUT /admin/faults') {
      faults.configure(validateFaultConfig(await readJson(req, maxBody)));
      return [200, faults.current()];
    }
    if (route === 'DELETE /admin/faults') {
      faults.configure({});
      return [200, faults.current()];
    }
    const chaos = /^POST \/admin\/chaos\/([a-z-]+)$/.exec(route);
    if (chaos) {
      const config = chaosProfile(chaos[1]!, clock.now());
      if (!config) throw new AdminError(404, 'UNKNOWN_PROFILE', `unknown chaos profile ${chaos[1]}; known: ${CHAOS_PROFILES.join(', ')}`);
      faults.configure(config);
      return [200, config];
    }
    if (route === 'GET /admin/fixtures') return [200, Object.keys(fixtures).sort()];
    const fixture = /^POST \/admin\/fixtures\/([A-Za-z]+)$/.exec(route);
    if (fixture) {
      const run = Object.hasOwn(fixtures, fixture[1]!) ? fixtures[fixture[1]!] : undefined;
      if (!run) throw new AdminError(404, 'UNKNOWN_FIXTURE', `unknown fixture ${fixture[1]}; known: ${Object.keys(fixtures).sort().join(', ')}`);
      const input = await readJson(req, maxBody);
      return [200, { result: (await (run as (input: unknown) => unknown)(input)) ?? null }];
    }
    throw new AdminError(404, 'NOT_FOUND', `no admin route ${route}`);
  }
}

class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new AdminError(413, 'BODY_TOO_LARGE', `the body exceeds ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AdminError(400, 'INVALID_JSON', 'the body is not valid JSON');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

