/**
 * Records the saved CoreBanking responses of test/connectors/fixtures/core-banking/: runs
 * the mock core banking system on a small bank built here (EUR, JPY with 0 decimals, KWD
 * with 3) at a fixed instant, calls every operation over HTTP with node-soap, and writes
 * each raw response body as `<Operation>Response[.<variant>].xml`. The overdue JPY loan is
 * read last, after the clock has passed its due date.
 *
 *   npx tsx test/connectors/core-banking/record-fixtures.ts
 *
 * The tests never run this: they read the committed files, so that a change in the mock
 * shows up as a change in the fixtures under review, not as a silent change of the tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as soap from 'soap';
import { contractFile } from '../../../common/contracts/catalog.js';
import { createCoreBankingMock } from '../../../mocks/core-banking/index.js';
import { RecordingSink } from '../../../mocks/push/types.js';
import { startMockServer } from '../../../mocks/server/mock-server.js';
import { bankDataset, contract, DOMESTIC_IBAN, FOREIGN_IBAN, INVALID_IBAN, NOW } from './bank.js';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'core-banking');

let now = new Date(NOW);
const clock = { now: () => new Date(now.getTime()) };
const mock = createCoreBankingMock({ dataset: bankDataset(), sink: new RecordingSink(), clock });
const server = await startMockServer({ backOffice: { contract, handlers: mock.handlers, fixtures: mock.fixtures }, clock });
const client = await soap.createClientAsync(contractFile(contract.wsdl), { endpoint: server.endpoint });

type Call = (request: object) => Promise<[Record<string, unknown>, string]>;

/** Calls one operation; answers the parsed result for the next steps and the raw body. */
async function call(operation: string, request: object): Promise<[Record<string, unknown>, string]> {
  return (client as unknown as Record<string, Call>)[`${operation}Async`]!.call(client, request);
}

/** Calls one operation and saves its raw response. */
async function record(operation: string, request: object, variant?: string): Promise<Record<string, unknown>> {
  const [result, raw] = await call(operation, request);
  const file = `${operation}Response${variant ? `.${variant}` : ''}.xml`;
  writeFileSync(path.join(OUT, file), raw.endsWith('\n') ? raw : `${raw}\n`);
  console.log(`saved ${file}`);
  return result;
}

const money = (amount: string, currency: string) => ({ amount, currency });
const transferId = (result: Record<string, unknown>): string => (result.transfer as Record<string, string>).transferId!;

