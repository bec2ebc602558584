import { readdirSync } from 'node:fs';
import { expect } from 'chai';
import * as map from '../../../connectors/core-banking/mapping.js';
import { CORE_BANKING_OPERATIONS, type CoreBankingOperation } from '../../../connectors/core-banking/client.js';
import { FIXTURES, savedResponse } from './support.js';

/** The reader of each operation's response. */
const READERS: Readonly<Record<CoreBankingOperation, (value: unknown) => unknown>> = {
  GetClientAccounts: map.readGetClientAccountsResponse,
  GetAccount: map.readGetAccountResponse,
  GetBalances: map.readGetBalancesResponse,
  GetTransactions: map.readGetTransactionsResponse,
  GetTransaction: map.readGetTransactionResponse,
  GetStatement: map.readGetStatementResponse,
  ValidateAccount: map.readValidateAccountResponse,
  SimulateTransfer: map.readSimulateTransferResponse,
  CreateTransfer: (value) => map.readTransferResponse(value, 'CreateTransfer'),
  GetTransferStatus: (value) => map.readTransferResponse(value, 'GetTransferStatus'),
  CancelTransfer: (value) => map.readTransferResponse(value, 'CancelTransfer'),
  CreateStandingOrder: (value) => map.readStandingOrderResponse(value, 'CreateStandingOrder'),
  ListStandingOrders: map.readListStandingOrdersResponse,
  CancelStandingOrder: (value) => map.readStandingOrderResponse(value, 'CancelStandingOrder'),
  GetClientDeposits: map.readGetClientDepositsResponse,
  GetDeposit: map.readGetDepositResponse,
  GetDepositSchedule: map.readGetDepositScheduleResponse,
  OpenDeposit: map.readOpenDepositResponse,
  CloseDeposit: map.readCloseDepositResponse,
  GetClientLoans: map.readGetClientLoansResponse,
  GetLoan: map.readGetLoanResponse,
  GetLoanSchedule: map.readGetLoanScheduleResponse,
  RepayLoan: map.readRepayLoanResponse,
  PlaceHold: (value) => map.readHoldResponse(value, 'PlaceHold'),
  ReleaseHold: (value) => map.readHoldResponse(value, 'ReleaseHold'),
  GetFxRates: map.readGetFxRatesResponse,
  GetConversionQuote: map.readGetConversionQuoteResponse,
};

const FILE = /^([A-Za-z]+)Response(?:\.([a-z-]+))?\.xml$/;
const files = readdirSync(FIXTURES).filter((file) => file.endsWith('.xml')).sort();

/** Every leaf of a parsed response that is not text. */
function nonText(value: unknown, path = ''): string[] {
  if (value === null || value === undefined || typeof value === 'string') return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => nonText(item, `${path}[${index}]`));
  if (typeof value === 'object' && !(value instanceof Date)) return Object.entries(value).flatMap(([name, item]) => nonText(item, `${path}/${name}`));
  return [`${path}: ${value instanceof Date ? 'Date' : typeof value}`];
}

describe('core-banking mapping: every saved response, however node-soap typed its values', () => {
  it('there is a saved response of every operation', () => {
    const saved = new Set(files.map((file) => FILE.exec(file)?.[1]));
    expect(CORE_BANKING_OPERATIONS.filter((operation) => !saved.has(operation))).to.deep.equal([]);
  });

  it("node-soap's default parsing does type some values, so the comparison below means something", async () => {
    expect(nonText(await savedResponse('SimulateTransfer'))).to.include.members(['/wouldSucceed: boolean', '/executionDate: Date']);
  });

  for (const file of files) {
    it(`${file}: reads the same from converted values and from text as received`, async () => {
      const [, operation, variant] = FILE.exec(file) ?? [];
      const read = READERS[operation as CoreBankingOperation];
      expect(read, `a reader for ${file}`).to.be.a('function');
      const asReceived = await savedResponse(operation!, variant, 'as-received');
      expect(nonText(asReceived), 'as received, every value is text').to.deep.equal([]);
      expect(read(asReceived)).to.deep.equal(read(await savedResponse(operation!, variant, 'converted')));
    });
  }
});
