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
 *   POST   /admin/push/snapshot       push the whole current state to the hub (initial load);
 *                                     body {"recentEntries": N} (core banking, default 20, at
 *                                     most 1000); answers when the hub acknowledged every event,
 *                                     with counts: {mock, events, eventTypes, results}
 * Errors are RFC 9457 problem documents (a snapshot: PUSH_NOT_CONFIGURED and SNAPSHOT_RUNNING
 * 409, INVALID_SNAPSHOT_OPTIONS 400, PUSH_REFUSED 502, SOURCE_FAILED 500, PUBLISHER_STOPPED 503).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendProblem } from '../../common/http/problem.js';
import { PushError } from '../push/errors.js';
import { CHAOS_PROFILES, FaultConfigError, chaosProfile, validateFaultConfig, type FaultInjector } from './faults.js';
import type { RequestRecorder } from './recorder.js';
import { ContractFault, type Clock } from './types.js';

/** QA operations on a mock's state; each takes one JSON object and triggers the push. */
export type FixtureSet = Readonly<Record<string, (input: never) => unknown>>;

/** The push of a mock as the admin API drives it. */
export interface PushControl {
  /** Pushes the whole current state; `input` is the request's JSON body. Resolves with the counts to answer. */
  snapshot(input: unknown): Promise<unknown>;
}

export interface AdminOptions {
  readonly faults: FaultInjector;
  readonly recorder: RequestRecorder;
  readonly fixtures: FixtureSet;
  readonly clock: Clock;
  /** Absent when the mock pushes nothing: its snapshot route answers PUSH_NOT_CONFIGURED. */
  readonly push?: PushControl;
  readonly maxBodyBytes?: number;
}

export function createAdminHandler(options: AdminOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { faults, recorder, fixtures, clock, push } = options;
  const maxBody = options.maxBodyBytes ?? 256 * 1024;
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (!url.pathname.startsWith('/admin/')) return false;
    const route = `${req.method} ${url.pathname}`;
    handle(route, url, req).then(
      ([status, body]) => send(res, status, body),
      (error: unknown) => {
        const { status, code } = problemOf(error);
        const detail = error instanceof Error ? error.message : String(error);
        sendProblem(res, { status, code, title: code.replace(/_/g, ' ').toLowerCase(), detail });
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
    if (route === 'POST /admin/push/snapshot') {
      if (!push) throw new PushError('PUSH_NOT_CONFIGURED', 'this mock pushes to no CacheControl endpoint');
      return [200, await push.snapshot(await readJson(req, maxBody))];
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

function problemOf(error: unknown): { status: number; code: string } {
  if (error instanceof AdminError || error instanceof PushError) return { status: error.status, code: error.code };
  if (error instanceof FaultConfigError) return { status: 400, code: 'INVALID_FAULT_CONFIG' };
  if (error instanceof ContractFault) return { status: 422, code: error.code };
  return { status: 500, code: 'FIXTURE_FAILED' };
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

