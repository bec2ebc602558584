/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/) for one hop through the hub:
 * parse the caller's `traceparent`, give this hop its own span id, or start a new trace
 * when the header is absent or invalid. The same strings travel in the cmn:TraceContext
 * SOAP header (its XML is built elsewhere; only the values are handled here).
 *
 * The correlation id that the hub logs and returns in faults and problem documents is
 * `<trace id>-<span id>`: 49 characters that match cmn:Identifier, unique per hop, and
 * whose first part finds every hop of the same client request in the logs.
 */
import { randomFillSync } from 'node:crypto';

/** The parts of a valid traceparent that a hop keeps. */
export interface Traceparent {
  /** 32 lowercase hex digits, not all zeros. */
  readonly traceId: string;
  /** The caller's span: 16 lowercase hex digits, not all zeros. */
  readonly parentId: string;
  /** The trace-flags byte (bit 0: sampled). */
  readonly flags: number;
}

/** This hop's place in a trace. */
export interface TraceContext {
  readonly traceId: string;
  /** This hop's own span id (16 hex digits). */
  readonly spanId: string;
  /** The caller's span id; undefined when the trace starts here. */
  readonly parentId: string | undefined;
  readonly flags: number;
  /** The caller's tracestate, passed on unchanged when it is well-formed. */
  readonly tracestate: string | undefined;
  /** Whether the trace came from the caller (false: started at this hop). */
  readonly continued: boolean;
}

/** The values of the cmn:TraceContext SOAP header. */
export interface SoapTraceContext {
  readonly traceparent: string;
  readonly tracestate?: string;
}

export const SAMPLED_FLAG = 0x01;
/** Flags this version of the spec defines; the others are zeroed when passed on. */
const KNOWN_FLAGS = SAMPLED_FLAG;
const VERSION_00_LENGTH = 55;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);
const TRACESTATE_MAX_LENGTH = 512;
const TRACESTATE_MAX_MEMBERS = 32;

/**
 * Parses a traceparent header value. Version 00 must be exactly 55 characters; a later
 * version (01–fe) is read for its first four fields, as the spec asks, so that a newer
 * caller still keeps its trace. Returns undefined for anything invalid (the caller then
 * starts a new trace and drops tracestate).
 */
export function parseTraceparent(value: string | undefined): Traceparent | undefined {
  if (value === undefined || value.length < VERSION_00_LENGTH) return undefined;
  const version = hexByte(value, 0);
  if (version < 0 || version === 0xff || value.charCodeAt(2) !== DASH) return undefined;
  if (version === 0 ? value.length !== VERSION_00_LENGTH : value.length > VERSION_00_LENGTH && value.charCodeAt(VERSION_00_LENGTH) !== DASH) {
    return undefined;
  }
  if (!isLowerHex(value, 3, 35) || value.charCodeAt(35) !== DASH) return undefined;
  if (!isLowerHex(value, 36, 52) || value.charCodeAt(52) !== DASH) return undefined;
  const flags = hexByte(value, 53);
  if (flags < 0) return undefined;
  const traceId = value.slice(3, 35);
  const parentId = value.slice(36, 52);
  if (traceId === ZERO_TRACE_ID || parentId === ZERO_SPAN_ID) return undefined;
  return { traceId, parentId, flags };
}

export function formatTraceparent(traceId: string, spanId: string, flags: number): string {
  return `00-${traceId}-${spanId}-${flags < 16 ? '0' : ''}${flags.toString(16)}`;
}

/**
 * This hop's trace context: a child of the caller's traceparent when it is valid,
 * otherwise a new trace (flagged sampled unless told otherwise: the hub logs every request).
 */
export function startTrace(traceparent: string | undefined, tracestate?: string, options: { readonly sampled?: boolean } = {}): TraceContext {
  const parent = parseTraceparent(traceparent);
  if (parent) return childOf(parent, tracestate);
  return {
    traceId: newTraceId(),
    spanId: newSpanId(),
    parentId: undefined,
    flags: options.sampled === false ? 0 : SAMPLED_FLAG,
    tracestate: undefined,
    continued: false,
  };
}

