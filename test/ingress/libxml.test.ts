import { expect } from 'chai';
import { CONTRACTS, findContract } from '../../common/contracts/catalog.js';
import { CodecError, type PlainObject } from '../../common/soap/codec.js';
import { createContractCodec } from '../../common/soap/contract-codec.js';
import { parseEnvelope } from '../../common/soap/envelope.js';
import { buildReference } from '../../hub/docs/reference.js';
import { childRefs, nodeReader, parseUntrusted, refOf } from '../../hub/ingress/libxml.js';

/** The payload of a SOAP 1.1 envelope decoded in place from libxml2's tree, as the ingress does. */
function decodeInPlace(codec: ReturnType<typeof createContractCodec>, xml: string): PlainObject {
  const document = parseUntrusted(xml);
  try {
    const envelope = refOf(document.root);
    const body = childRefs(envelope).at(-1)!;
    return codec.decode(childRefs(body)[0]!, nodeReader());
  } finally {
    document.dispose();
  }
}

describe('ingress: decoding libxml2 nodes in place', () => {
  const reference = buildReference();

  for (const contract of CONTRACTS) {
    it(`${contract.name}: every example message reads the same as through the DOM`, () => {
      const codec = createContractCodec(contract);
      const examples = reference.examples.filter((e) => e.contract === contract.id && e.kind !== 'fault' && e.soapVersion === '1.1');
      expect(examples.length).to.be.greaterThan(0);
      for (const example of examples) {
        expect(decodeInPlace(codec, example.xml), `${example.operation} ${example.kind}`).to.deep.equal(codec.decode(parseEnvelope(example.xml).payload));
      }
    });
  }

  it('refuses what does not fit the schema with the same path as the DOM', () => {
    const codec = createContractCodec(findContract('cache-control')!);
    const envelope = (payload: string) =>
      `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><cc:GetLastSequence xmlns:cc="urn:dbp:cachecontrol:v1">${payload}</cc:GetLastSequence></e:Body></e:Envelope>`;
    const cases: [string, string][] = [
      ['<cc:aggregate><cc:aggregateType>ACCOUNT</cc:aggregateType></cc:aggregate>', 'GetLastSequence/aggregate/aggregateId: required element is missing'],
      ['<cc:aggregate><cc:aggregateType>ACCOUNT<cc:x/></cc:aggregateType><cc:aggregateId>a</cc:aggregateId></cc:aggregate>', 'GetLastSequence/aggregate/aggregateType/x: unexpected element in a simple value'],
      ['<cc:aggregate><cc:aggregateType>ACCOUNT</cc:aggregateType><cc:aggregateId>a</cc:aggregateId><cc:colour/></cc:aggregate>', 'GetLastSequence/aggregate/colour: unexpected element'],
    ];
    for (const [payload, message] of cases) {
      const xml = envelope(payload);
      expect(() => codec.decode(parseEnvelope(xml).payload), payload).to.throw(CodecError, message);
      expect(() => decodeInPlace(codec, xml), payload).to.throw(CodecError, message);
    }
  });
});
