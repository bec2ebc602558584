/**
 * The whole path against the mock core banking system over real HTTP: typed client →
 * a minimal node-soap caller (the resilient one is connectors/shared's) → the mock, which
 * validates every request against the schema → node-soap's parse → mapping → records.
 * Ids and amounts come from the seeded dataset of startMocks.
 */
import { expect } from 'chai';
import * as soap from 'soap';
import { contractFile } from '../../../common/contracts/catalog.js';
import { CoreBankingClient } from '../../../connectors/core-banking/client.js';
import { classifyFailure, isNotFound, TRANSFER_REJECTION_CODES } from '../../../connectors/core-banking/errors.js';
import { accountRecordOf, depositRecordOf, loanRecordOf, transactionPageOf } from '../../../connectors/core-banking/mapping.js';
import type { OperationCall, OperationCaller } from '../../../connectors/shared/types.js';
import { startMocks, type RunningMocks } from '../../../mocks/index.js';
import type { SeedAccount, SeedClient } from '../../../mocks/seed/dataset.js';
import { contract } from './bank.js';

interface ServiceFault {
  readonly code?: string;
  readonly message?: string;
  readonly retryable?: string | boolean;
}

/** Calls with node-soap and turns a SOAP fault into an error carrying the fault's code, as the real caller does. */
class NodeSoapCaller implements OperationCaller {
  readonly backOffice = 'core-banking' as const;
  readonly calls: OperationCall[] = [];
  private constructor(private readonly client: soap.Client) {}

  static async create(endpoint: string): Promise<NodeSoapCaller> {
    return new NodeSoapCaller(await soap.createClientAsync(contractFile(contract.wsdl), { endpoint }));
  }

  async call(call: OperationCall): Promise<Record<string, unknown>> {
    this.calls.push(call);
    const method = (this.client as unknown as Record<string, (args: unknown) => Promise<[Record<string, unknown>]>>)[`${call.operation}Async`]!;
    try {
      const [result] = await method.call(this.client, call.request);
      return result;
    } catch (error) {
      const detail = (error as { root?: { Envelope?: { Body?: { Fault?: { detail?: { ServiceFault?: ServiceFault } } } } } }).root?.Envelope?.Body?.Fault?.detail?.ServiceFault;
      if (!detail?.code) throw error;
      throw Object.assign(new Error(detail.message ?? detail.code), { code: detail.code, retryable: detail.retryable === true || detail.retryable === 'true' });
    }
  }
}

const daysBefore = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