/** A new span of the caller's trace. */
export function childOf(parent: Traceparent, tracestate?: string): TraceContext {
  return {
    traceId: parent.traceId,
    spanId: newSpanId(),
    parentId: parent.parentId,
    flags: parent.flags & KNOWN_FLAGS,
    tracestate: normaliseTracestate(tracestate),
    continued: true,
  };
}

/** The traceparent that names this hop: sent back on the response and on calls this hop makes. */
export function traceparentOf(trace: TraceContext): string {
  return formatTraceparent(trace.traceId, trace.spanId, trace.flags);
}

export function correlationIdOf(trace: TraceContext): string {
  return `${trace.traceId}-${trace.spanId}`;
}

/** Reads the values of a received cmn:TraceContext header (fields as decoded, possibly absent). */
export function readSoapTraceContext(header: { readonly traceparent?: string; readonly tracestate?: string } | undefined): TraceContext | undefined {
  const parent = parseTraceparent(header?.traceparent?.trim());
  return parent ? childOf(parent, header?.tracestate) : undefined;
}

/** The values of the cmn:TraceContext header to put on a call this hop makes. */
export function soapTraceContextOf(trace: TraceContext): SoapTraceContext {
  const traceparent = traceparentOf(trace);
  return trace.tracestate === undefined ? { traceparent } : { traceparent, tracestate: trace.tracestate };
}

/**
 * Keeps a tracestate header when it is well-formed (list members `key=value` with
 * distinct keys, at most 32), otherwise drops it: the spec lets a hop discard a
 * tracestate it cannot parse, never pass on a broken one. Empty members and the
 * whitespace around members are removed. Beyond 512 characters (the limit cmn:TraceContext
 * declares) it is truncated as the spec says: members longer than 128 characters go
 * first, then members from the end.
 */
export function normaliseTracestate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const members: string[] = [];
  const keys = new Set<string>();
  for (const raw of value.split(',')) {
    const member = raw.trim();
    if (member === '') continue;
    if (!TRACESTATE_MEMBER.test(member)) return undefined;
    const key = member.slice(0, member.indexOf('='));
    if (keys.has(key)) return undefined;
    keys.add(key);
    members.push(member);
  }
  if (members.length === 0 || members.length > TRACESTATE_MAX_MEMBERS) return undefined;
  let joined = members.join(',');
  if (joined.length <= TRACESTATE_MAX_LENGTH) return joined;
  let kept = members.filter((member) => member.length <= 128);
  joined = kept.join(',');
  while (joined.length > TRACESTATE_MAX_LENGTH) {
    kept = kept.slice(0, -1);
    joined = kept.join(',');
  }
  return joined === '' ? undefined : joined;
}

// key: simple-key or tenant@system; value: printable ASCII except ',' and '=', no trailing space.
const TRACESTATE_MEMBER = /^(?:[a-z][a-z0-9_\-*/]{0,255}|[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13})=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

const DASH = 0x2d;

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1; // upper-case hex is invalid in traceparent
}

function hexByte(value: string, at: number): number {
  const high = hexDigit(value.charCodeAt(at));
  const low = hexDigit(value.charCodeAt(at + 1));
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

function isLowerHex(value: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (hexDigit(value.charCodeAt(i)) < 0) return false;
  return true;
}

// Ids come from a pool of random bytes refilled in one call, so that a request costs no
// crypto call or Buffer of its own (this sits in front of every request).
const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let poolOffset = POOL_SIZE;

function randomHex(bytes: number, zero: string): string {
  for (;;) {
    if (poolOffset + bytes > POOL_SIZE) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    const id = pool.toString('hex', poolOffset, poolOffset + bytes);
    poolOffset += bytes;
    if (id !== zero) return id;
  }
}

export function newTraceId(): string {
  return randomHex(16, ZERO_TRACE_ID);
}

export function newSpanId(): string {
  return randomHex(8, ZERO_SPAN_ID);
}
