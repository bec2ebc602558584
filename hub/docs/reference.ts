/**
 * Renders the contracts into a browsable HTML reference: an index, one page per
 * contract (operations with request and response trees, field documentation, faults,
 * example envelopes), the shared types and the fault catalog, plus the raw contract
 * files so that every link works offline. Returns pages in memory; `writeReference`
 * puts them on disk and the hub serves the same map at /docs.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTRACTS, contractFile, type Contract } from '../../common/contracts/catalog.js';
import { filesOf } from '../../common/contracts/http.js';
import {
  contentOf,
  loadSchemaSet,
  type ComplexType,
  type ElementDecl,
  type Particle,
  type SchemaSet,
  type SimpleType,
} from '../../common/contracts/schema-model.js';
import { loadWsdlModel, type OperationModel, type WsdlModel } from '../../common/contracts/wsdl-model.js';
import { XSD_NS, localOf, qname } from '../../common/xml/dom.js';
import { CMN_NS, buildEnvelope, buildFault } from '../../common/soap/envelope.js';
import { escapeXml as escape, exampleXml } from './examples.js';
import { STYLE } from './style.js';

const CMN = CMN_NS;
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const MAX_TREE_DEPTH = 10;
const MAX_INLINE_VALUES = 12;

/** One example envelope, kept apart so that the tests can validate each. */
export interface ExampleEnvelope {
  readonly contract: Contract['id'];
  readonly operation: string;
  readonly kind: 'request' | 'response' | 'fault';
  readonly soapVersion: '1.1' | '1.2';
  readonly xml: string;
}

export interface Reference {
  /** Relative path → content. */
  readonly files: ReadonlyMap<string, string>;
  readonly examples: readonly ExampleEnvelope[];
}

interface ContractDocs {
  readonly contract: Contract;
  readonly wsdl: WsdlModel;
  readonly schema: SchemaSet;
  readonly prefixes: ReadonlyMap<string, string>;
}

export function buildReference(contracts: readonly Contract[] = CONTRACTS): Reference {
  const files = new Map<string, string>();
  const examples: ExampleEnvelope[] = [];
  const docs = contracts.map((contract): ContractDocs => {
    return {
      contract,
      wsdl: loadWsdlModel(contract),
      schema: loadSchemaSet(contract.wsdl),
      prefixes: new Map([[contract.namespace, contract.prefix], [CMN, 'cmn']]),
    };
  });

  for (const item of docs) {
    files.set(`${item.contract.id}.html`, contractPage(item, examples));
    for (const file of filesOf(item.contract.wsdl)) files.set(`contracts/${file}`, readFileSync(contractFile(file), 'utf8'));
  }
  const common = docs[0]?.schema;
  if (common) {
    files.set('common.html', commonPage(common));
    files.set('faults.html', faultsPage(common));
  }
  files.set('index.html', indexPage(docs));
  return { files, examples };
}

export async function writeReference(outDir: string): Promise<string[]> {
  const { files } = buildReference();
  const written: string[] = [];
  for (const [relative, content] of files) {
    const target = path.join(outDir, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    written.push(target);
  }
  return written;
}

// ---------------------------------------------------------------------------------------
// Pages

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} — DBP Integration Hub</title>
<style>${STYLE}</style>
</head>
<body>
<nav class="top"><a href="index.html">DBP contracts</a> · ${CONTRACTS.map((c) => `<a href="${c.id}.html">${escape(c.name)}</a>`).join(' · ')} · <a href="common.html">Common types</a> · <a href="faults.html">Fault codes</a></nav>
<main>
${body}
</main>
</body>
</html>
`;
}

function indexPage(docs: readonly ContractDocs[]): string {
  const rows = docs
    .map(
      ({ contract, wsdl }) => `<tr><td><a href="${contract.id}.html">${escape(contract.name)}</a></td><td>${escape(contract.title)}</td>
<td>${contract.implementedBy === 'bank' ? 'the bank (the hub calls it)' : 'the hub (the back offices call it)'}</td>
<td><code>${escape(contract.namespace)}</code></td><td>${wsdl.operations.length}</td><td><a href="contracts/${contract.wsdl}">WSDL</a></td></tr>`,
    )
    .join('\n');
  return page(
    'Contracts',
    `<h1>DBP Integration Hub — SOAP contracts</h1>
