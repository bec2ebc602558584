/**
 * The one place where errors become answers: a SOAP fault for SOAP callers, an RFC 9457
 * problem document for HTTP callers. Anything that is not a HubError is answered as
 * INTERNAL_ERROR, with nothing of its message or stack.
 */
import type { Contract } from '../../common/contracts/catalog.js';
import { buildFault, type SoapVersion } from '../../common/soap/envelope.js';
import { HubError, errorSpec, isContractCode } from './catalog.js';

export interface RenderedError {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

function asHubError(error: unknown): HubError {
  return error instanceof HubError ? error : new HubError('INTERNAL_ERROR', 'an unexpected error occurred; nothing was changed');
}

export function renderSoapFault(error: unknown, version: SoapVersion, contract: Contract, correlationId?: string): RenderedError {
  let hubError = asHubError(error);
  if (!isContractCode(hubError.code)) hubError = new HubError('INTERNAL_ERROR', hubError.message);
  const spec = errorSpec(hubError.code);
  const receiver = spec.receiver === true;
  return {
    // SOAP 1.1 answers every fault with 500; SOAP 1.2 answers a Sender fault with 400.
    status: version === '1.2' && !receiver ? 400 : 500,
    contentType: version === '1.1' ? 'text/xml; charset=utf-8' : 'application/soap+xml; charset=utf-8',
    body: buildFault(version, contract, {
      code: hubError.code,
      message: hubError.message,
      retryable: spec.retryable,
      receiverFault: receiver,
      ...(hubError.options.field ? { field: hubError.options.field } : {}),
      ...(correlationId ? { correlationId } : {}),
    }),
  };
}

export function renderProblem(error: unknown, correlationId?: string): RenderedError {
  const hubError = asHubError(error);
  const spec = errorSpec(hubError.code);
  return {
    status: spec.status,
    contentType: 'application/problem+json',
    body: JSON.stringify({
      type: `urn:dbp:problem:${hubError.code}`,
      title: spec.title,
      status: spec.status,
      code: hubError.code,
      detail: hubError.message,
      retryable: spec.retryable,
      ...(hubError.options.field ? { field: hubError.options.field } : {}),
      ...(correlationId ? { correlationId } : {}),
    }),
  };
}
