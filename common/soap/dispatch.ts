/**
 * The contract-driven core of a SOAP endpoint, shared by the hub's ingress and the mock
 * back offices: which operation a Body payload names, whether the request's action agrees
 * with it, and the decode → handler → encode step around an operation handler. It knows
 * nothing of faults' rendering: a refusal comes back as a catalog code and a message, and
 * each side answers it in its own way (mocks/ cannot import hub/).
 */
import type { Element } from '@xmldom/xmldom';
import type { Contract } from '../contracts/catalog.js';
import { loadWsdlModel, type OperationModel } from '../contracts/wsdl-model.js';
import type { EncodableObject, MessageCodec, PlainObject } from './codec.js';
import { createContractCodec } from './contract-codec.js';
import { buildEnvelope, type SoapVersion } from './envelope.js';

/** Why a request was refused before its handler ran; code is a cmn:FaultCode value. */
export interface DispatchRefusal {
  readonly code: 'UNKNOWN_OPERATION' | 'ACTION_MISMATCH';
  readonly message: string;
}

export type OperationMatch = { readonly ok: true; readonly operation: OperationModel } | ({ readonly ok: false } & DispatchRefusal);

export interface OperationDispatcher {
  readonly contract: Contract;
  readonly operations: ReadonlyMap<string, OperationModel>;
  readonly codec: MessageCodec;
  /** The operation whose request element is `{namespace}localName`, if any. */
  resolve(namespace: string | null | undefined, localName: string | null | undefined): OperationModel | undefined;
  /** The action the binding of `version` declares for an operation. */
  expectedAction(operation: OperationModel, version: SoapVersion): string;
  /** Resolves the payload's operation and checks the request's action against it. */
  match(payload: { readonly namespace: string | null | undefined; readonly localName: string | null | undefined }, version: SoapVersion, action: string | undefined): OperationMatch;
  decode(payload: Element): PlainObject;
  /** The response envelope of an operation's result (throws CodecError when the value does not fit the contract). */
  respond(operation: OperationModel, version: SoapVersion, value: EncodableObject): string;
}

export function createOperationDispatcher(contract: Contract): OperationDispatcher {
  const model = loadWsdlModel(contract);
  const operations = new Map(model.operations.map((operation) => [operation.name, operation]));
  const byInput = new Map(model.operations.map((operation) => [operation.input, operation]));
  const actions = new Map<string, string>();
  for (const binding of model.bindings) {
    for (const [name, action] of binding.actions) if (action) actions.set(`${binding.soapVersion} ${name}`, action);
  }
  const codec = createContractCodec(contract);

  const resolve = (namespace: string | null | undefined, localName: string | null | undefined): OperationModel | undefined =>
    namespace === contract.namespace && localName ? byInput.get(`{${namespace}}${localName}`) : undefined;
  const expectedAction = (operation: OperationModel, version: SoapVersion): string =>
    actions.get(`${version} ${operation.name}`) ?? `${contract.namespace}/${operation.name}`;

  return {
    contract,
    operations,
    codec,
    resolve,
    expectedAction,
    match(payload, version, action) {
      const operation = resolve(payload.namespace, payload.localName);
      if (!operation) {
        return { ok: false, code: 'UNKNOWN_OPERATION', message: `${payload.localName ?? '(none)'} is not an operation of ${contract.name}` };
      }
      const expected = expectedAction(operation, version);
      if (action !== expected) {
        return { ok: false, code: 'ACTION_MISMATCH', message: `the action must be "${expected}", got ${action === undefined ? 'none' : `"${action}"`}` };
      }
      return { ok: true, operation };
    },
    decode: (payload) => codec.decode(payload),
    respond: (operation, version, value) => buildEnvelope(version, codec.encode(operation.output, value, '    ')),
  };
}

/**
 * Decodes the payload, runs the handler and encodes its result as the response envelope.
 * Errors of the handler and CodecErrors (a payload or a result that does not fit the
 * contract) propagate to the caller, who decides how to answer them.
 */
export async function invokeOperation<C>(
  dispatcher: OperationDispatcher,
  operation: OperationModel,
  version: SoapVersion,
  request: PlainObject,
  handler: (request: PlainObject, context: C) => EncodableObject | Promise<EncodableObject>,
  context: C,
): Promise<string> {
  const response = await handler(request, context);
  return dispatcher.respond(operation, version, response);
}
