/**
 * The routes of the Platform API that the flows own: commands (payments, applications,
 * standing orders: POST to submit, GET one, GET the list) and the client's notification
 * preferences (GET, PUT). This module does what is common to all of them — route, method,
 * authentication, a bounded JSON body, the Idempotency-Key header — and hands the rest to
 * the command; its HubErrors become problem documents in the caller.
 */
import type { IncomingMessage } from 'node:http';
import { HubError } from '../errors/catalog.js';
import type { CommandAnswer, PlatformCommand, ResourceAnswer } from './commands.js';

/** A command resource mounted at `path` (e.g. /platform/v1/payments) with /:id below it. */
export interface MountedCommand {
  readonly path: string;
  readonly command: PlatformCommand;
}

/** A document of the client's own that the client reads and replaces (notification preferences). */
export interface ClientDocument {
  readonly path: string;
  read(clientId: string): Promise<unknown>;
  replace(clientId: string, body: unknown): Promise<unknown>;
}

export type WriteAnswer =
  | { readonly kind: 'resource'; readonly answer: ResourceAnswer }
  | { readonly kind: 'created'; readonly answer: CommandAnswer }
  | { readonly kind: 'document'; readonly body: unknown };

export interface WriteRoutes {
  /** The route pattern of a path, or undefined when no command or document owns it. */
  match(path: string): { readonly route: string; run(req: IncomingMessage, url: URL, clientId: string, traceparent: string | undefined): Promise<WriteAnswer> } | undefined;
  /** Every route pattern, for metric labels. */
  readonly routes: readonly string[];
}

const MAX_BODY_BYTES = 64 * 1024;
const KEY = /^[A-Za-z0-9._:-]{8,64}$/;

export function createWriteRoutes(commands: readonly MountedCommand[], documents: readonly ClientDocument[]): WriteRoutes {
  const methodNotAllowed = (req: IncomingMessage, allowed: string): never => {
    throw new HubError('METHOD_NOT_ALLOWED', `${req.method ?? ''} is not allowed here; use ${allowed}`);
  };
  return {
    routes: [...commands.flatMap((each) => [each.path, `${each.path}/:id`]), ...documents.map((each) => each.path)],
    match(path) {
      for (const document of documents) {
        if (path !== document.path) continue;
        return {
          route: document.path,
          run: async (req, _url, clientId) => {
            if (req.method === 'GET' || req.method === 'HEAD') return { kind: 'document', body: await document.read(clientId) };
            if (req.method === 'PUT') return { kind: 'document', body: await document.replace(clientId, await jsonBody(req)) };
            return methodNotAllowed(req, 'GET or PUT');
          },
        };
      }
      for (const { path: base, command } of commands) {
        if (path === base) {
          return {
            route: base,
            run: async (req, url, clientId, traceparent) => {
              if (req.method === 'GET' || req.method === 'HEAD') return { kind: 'resource', answer: await command.list(clientId, url.searchParams) };
              if (req.method !== 'POST') return methodNotAllowed(req, 'GET or POST');
              const idempotencyKey = req.headers['idempotency-key'];
              if (typeof idempotencyKey !== 'string' || !KEY.test(idempotencyKey)) {
                throw new HubError('INVALID_REQUEST', 'an Idempotency-Key header of 8 to 64 letters, digits or . _ : - is required', { field: 'Idempotency-Key' });
              }
              const body = await jsonBody(req);
              return { kind: 'created', answer: await command.submit({ clientId, idempotencyKey, body, ...(traceparent ? { traceparent } : {}) }) };
            },
          };
        }
        if (path.startsWith(`${base}/`) && !path.slice(base.length + 1).includes('/')) {
          let id: string;
          try {
            id = decodeURIComponent(path.slice(base.length + 1));
          } catch {
            throw new HubError('INVALID_REQUEST', 'the path has a malformed percent-escape');
          }
          return {
            route: `${base}/:id`,
            run: async (req, _url, clientId) => {
              const cancel = command.cancel?.bind(command);
              if (req.method === 'DELETE' && cancel) {
                const cancelled = await cancel(clientId, id);
                if (!cancelled) throw new HubError('NOT_FOUND', `no resource ${id}`);
                return { kind: 'resource', answer: cancelled };
              }
              if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(req, cancel ? 'GET or DELETE' : 'GET');
              const answer = await command.read(clientId, id);
              if (!answer) throw new HubError('NOT_FOUND', `no resource ${id}`);
              return { kind: 'resource', answer };
            },
          };
        }
      }
      return undefined;
    },
  };
}

/** The request's JSON body: application/json, at most 64 KiB, well-formed. */
async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HubError('UNSUPPORTED_MEDIA_TYPE', 'the body must be application/json');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new HubError('MESSAGE_TOO_LARGE', `the body may have at most ${MAX_BODY_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HubError('MESSAGE_TOO_LARGE', `the body may have at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HubError('INVALID_REQUEST', 'the body is not well-formed JSON');
  }
}
