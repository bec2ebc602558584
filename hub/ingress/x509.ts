/**
 * X.509-signed requests (WS-Security X.509 Token Profile, XML-DSig through xml-crypto).
 * The key is always one of the certificates pinned for a source system, never one the
 * message offers: a certificate in the message only says which pinned one to try, and one
 * that is not pinned is refused. The signature must cover the Envelope's Body by its wsu:Id
 * (and, by default, a wsu:Timestamp, so that a signed message cannot be replayed later).
 * Against signature wrapping, what goes on is the signed Body itself: the canonical XML
 * that xml-crypto digested for that reference, never an element looked up again in the
 * unsigned document.
 */
import { X509Certificate } from 'node:crypto';
import { XMLSerializer, type Element as DomElement } from '@xmldom/xmldom';
import type { XmlDocument, XmlElement } from 'libxml2-wasm';
import { SignedXml } from 'xml-crypto';
import { SOAP11_ENV, SOAP12_ENV, type SoapVersion } from '../../common/soap/envelope.js';
import { children, parseXml } from '../../common/xml/dom.js';
import { HubError } from '../errors/catalog.js';
import { elementChildren, parseUntrusted } from './libxml.js';
import type { ReplayCache } from './replay-cache.js';
import { DS_NS, WSSE_NS, WSU_NS, X509_TOKEN, checkFreshness, parseWsTime, replayTtl } from './wss.js';

export interface PinnedCertificate {
  /** The principal a request signed with this certificate acts as. */
  readonly sourceSystem: string;
  /** The certificate, PEM. */
  readonly certificate: string;
}

export interface SignatureOptions {
  readonly certificates: readonly PinnedCertificate[];
  readonly requireSignedTimestamp: boolean;
  readonly allowSha1: boolean;
  readonly windowMs: number;
  readonly replay: ReplayCache;
  readonly now: () => number;
}

/** The verified Body, parsed from the signed bytes; the caller disposes `document`. */
export interface SignedBody {
  readonly sourceSystem: string;
  readonly document: XmlDocument;
  readonly payload: XmlElement;
}

export type SignatureVerifier = (xml: string, version: SoapVersion) => SignedBody;

const SHA1_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
const SHA1_DIGEST = 'http://www.w3.org/2000/09/xmldsig#sha1';

interface Pinned {
  readonly sourceSystem: string;
  readonly pem: string;
  readonly fingerprint: string;
  readonly certificate: X509Certificate;
}

const invalid = (message: string): HubError => new HubError('SIGNATURE_INVALID', message);

