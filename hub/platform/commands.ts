/**
 * The write side of the Platform API as the flows offer it: a command a channel submits
 * (a payment, a product application) is validated, written to the store together with
 * its outbox message in one transaction, and answered at once; its flow does the rest
 * and the channel follows the status. The Platform API authenticates the caller, parses
 * the JSON body (bounded in size), requires an Idempotency-Key header, and renders
 * HubErrors as problem documents; the command owns everything else.
 */
import { HubError } from '../errors/catalog.js';

export interface CommandRequest {
  /** The authenticated client (the token's subject). */
  readonly clientId: string;
  /** The Idempotency-Key header: the same key with the same body answers the first result; with another body IDEMPOTENCY_CONFLICT. */
  readonly idempotencyKey: string;
  /** The parsed JSON body. */
  readonly body: unknown;
  /** W3C traceparent of the request, to carry into the outbox message. */
  readonly traceparent?: string;
}

export interface CommandAnswer {
  /** 201 when this request created the resource, 200 when an earlier request with the key did. */
  readonly status: 200 | 201;
  readonly body: unknown;
  /** Path of the created resource, for the Location header. */
  readonly location: string;
}

export interface ResourceAnswer {
  readonly body: unknown;
  readonly asOf: Date;
}

/** A command resource such as /platform/v1/payments: POST submits, GET /:id reads one, GET lists the client's. */
export interface PlatformCommand {
  submit(request: CommandRequest): Promise<CommandAnswer>;
  /** One of the client's resources; undefined when unknown or someone else's. */
  read(clientId: string, id: string): Promise<ResourceAnswer | undefined>;
  /** The client's resources, newest first, cursor-paged (query parameters `cursor`, `limit`). */
  list(clientId: string, query: URLSearchParams): Promise<ResourceAnswer>;
  /** DELETE /:id, where a resource can be withdrawn (a standing order); undefined when unknown or someone else's. */
  cancel?(clientId: string, id: string): Promise<ResourceAnswer | undefined>;
}

/**
 * The query of a command resource's list: `limit` (1 to `maxLimit`, `defaultLimit` when
 * absent) and an opaque `cursor`, each at most once, nothing else (INVALID_REQUEST).
 */
export function readListQuery(query: URLSearchParams, defaultLimit: number, maxLimit: number): { readonly limit: number; readonly cursor?: string } {
  for (const name of query.keys()) if (name !== 'cursor' && name !== 'limit') throw new HubError('INVALID_REQUEST', `unknown query parameter ${name}`, { field: name });
  const single = (name: string): string | undefined => {
    const values = query.getAll(name);
    if (values.length > 1) throw new HubError('INVALID_REQUEST', `${name} may be given once`, { field: name });
    return values[0];
  };
  const limit = single('limit');
  if (limit !== undefined && (!/^[1-9][0-9]{0,5}$/.test(limit) || Number(limit) > maxLimit)) {
    throw new HubError('INVALID_REQUEST', `limit must be a whole number from 1 to ${maxLimit}`, { field: 'limit' });
  }
  const cursor = single('cursor');
  return { limit: limit === undefined ? defaultLimit : Number(limit), ...(cursor !== undefined ? { cursor } : {}) };
}
