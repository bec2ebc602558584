import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { CONTRACTS, findContract } from '../../common/contracts/catalog.js';
import { createContractHandler, filesOf, type ContractHandlerOptions } from '../../common/contracts/http.js';

async function serve(options: ContractHandlerOptions): Promise<{ base: string; server: Server }> {
  const handle = createContractHandler(options);
  const server = createServer((req, res) => {
    if (!handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('serving the contracts over HTTP', () => {
  const cacheControl = findContract('cache-control')!;
  let base: string;
  let server: Server;

  before(async () => ({ base, server } = await serve({ contracts: [cacheControl] })));
  after(() => server.close());

  it('serves the WSDL at <endpoint>?wsdl with soap:address at this endpoint and absolute schema locations', async () => {
    const response = await fetch(`${base}/soap/CacheControl?wsdl`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.contain('xml');
    const wsdl = await response.text();
    const addresses = [...wsdl.matchAll(/address location="([^"]+)"/g)].map((match) => match[1]);
    expect(addresses).to.deep.equal([`${base}/soap/CacheControl`, `${base}/soap/CacheControl`]);
    const locations = [...wsdl.matchAll(/schemaLocation="([^"]+)"/g)].map((match) => match[1]);
    expect(locations).to.deep.equal([`${base}/wsdl/cache-control/v1/CacheControl.xsd`]);
  });

  it('serves every imported schema at its absolute, query-free URL, with its own imports absolute', async () => {
    for (const file of filesOf(cacheControl.wsdl).filter((name) => name.endsWith('.xsd'))) {
      const response = await fetch(`${base}/wsdl/${file}`);
      expect(response.status, file).to.equal(200);
      const text = await response.text();
      for (const [, location] of text.matchAll(/schemaLocation="([^"]+)"/g)) {
        expect(location).to.match(new RegExp(`^${base}/wsdl/[^?]+\\.xsd$`));
      }
    }
  });

  it('answers HEAD like GET without a body', async () => {
    const response = await fetch(`${base}/soap/CacheControl?wsdl`, { method: 'HEAD' });
    expect(response.status).to.equal(200);
    expect(Number(response.headers.get('content-length'))).to.be.greaterThan(1000);
    expect(await response.text()).to.equal('');
  });

  it('serves nothing else: other contracts, other files, traversal, queries on schemas', async () => {
    for (const target of [
      '/soap/CoreBanking?wsdl',
      '/wsdl/core-banking/v1/CoreBanking.xsd',
      '/wsdl/../package.json',
      '/wsdl/%2e%2e/package.json',
      '/wsdl/common/v1/common.xsd?x=1',
      '/soap/CacheControl',
    ]) {
      expect((await fetch(`${base}${target}`)).status, target).to.equal(404);
    }
  });

  it('uses the configured public URL instead of the Host header', async () => {
    const other = await serve({ contracts: CONTRACTS, publicUrl: 'https://hub.bank.example/' });
    try {
      const wsdl = await (await fetch(`${other.base}/soap/CoreBanking?wsdl`)).text();
      expect(wsdl).to.contain('location="https://hub.bank.example/soap/CoreBanking"');
      expect(wsdl).to.contain('schemaLocation="https://hub.bank.example/wsdl/core-banking/v1/CoreBanking.xsd"');
    } finally {
      other.server.close();
    }
  });

  it('refuses a Host header that is not a host name', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/soap/CacheControl?wsdl`, { headers: { host: 'evil.example/"><x' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).to.equal(400);
  });
});
