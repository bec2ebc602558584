import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { findContract } from '../../../common/contracts/catalog.js';
import { contentOf, loadSchemaSet, type ComplexType } from '../../../common/contracts/schema-model.js';
import { loadWsdlModel } from '../../../common/contracts/wsdl-model.js';
import { localOf, qname } from '../../../common/xml/dom.js';
import { CALL_ERRORS, CONNECTOR_ERRORS, ConnectorError, isUnwell, type ConnectorErrorCode } from '../../../connectors/shared/errors.js';
import { classifyOperation, operationPolicies } from '../../../connectors/shared/operations.js';
import { SETTINGS } from '../../../connectors/shared/settings.js';
import { BACK_OFFICE_IDS } from '../../../connectors/shared/types.js';
import { CONTRACT_ERRORS } from '../../../hub/errors/catalog.js';

const DOCS = readFileSync(new URL('../../../docs/connectors.md', import.meta.url), 'utf8');

/** The table row of the docs page whose first cell is `name`, split into cells. */
function docsRow(name: string): string[] | undefined {
  const line = DOCS.split('\n').find((row) => row.startsWith(`| \`${name}\` |`));
  return line?.split('|').slice(1, -1).map((cell) => cell.trim());
}

describe('connectors/shared: error catalog, operations and their documentation', () => {
  it('has a code for every cmn:FaultCode, with the retryability of the hub catalog', () => {
    const faultCodes = loadSchemaSet(findContract('core-banking')!.wsdl).simpleTypes.get(qname('urn:dbp:common:v1', 'FaultCode'))!.facets.enumerations.map((item) => item.value);
    for (const code of faultCodes) {
      expect(CONNECTOR_ERRORS, code).to.have.property(code);
      expect(CONNECTOR_ERRORS[code as ConnectorErrorCode].retryable, code).to.equal(CONTRACT_ERRORS[code as keyof typeof CONTRACT_ERRORS].retryable);
    }
    expect(Object.keys(CONNECTOR_ERRORS).sort()).to.deep.equal([...new Set([...faultCodes, ...Object.keys(CALL_ERRORS)])].sort());
  });

  it('gives the call codes their fixed retryability', () => {
    const retryable = (code: ConnectorErrorCode, httpStatus?: number) => new ConnectorError(code, 'crm', 'GetClient', 'x', httpStatus === undefined ? {} : { httpStatus }).retryable;
    expect(['TIMEOUT', 'CONNECTION_FAILED', 'BAD_RESPONSE', 'CIRCUIT_OPEN', 'BULKHEAD_FULL', 'RATE_LIMITED'].every((code) => retryable(code as ConnectorErrorCode))).to.equal(true);
    expect(['CANCELLED', 'UNKNOWN_FAULT', 'NOT_STARTED'].some((code) => retryable(code as ConnectorErrorCode))).to.equal(false);
    expect(retryable('HTTP_ERROR', 503)).to.equal(true);
    expect(retryable('HTTP_ERROR', 404)).to.equal(false);
    expect(retryable('ACCOUNT_NOT_FOUND')).to.equal(false);
    expect(retryable('THROTTLED')).to.equal(true);
  });

  it('counts for the circuit only the failures that say the back office is unwell', () => {
    const unwell = (code: ConnectorErrorCode, httpStatus?: number) => isUnwell(new ConnectorError(code, 'cards', 'GetCard', 'x', httpStatus === undefined ? {} : { httpStatus }));
    for (const code of ['TIMEOUT', 'CONNECTION_FAILED', 'BAD_RESPONSE', 'SERVICE_UNAVAILABLE', 'THROTTLED', 'INTERNAL_ERROR'] as const) expect(unwell(code), code).to.equal(true);
    expect(unwell('HTTP_ERROR', 500)).to.equal(true);
    for (const code of ['ACCOUNT_NOT_FOUND', 'INSUFFICIENT_FUNDS', 'SCHEMA_VIOLATION', 'AUTHENTICATION_FAILED', 'CANCELLED', 'CIRCUIT_OPEN', 'BULKHEAD_FULL', 'UNKNOWN_FAULT'] as const) {
      expect(unwell(code), code).to.equal(false);
    }
    expect(unwell('HTTP_ERROR', 404)).to.equal(false);
    const unknownFault = (faultCode: string) =>
      isUnwell(new ConnectorError('UNKNOWN_FAULT', 'crm', 'GetClient', 'x', { httpStatus: 500, fault: { code: undefined, message: undefined, reason: 'x', faultCode, retryable: undefined, field: undefined, correlationId: undefined, detail: {} } }));
    expect(unknownFault('soap:Server')).to.equal(true);
    expect(unknownFault('env:Receiver')).to.equal(true);
    expect(unknownFault('soap:Client'), 'a SOAP 1.1 client fault also comes with status 500').to.equal(false);
    expect(isUnwell(new Error('not a connector error'))).to.equal(false);
  });

  it('documents every error code with its retryability', () => {
    for (const [code, spec] of Object.entries(CONNECTOR_ERRORS)) {
      const row = docsRow(code);
      expect(row, `docs/connectors.md lists ${code}`).to.not.equal(undefined);
      const documented = row![1];
      expect(documented, code).to.equal(spec.retryable === true ? 'yes' : spec.retryable === false ? 'no' : spec.retryable);
    }
  });

  it('documents every setting with its default', () => {
    for (const [path, spec] of Object.entries(SETTINGS)) {
      const row = docsRow(path);
      expect(row, `docs/connectors.md lists ${path}`).to.not.equal(undefined);
      const expected = spec.default === undefined ? '(required)' : `\`${JSON.stringify(spec.default)}\``;
      expect(row![1], path).to.equal(expected);
    }
  });

  it('derives what is retried and coalesced from each operation\'s retry rule in the contract', () => {
    const kinds = Object.fromEntries(BACK_OFFICE_IDS.flatMap((id) => [...operationPolicies(id).values()].map((policy) => [policy.name, policy.kind])));
    expect(kinds).to.include({
      GetAccount: 'read',
      GetTransactions: 'read',
      SimulateTransfer: 'read',
      GetClient: 'read',
      GetClientCards: 'read',
      CreateTransfer: 'keyed-write',
      OrderCard: 'keyed-write',
      CreateApplication: 'keyed-write',
      // Writes the contract calls idempotent by nature are still writes.
      CancelTransfer: 'write',
      ReleaseHold: 'write',
      BlockCard: 'write',
      SetCardLimits: 'write',
      MarkSecureMessageRead: 'write',
      // Each call creates a new quote.
      GetConversionQuote: 'write',
    });
    expect(classifyOperation({ retry: undefined, retryText: undefined }), 'no rule: the conservative choice').to.equal('write');
    expect(classifyOperation({ retry: 'not safe', retryText: 'not safe.' })).to.equal('write');
  });

  it('finds a retry rule on every operation the hub calls, and the idempotencyKey first in every keyed write\'s request', () => {
    for (const id of BACK_OFFICE_IDS) {
      const contract = findContract(id)!;
      const schema = loadSchemaSet(contract.wsdl);
      for (const operation of loadWsdlModel(contract).operations) {
        expect(operation.retry, `${id} ${operation.name} has a Retry: rule`).to.not.equal(undefined);
        if (classifyOperation(operation) !== 'keyed-write') continue;
        const declared = schema.elements.get(operation.input)?.type;
        const type = typeof declared === 'string' ? schema.complexTypes.get(declared) : declared;
        expect(type?.kind, `${operation.name} request type`).to.equal('complex');
        const first = contentOf(schema, type as ComplexType)[0];
        expect(first?.kind === 'element' ? localOf(first.name) : first?.kind, `${operation.name}: first child of the request`).to.equal('idempotencyKey');
      }
    }
  });
});