<p>WSDL 1.1 with XML Schema, document/literal wrapped, with a SOAP 1.1 and a SOAP 1.2 binding on the same endpoint.
Every namespace carries its version (<code>…:v1</code>); a published version is never changed in place, a breaking change is a new version beside it.
Money is a decimal string plus an ISO 4217 code; every fault carries a stable code from <a href="faults.html">the catalog</a>.</p>
<table><thead><tr><th>Contract</th><th>What</th><th>Implemented by</th><th>Namespace</th><th>Operations</th><th>File</th></tr></thead>
<tbody>${rows}</tbody></table>
<h2>Implementing a contract</h2>
<ol>
<li>Generate a server skeleton from the WSDL with your toolkit (JAX-WS <code>wsimport</code>, .NET <code>dotnet-svcutil</code>, PHP <code>SoapServer</code>, Python <code>spyne</code>/<code>zeep</code>), or serve the WSDL as it is.</li>
<li>Answer every operation with the documented response; report errors as SOAP faults whose detail is <code>ServiceFault</code> with a code from the operation's fault list.</li>
<li>Honour idempotency keys: a repeated key with the same content returns the first result and never executes twice.</li>
<li>Run the conformance kit against your endpoint: <code>dbp-hub conformance &lt;contract&gt; --url &lt;endpoint&gt;</code>.</li>
</ol>`,
  );
}

function contractPage(docs: ContractDocs, examples: ExampleEnvelope[]): string {
  const { contract, wsdl } = docs;
  const toc = wsdl.operations.map((op) => `<li><a href="#op-${op.name}">${op.name}</a> <span class="retry">${escape(op.retry ?? '')}</span></li>`).join('\n');
  const operations = wsdl.operations.map((op) => operationSection(docs, op, examples)).join('\n');
  const ownTypes = typesSection(docs.schema, contract.namespace, docs.prefixes);
  const bindings = wsdl.bindings
    .map((binding) => `<li><code>${escape(binding.name)}</code>: SOAP ${binding.soapVersion}</li>`)
    .join('');
  return page(
    contract.name,
    `<h1>${escape(contract.name)} <span class="ns">${escape(contract.namespace)}</span></h1>
<p>${escape(wsdl.documentation ?? '')}</p>
<dl class="facts">
<dt>Implemented by</dt><dd>${contract.implementedBy === 'bank' ? 'the bank; the hub calls it' : 'the hub; the back offices call it'}</dd>
<dt>Endpoint</dt><dd><code>${escape(contract.endpointPath)}</code> (WSDL at <code>${escape(contract.endpointPath)}?wsdl</code>)</dd>
<dt>Files</dt><dd>${filesOf(contract.wsdl).map((file) => `<a href="contracts/${file}">${escape(file)}</a>`).join(', ')}</dd>
<dt>Bindings</dt><dd><ul>${bindings}</ul></dd>
</dl>
<h2>Operations</h2>
<ul class="toc">${toc}</ul>
${operations}
<h2 id="types">Types of this contract</h2>
${ownTypes}`,
  );
}

function operationSection(docs: ContractDocs, op: OperationModel, examples: ExampleEnvelope[]): string {
  const { contract, schema, prefixes, wsdl } = docs;
  const action = wsdl.bindings[0]?.actions.get(op.name) ?? '';
  const request = envelopes(docs, op.name, 'request', exampleXml(schema, op.input, prefixes, '    '), examples);
  const response = envelopes(docs, op.name, 'response', exampleXml(schema, op.output, prefixes, '    '), examples);
  const faultCode = op.faultCodes.find((code) => code.endsWith('_NOT_FOUND')) ?? op.faultCodes[0] ?? 'INTERNAL_ERROR';
  const fault = {
    code: faultCode,
    message: faultMessage(schema, faultCode),
    retryable: false,
    correlationId: 'req-7f3a9c',
    receiverFault: ['INTERNAL_ERROR', 'SERVICE_UNAVAILABLE', 'TIMEOUT'].includes(faultCode),
  };
  const fault11 = buildFault('1.1', contract, fault);
  const fault12 = buildFault('1.2', contract, fault);
  examples.push({ contract: contract.id, operation: op.name, kind: 'fault', soapVersion: '1.1', xml: fault11 });
  examples.push({ contract: contract.id, operation: op.name, kind: 'fault', soapVersion: '1.2', xml: fault12 });
  const faultCatalog = faultDocs(schema);
  const faultRows = op.faultCodes
    .map((code) => `<tr><td><a href="faults.html#${code}"><code>${code}</code></a></td><td>${escape(faultCatalog.get(code) ?? '')}</td></tr>`)
    .join('');
  return `<section class="operation" id="op-${op.name}">
