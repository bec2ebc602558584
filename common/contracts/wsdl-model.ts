/**
 * Reads a contract's WSDL into a plain description: operations with their documentation,
 * wrapper elements, documented faults and retry rule, and the two SOAP bindings.
 */
import type { Element } from '@xmldom/xmldom';
import { contractFile, type Contract } from './catalog.js';
import {
  WSDL_NS,
  WSDL_SOAP11_NS,
  WSDL_SOAP12_NS,
  child,
  children,
  documentationText,
  readXml,
  resolveQName,
} from '../xml/dom.js';

export type RetryRule = 'safe' | 'safe with the same idempotencyKey' | 'not safe';

export interface OperationModel {
  readonly name: string;
  /** The prose of the operation's documentation, without the Faults: and Retry: lines. */
  readonly documentation: string;
  /** `{namespace}local` of the request wrapper element. */
  readonly input: string;
  readonly output: string;
  /** Fault codes listed in the `Faults:` line, in order. */
  readonly faultCodes: readonly string[];
  readonly retry: RetryRule | undefined;
  /** The full `Retry:` sentence(s). */
  readonly retryText: string | undefined;
  /** Fault message names declared in the portType. */
  readonly faults: readonly string[];
}

export interface BindingModel {
  readonly name: string;
  readonly soapVersion: '1.1' | '1.2';
  /** Operation name → soapAction. */
  readonly actions: ReadonlyMap<string, string>;
}

export interface PortModel {
  readonly name: string;
  readonly binding: string;
  readonly address: string;
}

export interface WsdlModel {
  readonly documentation: string | undefined;
  readonly targetNamespace: string;
  readonly portType: string;
  readonly operations: readonly OperationModel[];
  readonly bindings: readonly BindingModel[];
  readonly service: string;
  readonly ports: readonly PortModel[];
}

const RETRY_RULES: readonly RetryRule[] = ['safe with the same idempotencyKey', 'not safe', 'safe'];

export function loadWsdlModel(contract: Contract): WsdlModel {
  const definitions = readXml(contractFile(contract.wsdl)).documentElement;
  if (!definitions) throw new Error(`${contract.wsdl} is empty`);
  const targetNamespace = definitions.getAttribute('targetNamespace') ?? '';

  const messages = new Map<string, string>();
  for (const message of children(definitions, WSDL_NS, 'message')) {
    const part = child(message, WSDL_NS, 'part');
    const element = part?.getAttribute('element');
    if (part && element) messages.set(message.getAttribute('name') ?? '', resolveQName(part, element));
  }
  const elementOf = (node: Element | undefined): string => {
    const reference = node?.getAttribute('message');
    if (!node || !reference) throw new Error(`${contract.wsdl}: an operation lacks an input or output`);
    const local = resolveQName(node, reference).replace(/^\{[^}]*\}/, '');
    const element = messages.get(local);
    if (!element) throw new Error(`${contract.wsdl}: message ${local} has no element part`);
    return element;
  };

  const portTypes = children(definitions, WSDL_NS, 'portType');
  if (portTypes.length !== 1) throw new Error(`${contract.wsdl}: expected one portType, found ${portTypes.length}`);
  const portType = portTypes[0]!;
  const operations = children(portType, WSDL_NS, 'operation').map((operation): OperationModel => {
    const text = documentationText(child(operation, WSDL_NS, 'documentation')) ?? '';
    const faultsMatch = /Faults:\s*([A-Z0-9_,\s]+?)\.(?=\s|$)/.exec(text);
    const retryMatch = /Retry:\s*(.+)$/.exec(text);
    const retryText = retryMatch?.[1]?.trim();
    const end = Math.min(...[faultsMatch?.index, retryMatch?.index].filter((i): i is number => i !== undefined), text.length);
    return {
      name: operation.getAttribute('name') ?? '',
      documentation: text.slice(0, end).trim(),
      input: elementOf(child(operation, WSDL_NS, 'input')),
      output: elementOf(child(operation, WSDL_NS, 'output')),
      faultCodes: faultsMatch?.[1]?.split(',').map((code) => code.trim()).filter(Boolean) ?? [],
      retry: retryText ? RETRY_RULES.find((rule) => retryText.startsWith(rule)) : undefined,
      retryText,
      faults: children(operation, WSDL_NS, 'fault').map((fault) => fault.getAttribute('name') ?? ''),
    };
  });

  const bindings = children(definitions, WSDL_NS, 'binding').map((binding): BindingModel => {
    const soap12 = child(binding, WSDL_SOAP12_NS, 'binding') !== undefined;
    const soapNs = soap12 ? WSDL_SOAP12_NS : WSDL_SOAP11_NS;
    const actions = new Map<string, string>();
    for (const operation of children(binding, WSDL_NS, 'operation')) {
      actions.set(operation.getAttribute('name') ?? '', child(operation, soapNs, 'operation')?.getAttribute('soapAction') ?? '');
    }
    return { name: binding.getAttribute('name') ?? '', soapVersion: soap12 ? '1.2' : '1.1', actions };
  });

  const service = children(definitions, WSDL_NS, 'service')[0];
  if (!service) throw new Error(`${contract.wsdl}: no service`);
  const ports = children(service, WSDL_NS, 'port').map((port): PortModel => {
    const address = child(port, WSDL_SOAP11_NS, 'address') ?? child(port, WSDL_SOAP12_NS, 'address');
    return {
      name: port.getAttribute('name') ?? '',
      binding: resolveQName(port, port.getAttribute('binding') ?? '').replace(/^\{[^}]*\}/, ''),
      address: address?.getAttribute('location') ?? '',
    };
  });

  return {
    documentation: documentationText(child(definitions, WSDL_NS, 'documentation')),
    targetNamespace,
    portType: portType.getAttribute('name') ?? '',
    operations,
    bindings,
    service: service.getAttribute('name') ?? '',
    ports,
  };
}
