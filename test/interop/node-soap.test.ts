import { expect } from 'chai';
import { DOMParser, type Document } from '@xmldom/xmldom';
import * as soap from 'soap';
import { CONTRACTS, type Contract } from '../../common/contracts/catalog.js';
import { contractFileUrl, filesOf } from '../../common/contracts/http.js';
import { loadWsdlModel } from '../../common/contracts/wsdl-model.js';
import { serveContracts, sorted, wsdlUrl, type ServedContracts } from './support.js';

const SOAP11_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';
const SOAP12_NS = 'http://schemas.xmlsoap.org/wsdl/soap12/';

type Description = Record<string, Record<string, string[]>>;

/** `client.describe()` reduced to service → port → sorted operation names. */
function operationsByPort(described: unknown): Description {
  const result: Description = {};
  for (const [service, ports] of Object.entries(described as Record<string, Record<string, object>>)) {
    result[service] = {};
    for (const [port, operations] of Object.entries(ports)) result[service][port] = sorted(Object.keys(operations));
  }
  return result;
}

/** Runs `load` and returns what it, or anything it started, reported through console.warn/error or process warnings. */
async function capturingWarnings<T>(load: () => Promise<T>): Promise<{ value: T; warnings: string[] }> {
  const warnings: string[] = [];
  const { warn, error } = console;
  const onWarning = (warning: Error): void => void warnings.push(`process warning: ${warning.name}: ${warning.message}`);
  console.warn = (...args: unknown[]) => void warnings.push(`console.warn: ${args.map(String).join(' ')}`);
  console.error = (...args: unknown[]) => void warnings.push(`console.error: ${args.map(String).join(' ')}`);
  process.on('warning', onWarning);
  try {
    const value = await load();
    await new Promise((resolve) => setImmediate(resolve)); // process warnings are emitted on a later tick
    return { value, warnings };
  } finally {
    console.warn = warn;
    console.error = error;
    process.off('warning', onWarning);
  }
}

async function fetchXml(url: string): Promise<Document> {
  const response = await fetch(url);
  expect(response.status, `GET ${url}`).to.equal(200);
  return new DOMParser().parseFromString(await response.text(), 'text/xml');
}

describe('interop: node-soap loads every served WSDL', function () {
  let served: ServedContracts;

  before(async () => {
    served = await serveContracts();
  });

  after(async () => {
    await served?.close();
  });

  for (const contract of CONTRACTS) {
    describe(contract.id, () => {
      it('describes both ports with exactly the operations of the WSDL, without warnings', async () => {
        const operations = sorted(loadWsdlModel(contract).operations.map((operation) => operation.name));
        const { value: client, warnings } = await capturingWarnings(() => soap.createClientAsync(wsdlUrl(served.baseUrl, contract)));
        expect(warnings, 'node-soap warnings').to.deep.equal([]);
        expect(operationsByPort(client.describe())).to.deep.equal({
          [`${contract.name}Service`]: { [`${contract.name}Soap11`]: operations, [`${contract.name}Soap12`]: operations },
        });
      });

      it('serves soap:address at this endpoint and every schema at an absolute, query-free URL', async () => {
        await checkServedLinks(served.baseUrl, contract);
      });
    });
  }
});

async function checkServedLinks(baseUrl: string, contract: Contract): Promise<void> {
  const files = filesOf(contract.wsdl);
  const wsdl = await fetchXml(wsdlUrl(baseUrl, contract));
  const addresses = [SOAP11_NS, SOAP12_NS].flatMap((ns) =>
    Array.from(wsdl.getElementsByTagNameNS(ns, 'address')).map((address) => address.getAttribute('location')),
  );
  expect(addresses).to.deep.equal([`${baseUrl}${contract.endpointPath}`, `${baseUrl}${contract.endpointPath}`]);

  // Follow every schemaLocation from the WSDL through the schemas it reaches.
  const reached = new Set<string>();
  const pending = [wsdl];
  for (let document = pending.pop(); document; document = pending.pop()) {
    for (const element of Array.from(document.getElementsByTagName('*'))) {
      const location = element.getAttribute('schemaLocation') ?? element.getAttribute('location');
      if (location === null || element.localName === 'address') continue;
      expect(location.startsWith(`${baseUrl}/wsdl/`), `${location} is under ${baseUrl}/wsdl/`).to.equal(true);
      expect(location, 'schemaLocation').to.not.contain('?');
      if (reached.has(location)) continue;
      reached.add(location);
      pending.push(await fetchXml(location));
    }
  }
  expect(sorted(reached)).to.deep.equal(sorted(files.slice(1).map((file) => contractFileUrl(baseUrl, file))));
}
