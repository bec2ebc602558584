/** The public shapes of the SOAP ingress: its options, what a handler gets, what it returns. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Contract } from '../../common/contracts/catalog.js';
import type { EncodableObject, PlainObject } from '../../common/soap/codec.js';
import type { SoapVersion } from '../../common/soap/envelope.js';
import type { SecurityOptions } from './security.js';
import type { StructuralLimits } from './xml-scan.js';

export interface IngressContext {
  /** The authenticated principal: the source system of the UsernameToken account or of the pinned certificate. */
  readonly sourceSystem: string;
  /** Identifier of this request in the hub's logs; faults carry it too. */
  readonly correlationId: string;
  /** W3C traceparent from the cmn:TraceContext header or the HTTP traceparent header, when valid. */
  readonly traceparent?: string;
  readonly soapVersion: SoapVersion;
  /** Operation name as in the WSDL ("PublishEvents"). */
  readonly operation: string;
}

/**
 * Handles one operation: gets the decoded, schema-valid request (value conventions in
 * common/soap/codec.ts) and returns the response value. Throws a HubError for a documented
 * fault; anything else is answered as INTERNAL_ERROR and logged.
 */
export type IngressHandler = (request: PlainObject, context: IngressContext) => Promise<EncodableObject>;

export interface IngressLimits extends Partial<StructuralLimits> {
  /** Largest request body; default 1 MiB. */
  readonly maxBodyBytes?: number;
}

export interface SoapIngressOptions {
  readonly contract: Contract;
  /** One handler per operation of the contract; a missing one fails at construction. */
  readonly handlers: Readonly<Record<string, IngressHandler>>;
  readonly security: SecurityOptions;
  readonly limits?: IngressLimits;
  readonly logger: Logger;
  /** Serving of `<endpoint>?wsdl` and the imported schemas; false when another handler serves them. */
  readonly wsdl?: { readonly publicUrl?: string } | false;
}

/** A node:http handler: true when it answered the request (the SOAP endpoint or its WSDL). */
export type SoapIngress = ((req: IncomingMessage, res: ServerResponse) => boolean) & {
  /** Size of the replay cache and how many still-live tokens it had to drop for lack of room. */
  replayCache(): { readonly size: number; readonly liveEvictions: number };
  /** Frees the compiled schema. */
  dispose(): void;
};