describe('core-banking connector end to end: typed client against the mock over HTTP', function () {
  this.timeout(60_000);
  let running: RunningMocks;
  let caller: NodeSoapCaller;
  let bank: CoreBankingClient;
  /** A client with accounts, a loan and a deposit in the seeded dataset. */
  let client: SeedClient;
  let accounts: SeedAccount[];

  before(async () => {
    running = await startMocks({ clients: 30, seed: 11 });
    caller = await NodeSoapCaller.create(running.mocks['core-banking'].endpoint);
    bank = new CoreBankingClient(caller);
    const { dataset } = running;
    const chosen = dataset.clients.find(
      (each) => dataset.loans.some((loan) => loan.clientId === each.clientId) && dataset.deposits.some((deposit) => deposit.clientId === each.clientId),
    );
    if (!chosen) throw new Error('the seeded dataset has no client with both a loan and a deposit; change the seed');
    client = chosen;
    accounts = dataset.accounts.filter((account) => account.clientId === client.clientId);
  });

  after(async () => {
    await running?.stop();
  });

  it("reads a client's accounts and one account with its balances into AccountRecords", async () => {
    const listed = await bank.getClientAccounts({ clientId: client.clientId, includeClosed: true });
    expect(listed.map((account) => account.accountId)).to.include.members(accounts.map((account) => account.accountId));
    const seeded = accounts[0]!;
    const [account, balances] = await Promise.all([
      bank.getAccount({ accountId: seeded.accountId, clientId: client.clientId }),
      bank.getBalances({ accountId: seeded.accountId, clientId: client.clientId }),
    ]);
    expect(account).to.include({ accountId: seeded.accountId, iban: seeded.iban, currency: seeded.currency, productCode: seeded.productCode, openingDate: seeded.openingDate });
    const record = accountRecordOf(account, balances);
    expect(record).to.include({ accountId: seeded.accountId, clientId: client.clientId, currency: seeded.currency });
    expect(record.booked?.minor).to.be.a('bigint');
    expect(record.available?.minor).to.be.a('bigint');
    expect(record.blocked?.minor).to.be.a('bigint');
    expect(record.asOf).to.be.instanceOf(Date);
    expect(record).to.not.have.property('version');
  });

  it('pages through the entries of a date range: every seeded entry once, as TransactionRecords', async () => {
    const { dataset } = running;
    const account = accounts.find((each) => dataset.entries.some((entry) => entry.accountId === each.accountId))!;
    const to = new Date().toISOString().slice(0, 10);
    const from = daysBefore(to, 200);
    const seeded = dataset.entries.filter((entry) => entry.accountId === account.accountId && entry.bookingDate >= from && entry.bookingDate <= to).map((entry) => entry.entryReference);
    expect(seeded.length, 'seeded entries in the range').to.be.greaterThan(0);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await bank.getTransactions({ accountId: account.accountId, clientId: client.clientId, period: { from, to }, status: 'BOOKED', page: { limit: 7, ...(cursor ? { cursor } : {}) } });
      const mapped = transactionPageOf(page, account.clientId, new Date());
      for (const item of mapped.items) expect(item).to.include({ accountId: account.accountId, clientId: client.clientId, status: 'BOOKED' });
      seen.push(...mapped.items.map((item) => item.entryReference));
      cursor = mapped.nextCursor;
      pages += 1;
    } while (cursor && pages < 200);
    expect(cursor, 'the last page has no cursor').to.equal(undefined);
    expect(new Set(seen).size, 'no entry twice').to.equal(seen.length);
    expect(seen).to.include.members(seeded);
    if (seeded.length > 7) expect(pages).to.be.greaterThan(1);
  });

  it('reads a loan with its schedule into a LoanRecord, and a deposit into a DepositRecord', async () => {
    const { dataset } = running;
    const seededLoan = dataset.loans.find((loan) => loan.clientId === client.clientId)!;
    const [loan, schedule] = await Promise.all([
      bank.getLoan({ loanId: seededLoan.loanId, clientId: client.clientId }),
      bank.getLoanSchedule({ loanId: seededLoan.loanId, clientId: client.clientId }),
    ]);
    const received = new Date();
    const loanRecord = loanRecordOf(loan, schedule, received);
    expect(loanRecord).to.include({ loanId: seededLoan.loanId, clientId: client.clientId, asOf: received });
    expect(loanRecord.outstandingPrincipal.currency).to.equal(seededLoan.currency);
    expect(loanRecord.schedule.map((line) => line.number)).to.deep.equal(Array.from({ length: seededLoan.termMonths }, (_, index) => index + 1));
    expect(loan.principal).to.deep.equal({ minor: seededLoan.principal, currency: seededLoan.currency });

    const seededDeposit = dataset.deposits.find((deposit) => deposit.clientId === client.clientId)!;
    const listed = await bank.getClientDeposits({ clientId: client.clientId, includeClosed: true });
    expect(listed.map((deposit) => deposit.depositId)).to.include(seededDeposit.depositId);
    const depositRecord = depositRecordOf(await bank.getDeposit({ depositId: seededDeposit.depositId, clientId: client.clientId }), received);
    expect(depositRecord).to.include({ depositId: seededDeposit.depositId, clientId: client.clientId, interestRate: seededDeposit.annualRate, asOf: received });
    expect(depositRecord.principal.currency).to.equal(seededDeposit.currency);
  });

  it('creates a transfer once per key, follows its status, and sorts a refusal as a permanent rejection', async () => {
    const { dataset } = running;
    const debtor = accounts.find((account) => account.type === 'CURRENT')!;
    const creditor = dataset.accounts.find((account) => account.clientId !== client.clientId && account.currency === debtor.currency)!;
    const instruction = {
      clientId: client.clientId,
      debtorAccountId: debtor.accountId,
      creditor: { account: { accountId: creditor.accountId }, name: 'Another client' },
      amount: { minor: 100n, currency: debtor.currency },
      remittanceInformation: 'End-to-end test',
      channel: 'MOBILE',
    } as const;
    const paymentId = `payment-${Date.now()}`;
    const first = await bank.createTransfer(paymentId, instruction);
    const again = await bank.createTransfer(paymentId, instruction);
    expect(again.transferId).to.equal(first.transferId);
    expect(first).to.include({ scheme: 'INTERNAL', debtorAccountId: debtor.accountId });
    expect(caller.calls.filter((call) => call.operation === 'CreateTransfer').map((call) => call.idempotencyKey)).to.deep.equal([paymentId, paymentId]);
    const status = await bank.getTransferStatus({ transferId: first.transferId, clientId: client.clientId });
    expect(status.transferId).to.equal(first.transferId);
    expect(['ACCEPTED', 'PENDING', 'COMPLETED']).to.include(status.status);

    const balances = await bank.getBalances({ accountId: debtor.accountId, clientId: client.clientId });
    const tooMuch = { ...instruction, amount: { minor: (balances.available?.minor ?? 0n) + 100n, currency: debtor.currency } };
    const refusal = await bank.createTransfer(`payment-${Date.now()}-2`, tooMuch).catch((error: unknown) => error);
    const sorted = classifyFailure(refusal);
    expect(sorted.kind, JSON.stringify(sorted)).to.equal('REJECTED');
    expect(TRANSFER_REJECTION_CODES.has(sorted.code), sorted.code).to.equal(true);
  });

  it('says "not found" for an object the bank does not know', async () => {
    const error = await bank.getLoan({ loanId: 'NO-SUCH-LOAN' }).catch((caught: unknown) => caught);
    expect(isNotFound(error), String(error)).to.equal(true);
    expect(classifyFailure(error)).to.deep.include({ code: 'LOAN_NOT_FOUND', notFound: true });
  });

  it('sends requests the mock accepts for reads of rates and quotes with 0-decimal currencies', async () => {
    const rates = await bank.getFxRates({ quoteCurrency: 'JPY' });
    expect(rates.map((rate) => rate.quoteCurrency)).to.satisfy((codes: string[]) => codes.length > 0 && codes.every((code) => code === 'JPY'));
    const quote = await bank.getConversionQuote({ sellCurrency: 'EUR', buyCurrency: 'JPY', fixedSide: 'BUY', amount: { minor: 10_000n, currency: 'JPY' }, clientId: client.clientId });
    expect(quote.conversion.buyAmount).to.deep.equal({ minor: 10_000n, currency: 'JPY' });
    expect(quote.conversion.sellAmount.currency).to.equal('EUR');
    expect(quote.validUntil.getTime()).to.be.greaterThan(Date.now() - 60_000);
  });
});