export function createSignatureVerifier(options: SignatureOptions): SignatureVerifier {
  const pinned: Pinned[] = options.certificates.map((entry) => {
    const certificate = new X509Certificate(entry.certificate);
    return { sourceSystem: entry.sourceSystem, pem: certificate.toString(), fingerprint: certificate.fingerprint256, certificate };
  });

  return (xml, version) => {
    const envNs = version === '1.1' ? SOAP11_ENV : SOAP12_ENV;
    const document = parseXml(xml, 'request');
    const envelope = document.documentElement;
    const body = envelope ? children(envelope, envNs, 'Body')[0] : undefined;
    const header = envelope ? children(envelope, envNs, 'Header')[0] : undefined;
    if (!body) throw invalid('the request has no Body to verify');
    const signatures = Array.from(document.getElementsByTagNameNS(DS_NS, 'Signature'));
    const security = header ? children(header, WSSE_NS, 'Security').filter((element) => children(element, DS_NS, 'Signature').length > 0) : [];
    if (signatures.length !== 1 || security.length !== 1) throw invalid('the request must carry exactly one ds:Signature, in its wsse:Security header');
    const signature = signatures[0]!;
    const bodyId = body.getAttributeNS(WSU_NS, 'Id');
    if (!bodyId) throw invalid('the Body has no wsu:Id, so the signature cannot cover it');

    const { verified, sourceSystem } = verifyWithPinned(xml, signature, candidatesFor(security[0]!, signature));
    const references = verified.getReferences();
    const signedBody = references.find((reference) => reference.uri === `#${bodyId}`)?.signedReference;
    if (signedBody === undefined) throw invalid('the signature does not cover the Body');

    if (options.requireSignedTimestamp) checkSignedTimestamp(security[0]!, references, signature);

    const signed = parseUntrusted(signedBody);
    try {
      const root = signed.root;
      const payloads = elementChildren(root);
      if (root.name !== 'Body' || root.namespaceUri !== envNs || payloads.length !== 1) throw invalid('the signed element is not a Body with one payload');
      return { sourceSystem, document: signed, payload: payloads[0]! };
    } catch (error) {
      signed.dispose();
      throw error;
    }
  };

  /** Pinned certificates to try: those the message names, or all when it names none. */
  function candidatesFor(security: DomElement, signature: DomElement): Pinned[] {
    const presented = [
      ...children(security, WSSE_NS, 'BinarySecurityToken').filter((token) => (token.getAttribute('ValueType') ?? X509_TOKEN) === X509_TOKEN),
      ...Array.from(signature.getElementsByTagNameNS(DS_NS, 'X509Certificate')),
    ].map((element) => {
      try {
        return new X509Certificate(Buffer.from((element.textContent ?? '').replace(/\s+/g, ''), 'base64')).fingerprint256;
      } catch {
        throw invalid('a certificate in the message cannot be read');
      }
    });
    if (presented.length === 0) return pinned;
    const candidates = pinned.filter((entry) => presented.includes(entry.fingerprint));
    if (candidates.length === 0) throw invalid('the signing certificate is not pinned for any source system');
    return candidates;
  }

  function verifyWithPinned(xml: string, signature: DomElement, candidates: readonly Pinned[]): { verified: SignedXml; sourceSystem: string } {
    const now = new Date(options.now());
    const signatureXml = new XMLSerializer().serializeToString(signature);
    for (const candidate of candidates) {
      if (now < new Date(candidate.certificate.validFrom) || now > new Date(candidate.certificate.validTo)) continue;
      // The key is the pinned certificate's; getCertFromKeyInfo never lets KeyInfo supply one.
      const verifier = new SignedXml({ publicCert: candidate.pem, getCertFromKeyInfo: () => null });
      if (!options.allowSha1) {
        delete verifier.SignatureAlgorithms[SHA1_SIGNATURE];
        delete verifier.HashAlgorithms[SHA1_DIGEST];
      }
      try {
        verifier.loadSignature(signatureXml);
        if (verifier.checkSignature(xml)) return { verified: verifier, sourceSystem: candidate.sourceSystem };
      } catch {
        // A wrong key, an unsupported algorithm or a malformed signature: try the next candidate.
      }
    }
    throw invalid('the signature does not verify against a pinned certificate');
  }

  function checkSignedTimestamp(security: DomElement, references: ReturnType<SignedXml['getReferences']>, signature: DomElement): void {
    const timestamp = children(security, WSU_NS, 'Timestamp')[0];
    const id = timestamp?.getAttributeNS(WSU_NS, 'Id');
    const signed = id ? references.find((reference) => reference.uri === `#${id}`)?.signedReference : undefined;
    if (signed === undefined) throw invalid('the signature must cover a wsu:Timestamp in the Security header');
    const root = parseXml(signed, 'timestamp').documentElement;
    const created = root && root.namespaceURI === WSU_NS && root.localName === 'Timestamp' ? children(root, WSU_NS, 'Created')[0]?.textContent?.trim() : undefined;
    if (!created) throw invalid('the signed Timestamp has no Created time');
    const now = options.now();
    const createdAt = parseWsTime(created, 'the Timestamp Created time');
    checkFreshness(createdAt, now, options.windowMs, 'the Timestamp Created time');
    const expires = children(root!, WSU_NS, 'Expires')[0]?.textContent?.trim();
    if (expires && parseWsTime(expires, 'the Timestamp Expires time') < now - options.windowMs) throw new HubError('TOKEN_EXPIRED', 'the Timestamp has expired');
    const value = children(signature, DS_NS, 'SignatureValue')[0]?.textContent?.replace(/\s+/g, '') ?? '';
    if (!options.replay.remember(`sig\u0000${value}`, replayTtl(createdAt, now, options.windowMs))) {
      throw new HubError('TOKEN_REPLAYED', 'this signed message was already received; sign a new one');
    }
  }
}