<h3>${op.name}</h3>
<p>${escape(op.documentation)}</p>
<p class="retry"><strong>Retry:</strong> ${escape(op.retryText ?? 'not documented')}</p>
<p class="action">SOAP 1.1 <code>SOAPAction: "${escape(action)}"</code> · SOAP 1.2 <code>Content-Type: application/soap+xml; charset=utf-8; action="${escape(action)}"</code></p>
<h4>Request <code>${escape(qualified(op.input, prefixes))}</code></h4>
${tree(schema, op.input, prefixes)}
<h4>Response <code>${escape(qualified(op.output, prefixes))}</code></h4>
${tree(schema, op.output, prefixes)}
<h4>Faults</h4>
<p>Every fault's detail is <code>${contract.prefix}:ServiceFault</code> (<a href="common.html#type-FaultDetail">cmn:FaultDetail</a>).</p>
<table class="faults"><thead><tr><th>Code</th><th>Meaning</th></tr></thead><tbody>${faultRows}</tbody></table>
<h4>Example</h4>
<details open><summary>SOAP 1.1 request</summary><pre>${escape(request.soap11)}</pre></details>
<details><summary>SOAP 1.1 response</summary><pre>${escape(response.soap11)}</pre></details>
<details><summary>SOAP 1.1 fault</summary><pre>${escape(fault11)}</pre></details>
<details><summary>SOAP 1.2 request</summary><pre>${escape(request.soap12)}</pre></details>
<details><summary>SOAP 1.2 response</summary><pre>${escape(response.soap12)}</pre></details>
<details><summary>SOAP 1.2 fault</summary><pre>${escape(fault12)}</pre></details>
</section>`;
}

function commonPage(schema: SchemaSet): string {
  const prefixes = new Map([[CMN, 'cmn']]);
  return page(
    'Common types',
    `<h1>Common types <span class="ns">${CMN}</span></h1>
<p>${escape(schema.schemaDocs.get(CMN) ?? '')}</p>
<p>File: <a href="contracts/common/v1/common.xsd">common/v1/common.xsd</a>.</p>
${typesSection(schema, CMN, prefixes)}`,
  );
}

function faultsPage(schema: SchemaSet): string {
  const codes = schema.simpleTypes.get(qname(CMN, 'FaultCode'));
  const rows = (codes?.facets.enumerations ?? [])
    .map((item) => `<tr id="${item.value}"><td><code>${item.value}</code></td><td>${escape(item.documentation ?? '')}</td></tr>`)
    .join('\n');
  return page(
    'Fault codes',
    `<h1>Fault codes</h1>
<p>${escape(codes?.documentation ?? '')}</p>
<p>SOAP 1.1 faults are answered with HTTP 500 and <code>faultcode</code> <code>soap:Client</code> (the request must change) or
<code>soap:Server</code> (the receiver failed); SOAP 1.2 faults use <code>env:Sender</code> and <code>env:Receiver</code>.
The detail always holds a <a href="common.html#type-FaultDetail">FaultDetail</a> with the code, a message, <code>retryable</code>
and, where it helps, the offending field and a correlation id.</p>
<table><thead><tr><th>Code</th><th>Meaning and retry</th></tr></thead><tbody>
${rows}
</tbody></table>`,
  );
}

// ---------------------------------------------------------------------------------------
// Envelopes

function envelopes(
  docs: ContractDocs,
  operation: string,
  kind: 'request' | 'response',
  payload: string,
  examples: ExampleEnvelope[],
): { soap11: string; soap12: string } {
  const headers = kind === 'request' ? requestHeaders(docs.contract) : '';
  const soap11 = buildEnvelope('1.1', payload, headers);
  const soap12 = buildEnvelope('1.2', payload, headers);
  examples.push({ contract: docs.contract.id, operation, kind, soapVersion: '1.1', xml: soap11 });
  examples.push({ contract: docs.contract.id, operation, kind, soapVersion: '1.2', xml: soap12 });
  return { soap11, soap12 };
}

function requestHeaders(contract: Contract): string {
  const trace = `    <cmn:TraceContext xmlns:cmn="${CMN}">
      <cmn:traceparent>00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01</cmn:traceparent>
    </cmn:TraceContext>`;
  if (contract.implementedBy === 'bank') return trace;
  return `    <wsse:Security xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}">
      <wsse:UsernameToken>
        <wsse:Username>core-banking</wsse:Username>
        <wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">rB2qVxd5Wm0uMFAYlBvDXV0nfjQ=</wsse:Password>
        <wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">tKUH8ab3Rokm4t6IAlgcdg==</wsse:Nonce>
        <wsu:Created>2026-11-24T09:30:00Z</wsu:Created>
      </wsse:UsernameToken>
    </wsse:Security>