try {
  mkdirSync(OUT, { recursive: true });

  // A hold first, so that the balances read below show a BLOCKED amount.
  const hold = await record('PlaceHold', {
    idempotencyKey: 'hold-key-0001',
    accountId: 'A1',
    clientId: 'C1',
    amount: money('25.00', 'EUR'),
    reason: 'Reservation for card order 8812',
    expiresAt: '2026-12-01T09:30:00Z',
  });

  // An external transfer executed today: ACCEPTED, with a fee and a pending reservation on A1.
  const domestic = await record('CreateTransfer', {
    idempotencyKey: 'payment-0001',
    transfer: {
      clientId: 'C1',
      debtorAccountId: 'A1',
      creditor: { account: { iban: DOMESTIC_IBAN }, name: 'Stadtwerke Berlin GmbH' },
      amount: money('120.50', 'EUR'),
      remittanceInformation: 'Invoice 2026-118',
      channel: 'MOBILE',
    },
  });
  // An international transfer in JPY from a EUR account: converted, 0-decimal amounts.
  const international = await record(
    'CreateTransfer',
    {
      idempotencyKey: 'payment-0002',
      transfer: {
        clientId: 'C1',
        debtorAccountId: 'A1',
        creditor: { account: { iban: FOREIGN_IBAN }, name: 'Tanaka Trading KK', bic: 'BNPAFRPP' },
        amount: money('15000', 'JPY'),
        channel: 'WEB',
      },
    },
    'jpy',
  );
  // Returned by the creditor's bank: REJECTED with both reason codes.
  const [returned] = await call('CreateTransfer', {
    idempotencyKey: 'payment-0003',
    transfer: { clientId: 'C1', debtorAccountId: 'A1', creditor: { account: { iban: DOMESTIC_IBAN }, name: 'Closed Account Holder' }, amount: money('10.00', 'EUR'), channel: 'WEB' },
  });
  mock.fixtures.returnTransfer({ transferId: transferId(returned), externalReasonCode: 'AC04' });
  await record('GetTransferStatus', { transferId: transferId(returned), clientId: 'C1' });
  await record('GetTransferStatus', { transferId: transferId(domestic), clientId: 'C1' }, 'accepted');
  await record('CancelTransfer', { transferId: transferId(international), clientId: 'C1', reason: 'Entered the wrong amount', channel: 'WEB' });

  await record('GetClientAccounts', { clientId: 'C1' });
  await record('GetClientAccounts', { clientId: 'C3' }, 'empty');
  await record('GetAccount', { accountId: 'A1', clientId: 'C1' });
  await record('GetAccount', { accountId: 'A3', clientId: 'C2' }, 'kwd');
  await record('GetBalances', { accountId: 'A1', clientId: 'C1' });
  await record('GetTransactions', { accountId: 'A1', clientId: 'C1', period: { from: '2026-10-01', to: '2026-11-24' }, status: 'BOTH', page: { limit: 3 } });
  await record('GetTransactions', { accountId: 'A2', clientId: 'C1', period: { from: '2026-10-01', to: '2026-11-24' } }, 'jpy');
  await record('GetTransaction', { accountId: 'A1', entryReference: 'S-A1-2', clientId: 'C1' });
  await record('GetStatement', { accountId: 'A3', clientId: 'C2', period: { from: '2026-10-01', to: '2026-10-31' } });
  await record('ValidateAccount', { account: { accountId: 'A3' } });
  await record('ValidateAccount', { account: { iban: INVALID_IBAN } }, 'invalid');
  await record('SimulateTransfer', {
    transfer: { clientId: 'C1', debtorAccountId: 'A1', creditor: { account: { iban: FOREIGN_IBAN }, name: 'Tanaka Trading KK' }, amount: money('20000', 'JPY'), channel: 'BRANCH' },
  });
  await record(
    'SimulateTransfer',
    { transfer: { clientId: 'C2', debtorAccountId: 'A3', creditor: { account: { accountId: 'A4' }, name: 'Boris Ivanov' }, amount: money('10.000', 'KWD'), channel: 'MOBILE' } },
    'refused',
  );

  const order = await record('CreateStandingOrder', {
    idempotencyKey: 'order-key-0001',
    clientId: 'C1',
    debtorAccountId: 'A1',
    creditor: { account: { iban: DOMESTIC_IBAN }, name: 'Landlord GmbH' },
    amount: money('750.00', 'EUR'),
    remittanceInformation: 'Rent',
    frequency: 'MONTHLY',
    firstExecutionDate: '2026-12-01',
    lastExecutionDate: '2027-11-01',
    channel: 'WEB',
  });
  await record('ListStandingOrders', { clientId: 'C1', includeInactive: true, page: { limit: 10 } });
  await record('CancelStandingOrder', { standingOrderId: (order.standingOrder as Record<string, string>).standingOrderId, clientId: 'C1', channel: 'WEB' });

  await record('GetClientDeposits', { clientId: 'C2', includeClosed: true });
  await record('GetDeposit', { depositId: 'D2', clientId: 'C2' });
  await record('GetDepositSchedule', { depositId: 'D1', clientId: 'C2' });
  const opened = await record('OpenDeposit', {
    idempotencyKey: 'deposit-key-0001',
    clientId: 'C1',
    productCode: 'TD-FLEX',
    sourceAccountId: 'A1',
    amount: money('1000.00', 'EUR'),
    termMonths: 6,
    channel: 'MOBILE',
  });
  await record('CloseDeposit', {
    idempotencyKey: 'deposit-close-0001',
    clientId: 'C1',
    depositId: (opened.deposit as Record<string, string>).depositId,
    targetAccountId: 'A1',
    channel: 'MOBILE',
  });

  await record('GetClientLoans', { clientId: 'C1' });
  await record('GetClientLoans', { clientId: 'C3' }, 'empty');
  await record('GetLoan', { loanId: 'L1', clientId: 'C1' });
  await record('GetLoanSchedule', { loanId: 'L1', clientId: 'C1' });
  await record('RepayLoan', { idempotencyKey: 'repay-key-0001', clientId: 'C1', loanId: 'L1', fromAccountId: 'A1', amount: money('540.00', 'EUR'), repaymentType: 'REGULAR', channel: 'MOBILE' });

  await record('ReleaseHold', { accountId: 'A1', holdId: (hold.hold as Record<string, string>).holdId, clientId: 'C1' });
  await record('GetFxRates', { baseCurrency: 'EUR' });
  await record('GetConversionQuote', { sellCurrency: 'EUR', buyCurrency: 'JPY', fixedSide: 'SELL', amount: money('100.00', 'EUR'), clientId: 'C1' });

  // Last, a day after the JPY loan's next due date: the JPY account cannot carry the
  // instalment, so the loan is OVERDUE (with its late fee) when read.
  now = new Date('2026-12-11T09:30:00Z');
  mock.fixtures.runJobs({});
  await record('GetLoan', { loanId: 'L2', clientId: 'C1' }, 'overdue');
  await record('GetLoanSchedule', { loanId: 'L2', clientId: 'C1' }, 'overdue');
} catch (error) {
  // node-soap's errors carry the whole HTTP exchange: the message is enough here.
  console.error(`recording failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await server.stop();
}
