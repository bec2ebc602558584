import { expect } from 'chai';
import { CONTRACTS, findContract } from '../../common/contracts/catalog.js';
import { createPayloadValidator } from '../../common/contracts/validator.js';
import { loadWsdlModel } from '../../common/contracts/wsdl-model.js';
import { CodecError } from '../../common/soap/codec.js';
import { createContractCodec } from '../../common/soap/contract-codec.js';
import { EnvelopeError, parseEnvelope } from '../../common/soap/envelope.js';
import { buildReference } from '../../hub/docs/reference.js';

describe('message codec', () => {
  const reference = buildReference();

  for (const contract of CONTRACTS) {
    it(`${contract.name}: decodes every example message and encodes it back to a schema-valid, equal message`, () => {
      const codec = createContractCodec(contract);
      const validator = createPayloadValidator(contract);
      const operations = loadWsdlModel(contract).operations;
      try {
        for (const example of reference.examples.filter((e) => e.contract === contract.id && e.kind !== 'fault' && e.soapVersion === '1.1')) {
          const { payload } = parseEnvelope(example.xml);
          const value = codec.decode(payload);
          const op = operations.find((o) => o.name === example.operation)!;
          const element = example.kind === 'request' ? op.input : op.output;
          const xml = codec.encode(element, value);
          expect(validator.validateDocument(xml), `${example.operation} ${example.kind}`).to.deep.equal({ valid: true });
          expect(codec.decode(parseEnvelope(`<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>${xml}</e:Body></e:Envelope>`).payload)).to.deep.equal(value);
        }
      } finally {
        validator.dispose();
      }
    });
  }

  it('keeps repeated elements as arrays and single ones as values', () => {
    const codec = createContractCodec(findContract('cache-control')!);
    const example = reference.examples.find((e) => e.contract === 'cache-control' && e.operation === 'PublishEvents' && e.kind === 'request')!;
    const value = codec.decode(parseEnvelope(example.xml).payload);
    expect(value.event).to.be.an('array').with.length(1);
    const event = (value.event as Record<string, unknown>[])[0]!;
    expect(event.eventId).to.equal('event-1001');
    expect(event.aggregate).to.deep.equal({ aggregateType: 'ACCOUNT', aggregateId: 'account-1001' });
  });

  it('refuses values that do not fit the schema, naming the path', () => {
    const codec = createContractCodec(findContract('cache-control')!);
    const element = '{urn:dbp:cachecontrol:v1}GetLastSequence';
    expect(() => codec.encode(element, { aggregate: { aggregateType: 'ACCOUNT', aggregateId: 'a', colour: 'red' } })).to.throw(CodecError, 'GetLastSequence/aggregate/colour');
    expect(() => codec.encode(element, { aggregate: { aggregateType: 'ACCOUNT' } })).to.throw(CodecError, 'aggregateId: required element is missing');
    expect(() => codec.encode(element, { aggregate: { aggregateType: 'ACCOUNT', aggregateId: 1.5 } })).to.throw(CodecError, 'write amounts as decimal strings');
    expect(() => codec.encode('{urn:dbp:cachecontrol:v1}Nope', {})).to.throw(CodecError);
  });

  it('refuses envelopes with a DTD, of an unknown version, or without a payload', () => {
    const cases: [string, string][] = [
      ['<!DOCTYPE x [<!ENTITY a "b">]><x/>', 'DTD_FORBIDDEN'],
      ['<Envelope xmlns="urn:other"><Body><x/></Body></Envelope>', 'VERSION_MISMATCH'],
      ['<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/></soap:Envelope>', 'MALFORMED_REQUEST'],
      ['<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>', 'MALFORMED_REQUEST'],
    ];
    for (const [xml, code] of cases) {
      try {
        parseEnvelope(xml);
        expect.fail(`accepted ${xml}`);
      } catch (error) {
        expect(error).to.be.instanceOf(EnvelopeError);
        expect((error as EnvelopeError).code, xml).to.equal(code);
      }
    }
  });
});
