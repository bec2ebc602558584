import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import * as soap from 'soap';
import { findContract } from '../../common/contracts/catalog.js';
import type { PlainObject } from '../../common/soap/codec.js';
import { fetchTransport, type Transport } from '../../hub/conformance/caller.js';
import { runConformance, type ConformanceContract, type Fixtures } from '../../hub/conformance/index.js';
import type { ConformanceReport } from '../../hub/conformance/report.js';
import { createCoreBankingMock } from '../../mocks/core-banking/index.js';
import { startMocks, type RunningMocks } from '../../mocks/index.js';
import { nullSink } from '../../mocks/push/types.js';
import type { Dataset } from '../../mocks/seed/dataset.js';
import { startMockServer, type RunningMock } from '../../mocks/server/mock-server.js';
import { ContractFault, systemClock, type ServiceHandlers } from '../../mocks/server/types.js';

/** A client of the seeded bank with a euro account, a loan, a physical active card and verified KYC. */
function fixturesFrom(dataset: Dataset): Record<ConformanceContract, Fixtures> {
  const client = dataset.clients.find(
    (candidate) =>
      candidate.kycStatus === 'VERIFIED' &&
      dataset.accounts.some((account) => account.clientId === candidate.clientId && account.type === 'CURRENT' && account.currency === 'EUR') &&
      dataset.loans.some((loan) => loan.clientId === candidate.clientId) &&
      dataset.cards.some((card) => card.clientId === candidate.clientId && card.status === 'ACTIVE' && card.form === 'PHYSICAL'),
  );
  if (!client) throw new Error('the seeded bank has no client with a euro account, a loan and an active physical card');
  return {
    'core-banking': { clientId: client.clientId, depositProductCode: 'TD-FLEX', depositAmount: '500', depositTermMonths: '6' },
    cards: { clientId: client.clientId },
    crm: { clientId: client.clientId },
  };
}

function failures(report: ConformanceReport): string[] {
  return report.results.filter((result) => result.status === 'fail').map((result) => `${result.id}: ${result.detail ?? ''}`);
}

/**
 * Sends every plain operation call through a client that node-soap generated from the
 * served WSDL, and hands the raw answer back to the kit; requests the kit crafts by hand
 * (broken XML, wrong actions, SOAP 1.2) still go out as they are.
 */
function nodeSoapTransport(wsdlUrl: string, used: Map<string, number>): Transport {
  let client: Promise<soap.Client> | undefined;
  return async (request) => {
    if (!request.value || request.version !== '1.1') return fetchTransport(request);
    client ??= soap.createClientAsync(wsdlUrl);
    const method = (await client)[`${request.operation}Async`] as (args: unknown) => Promise<[unknown, string]>;
    try {
      const [, raw] = await method(request.value);
      used.set(request.operation, (used.get(request.operation) ?? 0) + 1);
      return { status: 200, contentType: 'text/xml; charset=utf-8', text: raw };
    } catch (error) {
      const response = (error as { response?: { status: number; headers: Record<string, string>; data: string } }).response;
      if (!response) throw error;
      // A fault is an answer too; the kit checks that it is the documented one.
      used.set(request.operation, (used.get(request.operation) ?? 0) + 1);
      return { status: response.status, contentType: String(response.headers['content-type'] ?? ''), text: String(response.data) };
    }
  };
}

describe('conformance kit against the mock back offices', function () {
  this.timeout(120_000);
  let running: RunningMocks;
  let fixtures: Record<ConformanceContract, Fixtures>;

  before(async () => {
    running = await startMocks({ clients: 60, seed: 7 });
    fixtures = fixturesFrom(running.dataset);
  });
  after(() => running?.stop());

  for (const id of ['core-banking', 'cards', 'crm'] as const) {
    it(`${id}: the mock passes every check at 100%`, async () => {
      const report = await runConformance(id, running.mocks[id].endpoint, fixtures[id]);
      expect(failures(report)).to.deep.equal([]);
      expect(report.score).to.equal(100);
      expect(report.results.length).to.be.greaterThan(15);
    });

    it(`${id}: every operation works through a node-soap client generated from the served WSDL`, async () => {
      const used = new Map<string, number>();
      const mock = running.mocks[id];
      const report = await runConformance(id, mock.endpoint, fixtures[id], { transport: nodeSoapTransport(`${mock.endpoint}?wsdl`, used) });
      expect(failures(report)).to.deep.equal([]);
      const described = (await soap.createClientAsync(`${mock.endpoint}?wsdl`)).describe() as Record<string, Record<string, Record<string, unknown>>>;
      const operations = Object.keys(described[`${mock.contract.name}Service`]![`${mock.contract.name}Soap11`]!);
      expect([...used.keys()].sort()).to.deep.equal(operations.sort());
    });
  }
});

