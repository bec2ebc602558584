import { expect } from 'chai';
import { findContract } from '../../common/contracts/catalog.js';
import { loadSchemaSet } from '../../common/contracts/schema-model.js';
import { createPayloadValidator } from '../../common/contracts/validator.js';
import { qname } from '../../common/xml/dom.js';
import { CONTRACT_ERRORS, HTTP_ERRORS, HubError } from '../../hub/errors/catalog.js';
import { renderProblem, renderSoapFault } from '../../hub/errors/render.js';

describe('error catalog', () => {
  const faultCodes = loadSchemaSet(findContract('cache-control')!.wsdl).simpleTypes.get(qname('urn:dbp:common:v1', 'FaultCode'))!.facets.enumerations;

  it('has exactly the codes of cmn:FaultCode, and no HTTP-only code among them', () => {
    expect(Object.keys(CONTRACT_ERRORS).sort()).to.deep.equal(faultCodes.map((item) => item.value).sort());
    for (const code of Object.keys(HTTP_ERRORS)) expect(Object.hasOwn(CONTRACT_ERRORS, code), code).to.equal(false);
  });

  it('agrees with the documentation of each code on whether a retry can help', () => {
    for (const { value, documentation } of faultCodes) {
      const documentedRetryable = /\bRetryable\b/.test(documentation ?? '');
      expect(CONTRACT_ERRORS[value as keyof typeof CONTRACT_ERRORS].retryable, `${value}: ${documentation}`).to.equal(documentedRetryable);
    }
  });

  it('renders SOAP faults that validate, with the status of their SOAP version and side', () => {
    const contract = findContract('cache-control')!;
    const validator = createPayloadValidator(contract);
    try {
      const sender = renderSoapFault(new HubError('SCHEMA_VIOLATION', 'bad', { field: 'event/sequence' }), '1.2', contract, 'req-1');
      expect(sender.status).to.equal(400);
      expect(validator.validateEnvelopePayload(sender.body)).to.deep.equal({ valid: true });
      expect(sender.body).to.contain('env:Sender').and.to.contain('<cmn:field>event/sequence</cmn:field>');
      const receiver = renderSoapFault(new HubError('SERVICE_UNAVAILABLE', 'down'), '1.2', contract);
      expect(receiver.status).to.equal(500);
      expect(receiver.body).to.contain('env:Receiver').and.to.contain('<cmn:retryable>true</cmn:retryable>');
      const soap11 = renderSoapFault(new HubError('NOT_ENTITLED', 'no'), '1.1', contract);
      expect(soap11.status).to.equal(500);
      expect(validator.validateEnvelopePayload(soap11.body)).to.deep.equal({ valid: true });
    } finally {
      validator.dispose();
    }
  });

  it('never shows an unexpected error: it becomes INTERNAL_ERROR without message or stack', () => {
    const contract = findContract('cache-control')!;
    const secret = new Error('password=hunter2 at Object.<anonymous> (/srv/hub/x.ts:1:1)');
    for (const rendered of [renderSoapFault(secret, '1.1', contract), renderProblem(secret)]) {
      expect(rendered.body).to.contain('INTERNAL_ERROR');
      expect(rendered.body).to.not.contain('hunter2').and.to.not.contain('x.ts');
    }
    const problem = JSON.parse(renderProblem(new HubError('NOT_FOUND', 'no such account')).body) as Record<string, unknown>;
    expect(problem).to.include({ status: 404, code: 'NOT_FOUND', type: 'urn:dbp:problem:NOT_FOUND', retryable: false });
  });
});