${trace}`;
}

function faultDocs(schema: SchemaSet): Map<string, string> {
  const codes = schema.simpleTypes.get(qname(CMN, 'FaultCode'))?.facets.enumerations ?? [];
  return new Map(codes.map((item) => [item.value, item.documentation ?? '']));
}

function faultMessage(schema: SchemaSet, code: string): string {
  const text = faultDocs(schema).get(code) ?? code;
  return text.split('. ')[0]?.replace(/\.$/, '') ?? code;
}

// ---------------------------------------------------------------------------------------
// Trees and types

function qualified(name: string, prefixes: ReadonlyMap<string, string>): string {
  const namespace = name.slice(1, name.indexOf('}'));
  if (namespace === XSD_NS) return `xs:${localOf(name)}`;
  const prefix = prefixes.get(namespace) ?? (namespace === CMN ? 'cmn' : undefined);
  return prefix ? `${prefix}:${localOf(name)}` : localOf(name);
}

function typeLink(name: string, prefixes: ReadonlyMap<string, string>): string {
  const namespace = name.slice(1, name.indexOf('}'));
  const label = escape(qualified(name, prefixes));
  if (namespace === XSD_NS) return `<code>${label}</code>`;
  const pageName = namespace === CMN ? 'common.html' : '';
  return `<a href="${pageName}#type-${localOf(name)}"><code>${label}</code></a>`;
}

function tree(schema: SchemaSet, element: string, prefixes: ReadonlyMap<string, string>): string {
  const declaration = schema.elements.get(element);
  if (!declaration) throw new Error(`element ${element} is not defined`);
  const rows: string[] = [];
  const type = typeof declaration.type === 'string' ? schema.complexTypes.get(declaration.type) : declaration.type;
  if (type?.kind === 'complex') rows.push(...complexRows(schema, type, prefixes, 0, new Set()));
  if (rows.length === 0) return '<p class="empty">No fields.</p>';
  return `<table class="tree"><thead><tr><th>Field</th><th>Type</th><th>Occurs</th><th>Description</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function complexRows(schema: SchemaSet, type: ComplexType, prefixes: ReadonlyMap<string, string>, depth: number, stack: Set<string>): string[] {
  return particleRows(schema, contentOf(schema, type), prefixes, depth, stack);
}

function particleRows(
  schema: SchemaSet,
  particles: readonly Particle[],
  prefixes: ReadonlyMap<string, string>,
  depth: number,
  stack: Set<string>,
): string[] {
  const rows: string[] = [];
  for (const particle of particles) {
    if (particle.kind === 'element') {
      rows.push(...elementRows(schema, particle, prefixes, depth, stack));
    } else if (particle.kind === 'choice') {
      rows.push(
        `<tr class="choice"><td style="padding-left:${depth * 1.25 + 0.5}rem" colspan="2"><em>one of</em></td><td>${occursLabel(particle.minOccurs, particle.maxOccurs)}</td><td>${escape(particle.documentation ?? '')}</td></tr>`,
      );
      rows.push(...particleRows(schema, particle.particles, prefixes, depth + 1, stack));
    } else {
      rows.push(...particleRows(schema, particle.particles, prefixes, depth, stack));
    }
  }
  return rows;
}

