import { expect } from 'chai';
import type { SoapVersion } from '../../common/soap/envelope.js';
import {
  VERSIONS,
  WSU,
  expectFault,
  expectSuccess,
  makeCertificates,
  post,
  publishEventsPayload,
  signedRequest,
  startIngress,
  type RunningIngress,
  type TestCertificate,
} from './support.js';

const prefix = (version: SoapVersion): string => (version === '1.1' ? 'soap' : 'env');
const BODY = (version: SoapVersion): RegExp => new RegExp(`<${prefix(version)}:Body[\\s\\S]*</${prefix(version)}:Body>`);

describe('ingress WS-Security X.509 signatures', function () {
  this.timeout(60_000);
  let certificates: Record<string, TestCertificate>;
  let hub: RunningIngress;

  before(async () => {
    certificates = makeCertificates(['core', 'cards', 'rogue']);
    hub = await startIngress({
      security: {
        certificates: [
          { sourceSystem: 'CORE_BANKING', certificate: certificates.core!.certificate },
          { sourceSystem: 'CARDS', certificate: certificates.cards!.certificate },
        ],
      },
    });
  });
  beforeEach(() => {
    hub.calls.length = 0;
  });
  after(() => hub?.stop());

  for (const version of VERSIONS) {
    describe(`SOAP ${version}`, () => {
      it('accepts a request signed with a pinned certificate and acts as its source system', async () => {
        expectSuccess(await post(hub.endpoint, version, signedRequest(version, certificates.core!)), version);
        expectSuccess(await post(hub.endpoint, version, signedRequest(version, certificates.cards!, { payload: publishEventsPayload(1, 'ev-cards') })), version);
        expect(hub.calls.map((call) => call.context.sourceSystem)).to.deep.equal(['CORE_BANKING', 'CARDS']);
        expect((hub.calls[1]!.request.event as Record<string, unknown>[])[0]!.eventId).to.equal('ev-cards');
      });

      it('refuses a signature that does not cover the Body with SIGNATURE_INVALID', async () => {
        expectFault(await post(hub.endpoint, version, signedRequest(version, certificates.core!, { cover: ['Timestamp'] })), version, 'SIGNATURE_INVALID');
        expect(hub.calls).to.have.length(0);
      });

      it('refuses a wrapping attack (signed Body moved, unsigned Body in its place) with SIGNATURE_INVALID', async () => {
        const signed = signedRequest(version, certificates.core!);
        const signedBody = BODY(version).exec(signed)![0];
        const evil = `<${prefix(version)}:Body>${publishEventsPayload(1, 'ev-evil')}</${prefix(version)}:Body>`;
        const evilWithId = `<${prefix(version)}:Body xmlns:wsu="${WSU}" wsu:Id="Body-1">${publishEventsPayload(1, 'ev-evil')}</${prefix(version)}:Body>`;
        const evilWithOwnId = evilWithId.replace('wsu:Id="Body-1"', 'wsu:Id="Body-2"');
        const wrapped = `<x:Wrapper xmlns:x="urn:attacker">${signedBody}</x:Wrapper>`;
        const attacks = [
          // The signed Body in an optional header, a fresh Body without an Id.
          signed.replace(signedBody, evil).replace('</wsse:Security>', `</wsse:Security>${wrapped}`),
          // The same, the fresh Body claiming the signed Body's Id.
          signed.replace(signedBody, evilWithId).replace('</wsse:Security>', `</wsse:Security>${wrapped}`),
          // The same, the fresh Body with an Id of its own that the signature does not reference.
          signed.replace(signedBody, evilWithOwnId).replace('</wsse:Security>', `</wsse:Security>${wrapped}`),
          // The signed Body hidden inside the Security header itself.
          signed.replace(signedBody, evil).replace('</wsse:Security>', `${wrapped}</wsse:Security>`),
          // The signed Body after the real one (SOAP 1.1 allows trailing elements).
          signed.replace(signedBody, `${evil}${wrapped}`),
        ];
        for (const attack of attacks) {
          const answer = await post(hub.endpoint, version, attack);
          expectFault(answer, version, version === '1.2' && attack.includes(`${evil}${wrapped}`) ? 'MALFORMED_REQUEST' : 'SIGNATURE_INVALID');
        }
        expect(hub.calls, 'the unsigned Body must never reach the handler').to.have.length(0);
      });

      it('refuses a certificate that is not pinned with SIGNATURE_INVALID', async () => {
        expectFault(await post(hub.endpoint, version, signedRequest(version, certificates.rogue!)), version, 'SIGNATURE_INVALID');
        expect(hub.calls).to.have.length(0);
      });

      it('never takes the key from KeyInfo: a rogue signature naming a pinned certificate is refused', async () => {
        const rogue = signedRequest(version, certificates.rogue!);
        const pinnedBase64 = certificates.core!.certificate.replace(/-----[^-]+-----|\s/g, '');
        const disguised = rogue.replace(/<ds:X509Certificate>[^<]*<\/ds:X509Certificate>/, `<ds:X509Certificate>${pinnedBase64}</ds:X509Certificate>`);
        expect(disguised).to.contain(pinnedBase64);
        expectFault(await post(hub.endpoint, version, disguised), version, 'SIGNATURE_INVALID');
        const withoutKeyInfo = rogue.replace(/<ds:KeyInfo>[\s\S]*<\/ds:KeyInfo>/, '');
        expectFault(await post(hub.endpoint, version, withoutKeyInfo), version, 'SIGNATURE_INVALID');
        expect(hub.calls).to.have.length(0);
      });

      it('refuses a Body changed after signing with SIGNATURE_INVALID', async () => {
        const tampered = signedRequest(version, certificates.core!).replace('>10.00<', '>10000.00<');
        expect(tampered).to.contain('10000.00');
        expectFault(await post(hub.endpoint, version, tampered), version, 'SIGNATURE_INVALID');
        expect(hub.calls).to.have.length(0);
      });

      it('refuses a replayed signed message with TOKEN_REPLAYED and an old one with TOKEN_EXPIRED', async () => {
        const signed = signedRequest(version, certificates.core!);
        expectSuccess(await post(hub.endpoint, version, signed), version);
        expectFault(await post(hub.endpoint, version, signed), version, 'TOKEN_REPLAYED');
        expectFault(await post(hub.endpoint, version, signedRequest(version, certificates.core!, { created: new Date(Date.now() - 10 * 60_000) })), version, 'TOKEN_EXPIRED');
        expect(hub.calls).to.have.length(1);
      });

      it('requires the Timestamp to be signed too', async () => {
        expectFault(await post(hub.endpoint, version, signedRequest(version, certificates.core!, { cover: ['Body'] })), version, 'SIGNATURE_INVALID');
        expect(hub.calls).to.have.length(0);
      });
    });
  }

  it('accepts a Body-only signature when signed timestamps are not required', async () => {
    const lenient = await startIngress({
      security: { certificates: [{ sourceSystem: 'CORE_BANKING', certificate: certificates.core!.certificate }], requireSignedTimestamp: false },
    });
    try {
      expectSuccess(await post(lenient.endpoint, '1.1', signedRequest('1.1', certificates.core!, { cover: ['Body'] })), '1.1');
      expect(lenient.calls[0]!.context.sourceSystem).to.equal('CORE_BANKING');
    } finally {
      await lenient.stop();
    }
  });
});
