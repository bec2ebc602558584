/**
 * XSD validation of contract payloads with libxml2 (WebAssembly build): one compiled
 * schema per contract, loaded from the contract files with their imports.
 * Validates the payload element (the child of soap:Body), not the envelope.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ParseOption, XmlDocument, XmlLibError, XsdValidator, type XmlElement } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';
import { contractFile, type Contract } from './catalog.js';

/** Untrusted input: no entities, no DTD loading, no network, no external entities. */
const SAFE_PARSE = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

export interface ValidationIssue {
  readonly message: string;
  readonly line: number | undefined;
}

export type ValidationResult = { readonly valid: true } | { readonly valid: false; readonly issues: readonly ValidationIssue[] };

export interface PayloadValidator {
  /** Validates one element subtree, located in a parsed document. */
  validateElement(element: XmlElement): ValidationResult;
  /** Parses an XML document and validates its root element. */
  validateDocument(xml: string): ValidationResult;
  /**
   * Parses a SOAP 1.1 or 1.2 envelope and validates the first child of its Body, or for a
   * fault the first child of the fault's detail.
   */
  validateEnvelopePayload(xml: string): ValidationResult;
  dispose(): void;
}

let providersRegistered = false;

export function createPayloadValidator(contract: Contract): PayloadValidator {
  if (!providersRegistered) {
    xmlRegisterFsInputProviders();
    providersRegistered = true;
  }
  // By convention a contract's messages are in the .xsd beside its .wsdl.
  const path = contractFile(contract.wsdl.replace(/\.wsdl$/, '.xsd'));
  const schemaDocument = XmlDocument.fromString(readFileSync(path, 'utf8'), { url: pathToFileURL(path).href });
  let validator: XsdValidator;
  try {
    validator = XsdValidator.fromDoc(schemaDocument);
  } finally {
    schemaDocument.dispose();
  }

  const validateElement = (element: XmlElement): ValidationResult => {
    try {
      validator.validate(element);
      return { valid: true };
    } catch (error) {
      return { valid: false, issues: issuesOf(error) };
    }
  };
  const withDocument = (xml: string, pick: (document: XmlDocument) => XmlElement | null): ValidationResult => {
    let document: XmlDocument;
    try {
      document = XmlDocument.fromString(xml, { option: SAFE_PARSE });
    } catch (error) {
      return { valid: false, issues: issuesOf(error) };
    }
    try {
      const element = pick(document);
      return element ? validateElement(element) : { valid: false, issues: [{ message: 'no payload element', line: undefined }] };
    } finally {
      document.dispose();
    }
  };

  return {
    validateElement,
    validateDocument: (xml) => withDocument(xml, (document) => document.root),
    validateEnvelopePayload: (xml) =>
      withDocument(xml, (document) => {
        const body = document.root.get('*[local-name()="Body"]');
        const fault = body?.get('*[local-name()="Fault"]');
        const payload = fault ? fault.get('*[local-name()="detail" or local-name()="Detail"]/*[1]') : body?.get('*[1]');
        return payload && 'name' in payload ? (payload as XmlElement) : null;
      }),
    dispose: () => validator.dispose(),
  };
}

function issuesOf(error: unknown): ValidationIssue[] {
  if (error instanceof XmlLibError) {
    return error.details.map((detail) => ({ message: detail.message.trim(), line: detail.line }));
  }
  return [{ message: error instanceof Error ? error.message : String(error), line: undefined }];
}