describe('conformance kit against broken implementations', function () {
  this.timeout(60_000);
  const contract = findContract('core-banking')!;
  let running: RunningMocks;
  let clientId: string;

  before(async () => {
    running = await startMocks({ clients: 30, seed: 3 });
    clientId = fixturesFrom(running.dataset)['core-banking'].clientId!;
  });
  after(() => running?.stop());

  async function brokenMock(change: (handlers: ServiceHandlers) => ServiceHandlers): Promise<RunningMock> {
    const mock = createCoreBankingMock({ dataset: running.dataset, sink: nullSink, clock: systemClock });
    return startMockServer({ backOffice: { contract, handlers: change(mock.handlers), fixtures: mock.fixtures }, clock: systemClock });
  }

  function failed(report: ConformanceReport): string[] {
    return report.results.filter((result) => result.status === 'fail').map((result) => result.id);
  }

  it('a missing fault: GetAccount answers an unknown account with some account', async () => {
    const mock = await brokenMock((handlers) => ({
      ...handlers,
      GetAccount: async (request, context) => {
        try {
          return await handlers.GetAccount!(request, context);
        } catch (error) {
          if (!(error instanceof ContractFault)) throw error;
          const accounts = (await handlers.GetClientAccounts!({ clientId }, context)) as { account: PlainObject[] };
          return { account: accounts.account[0]! };
        }
      },
    }));
    try {
      const report = await runConformance('core-banking', mock.endpoint, { clientId, depositProductCode: 'TD-FLEX', depositAmount: '500' });
      expect(failed(report), JSON.stringify(report.results.filter((r) => r.status === 'fail'))).to.deep.equal(['core-banking.GetAccount.not-found']);
    } finally {
      await mock.stop();
    }
  });

  it('a double posting: CreateTransfer executes a repeated idempotency key again', async () => {
    let calls = 0;
    const mock = await brokenMock((handlers) => ({
      ...handlers,
      CreateTransfer: (request, context) => handlers.CreateTransfer!({ ...request, idempotencyKey: `broken-${(calls += 1)}-key` }, context),
    }));
    try {
      const report = await runConformance('core-banking', mock.endpoint, { clientId, depositProductCode: 'TD-FLEX', depositAmount: '500' });
      expect(failed(report)).to.include('core-banking.CreateTransfer.idempotent');
      expect(failed(report)).to.include('core-banking.CreateTransfer.idempotency-conflict');
      expect(report.score).to.be.lessThan(100);
    } finally {
      await mock.stop();
    }
  });

  it('a wrong element: GetAccount answers accountID instead of accountId', async () => {
    const target = new URL(running.mocks['core-banking'].endpoint);
    const proxy: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', async () => {
        const response = await fetch(target, { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
        let text = await response.text();
        if (text.includes('GetAccountResponse')) text = text.replace(/(<\/?cb:)accountId>/g, '$1accountID>');
        res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'text/xml' }).end(text);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${contract.endpointPath}`;
      const report = await runConformance('core-banking', url, { clientId, depositProductCode: 'TD-FLEX', depositAmount: '500' });
      expect(failed(report)).to.deep.equal(['core-banking.GetAccount.response']);
      expect(report.results.find((result) => result.id === 'core-banking.GetAccount.response')?.detail).to.contain('not valid against the schema');
    } finally {
      proxy.close();
    }
  });
});