function elementRows(schema: SchemaSet, element: ElementDecl, prefixes: ReadonlyMap<string, string>, depth: number, stack: Set<string>): string[] {
  const named = typeof element.type === 'string' ? element.type : undefined;
  const type = named ? (schema.complexTypes.get(named) ?? schema.simpleTypes.get(named)) : (element.type as ComplexType | SimpleType);
  const typeCell = named ? typeLink(named, prefixes) : type?.kind === 'complex' ? '<em>structure</em>' : simpleSummary(type, prefixes);
  const description = [escape(element.documentation ?? '')];
  if (type?.kind === 'simple') {
    // Long code lists (the fault catalog) are linked, not repeated in every tree.
    const long = named !== undefined && type.facets.enumerations.length > MAX_INLINE_VALUES;
    description.push(long ? `One of ${type.facets.enumerations.length} codes, see ${typeLink(named, prefixes)}.` : facetsHtml(type));
  }
  if (element.defaultValue !== undefined) description.push(`Default <code>${escape(element.defaultValue)}</code>.`);
  const rows = [
    `<tr><td style="padding-left:${depth * 1.25 + 0.5}rem"><code>${escape(localOf(element.name))}</code></td><td>${typeCell}</td><td>${occursLabel(element.minOccurs, element.maxOccurs)}</td><td>${description.join(' ')}</td></tr>`,
  ];
  if (type?.kind === 'complex' && depth < MAX_TREE_DEPTH && !(named && stack.has(named))) {
    if (named) stack.add(named);
    rows.push(...complexRows(schema, type, prefixes, depth + 1, stack));
    if (named) stack.delete(named);
  }
  return rows;
}

function simpleSummary(type: SimpleType | undefined, prefixes: ReadonlyMap<string, string>): string {
  if (!type) return '';
  return `${typeLink(type.base, prefixes)} <em>restricted</em>`;
}

function facetsHtml(type: SimpleType): string {
  const parts: string[] = [];
  const { facets } = type;
  if (facets.enumerations.length > 0) {
    parts.push(
      `<ul class="enum">${facets.enumerations.map((item) => `<li><code>${escape(item.value)}</code> — ${escape(item.documentation ?? '')}</li>`).join('')}</ul>`,
    );
  }
  for (const pattern of facets.patterns) parts.push(`Pattern <code>${escape(pattern)}</code>.`);
  if (facets.length !== undefined) parts.push(`Length ${facets.length}.`);
  if (facets.minLength !== undefined || facets.maxLength !== undefined) {
    parts.push(`Length ${facets.minLength ?? 0}–${facets.maxLength ?? '∞'}.`);
  }
  if (facets.minInclusive !== undefined || facets.maxInclusive !== undefined) {
    parts.push(`Range ${facets.minInclusive ?? '−∞'}–${facets.maxInclusive ?? '∞'}.`);
  }
  return parts.join(' ');
}

function occursLabel(min: number, max: number | 'unbounded'): string {
  if (min === 1 && max === 1) return '1';
  if (min === 0 && max === 1) return '0..1';
  return `${min}..${max === 'unbounded' ? '*' : max}`;
}

function typesSection(schema: SchemaSet, namespace: string, prefixes: ReadonlyMap<string, string>): string {
  const sections: string[] = [];
  const inNamespace = <T>(map: ReadonlyMap<string, T>): [string, T][] =>
    [...map].filter(([name]) => name.startsWith(`{${namespace}}`)).sort(([a], [b]) => a.localeCompare(b));
  for (const [name, type] of inNamespace(schema.complexTypes)) {
    const rows = complexRows(schema, type, prefixes, 0, new Set([name]));
    const base = type.base ? `<p>Extends ${typeLink(type.base, prefixes)}.</p>` : '';
    sections.push(`<section class="type" id="type-${localOf(name)}"><h3>${escape(localOf(name))} <span class="kind">complex type</span></h3>
<p>${escape(type.documentation ?? '')}</p>${base}
<table class="tree"><thead><tr><th>Field</th><th>Type</th><th>Occurs</th><th>Description</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`);
  }
  for (const [name, type] of inNamespace(schema.simpleTypes)) {
    sections.push(`<section class="type" id="type-${localOf(name)}"><h3>${escape(localOf(name))} <span class="kind">simple type, ${typeLink(type.base, prefixes)}</span></h3>
<p>${escape(type.documentation ?? '')}</p><div>${facetsHtml(type)}</div></section>`);
  }
  return sections.join('\n');
}
