import { expect } from 'chai';
import { isFinalTransferStatus } from '../../../connectors/core-banking/errors.js';
import {
  readGetConversionQuoteResponse,
  readGetFxRatesResponse,
  readHoldResponse,
  readListStandingOrdersResponse,
  readSimulateTransferResponse,
  readStandingOrderResponse,
  readTransferResponse,
} from '../../../connectors/core-banking/mapping.js';
import { m, savedResponse } from './support.js';

const AT = new Date('2026-11-24T09:30:00Z');

describe('core-banking mapping: transfers, standing orders, holds and rates (saved responses)', () => {
  it('CreateTransfer, domestic: ACCEPTED with its fee, total debit and reserving entry', async () => {
    const transfer = readTransferResponse(await savedResponse('CreateTransfer'), 'CreateTransfer');
    expect(transfer).to.deep.equal({
      transferId: 'TRF-00000001',
      status: 'ACCEPTED',
      debtorAccountId: 'A1',
      creditor: { account: { iban: 'DE02120300000000202051' }, name: 'Stadtwerke Berlin GmbH' },
      amount: m(12_050n, 'EUR'),
      remittanceInformation: 'Invoice 2026-118',
      scheme: 'DOMESTIC',
      executionDate: '2026-11-24',
      fees: [{ code: 'TRF_DOMESTIC', description: 'Domestic transfer fee', amount: m(50n, 'EUR') }],
      totalDebit: m(12_100n, 'EUR'),
      channel: 'MOBILE',
      createdAt: AT,
      statusChangedAt: AT,
      entryReference: 'E0000000028',
    });
    expect(isFinalTransferStatus(transfer.status)).to.equal(false);
  });

  it('CreateTransfer in JPY from a EUR account: the conversion, yen without decimals', async () => {
    const transfer = readTransferResponse(await savedResponse('CreateTransfer', 'jpy'), 'CreateTransfer');
    expect(transfer.amount).to.deep.equal(m(15_000n, 'JPY'));
    expect(transfer.creditor).to.deep.equal({ account: { iban: 'FR7630006000011234567890189' }, name: 'Tanaka Trading KK', bic: 'BNPAFRPP' });
    expect(transfer.scheme).to.equal('INTERNATIONAL');
    expect(transfer.conversion).to.deep.equal({ sellAmount: m(9_260n, 'EUR'), buyAmount: m(15_000n, 'JPY'), baseCurrency: 'EUR', quoteCurrency: 'JPY', rate: '161.986' });
    expect(transfer.totalDebit).to.deep.equal(m(10_760n, 'EUR'));
    expect(transfer).to.not.have.any.keys('reasonCode', 'externalReasonCode', 'quoteId', 'standingOrderId', 'requestedExecutionDate');
  });

  it('GetTransferStatus of a returned transfer: REJECTED, final, with both reason codes', async () => {
    const transfer = readTransferResponse(await savedResponse('GetTransferStatus'), 'GetTransferStatus');
    expect(transfer).to.deep.include({
      transferId: 'TRF-00000003',
      status: 'REJECTED',
      reasonCode: 'ACCOUNT_CLOSED',
      externalReasonCode: 'AC04',
      reason: "Returned by the creditor's bank (AC04)",
      totalDebit: m(1_050n, 'EUR'),
    });
    expect(transfer).to.not.have.property('entryReference');
    expect(isFinalTransferStatus(transfer.status)).to.equal(true);
    const accepted = readTransferResponse(await savedResponse('GetTransferStatus', 'accepted'), 'GetTransferStatus');
    expect(accepted.status).to.equal('ACCEPTED');
    expect(accepted).to.not.have.property('reasonCode');
  });

  it('CancelTransfer: CANCELLED with the reason given', async () => {
    const transfer = readTransferResponse(await savedResponse('CancelTransfer'), 'CancelTransfer');
    expect(transfer).to.deep.include({ transferId: 'TRF-00000002', status: 'CANCELLED', reason: 'Entered the wrong amount' });
    expect(isFinalTransferStatus(transfer.status)).to.equal(true);
  });

  it('SimulateTransfer: fees, conversion and total; a refusal with its fault code and KWD totals', async () => {
    const simulation = readSimulateTransferResponse(await savedResponse('SimulateTransfer'));
    expect(simulation).to.deep.equal({
      wouldSucceed: true,
      scheme: 'INTERNATIONAL',
      // node-soap turns this xs:date into a Date; the mapping gives the date back.
      executionDate: '2026-11-24',
      fees: [
        { code: 'TRF_INTERNATIONAL', description: 'International transfer fee', amount: m(1_500n, 'EUR') },
        { code: 'ASSISTED_ORDER', description: 'Order given through bank staff', amount: m(200n, 'EUR') },
      ],
      totalFees: m(1_700n, 'EUR'),
      conversion: { sellAmount: m(12_347n, 'EUR'), buyAmount: m(20_000n, 'JPY'), baseCurrency: 'EUR', quoteCurrency: 'JPY', rate: '161.986' },
      totalDebit: m(14_047n, 'EUR'),
    });
    const refused = readSimulateTransferResponse(await savedResponse('SimulateTransfer', 'refused'));
    expect(refused).to.deep.equal({
      wouldSucceed: false,
      faultCode: 'CURRENCY_MISMATCH',
      reason: "the amount's currency is not the creditor account's (EUR)",
      scheme: 'INTERNAL',
      executionDate: '2026-11-24',
      fees: [],
      totalFees: m(0n, 'KWD'),
      totalDebit: m(10_000n, 'KWD'),
    });
  });

  it('standing orders: created ACTIVE with its next date, listed, cancelled with the instant', async () => {
    const created = readStandingOrderResponse(await savedResponse('CreateStandingOrder'), 'CreateStandingOrder');
    expect(created).to.deep.equal({
      standingOrderId: 'SO-00000001',
      status: 'ACTIVE',
      clientId: 'C1',
      debtorAccountId: 'A1',
      creditor: { account: { iban: 'DE02120300000000202051' }, name: 'Landlord GmbH' },
      amount: m(75_000n, 'EUR'),
      remittanceInformation: 'Rent',
      frequency: 'MONTHLY',
      firstExecutionDate: '2026-12-01',
      lastExecutionDate: '2027-11-01',
      nextExecutionDate: '2026-12-01',
      channel: 'WEB',
      createdAt: AT,
    });
    const listed = readListStandingOrdersResponse(await savedResponse('ListStandingOrders'));
    expect(listed).to.deep.equal({ items: [created] });
    const cancelled = readStandingOrderResponse(await savedResponse('CancelStandingOrder'), 'CancelStandingOrder');
    expect(cancelled).to.deep.include({ status: 'CANCELLED', cancelledAt: AT });
    expect(cancelled).to.not.have.property('nextExecutionDate');
  });

  it('holds: placed ACTIVE, released with its instant', async () => {
    const placed = readHoldResponse(await savedResponse('PlaceHold'), 'PlaceHold');
    expect(placed).to.deep.equal({
      holdId: 'HLD-00000001',
      accountId: 'A1',
      amount: m(2_500n, 'EUR'),
      reason: 'Reservation for card order 8812',
      status: 'ACTIVE',
      placedAt: AT,
      expiresAt: new Date('2026-12-01T09:30:00Z'),
    });
    const released = readHoldResponse(await savedResponse('ReleaseHold'), 'ReleaseHold');
    expect(released).to.deep.equal({ ...placed, status: 'RELEASED', releasedAt: AT });
  });

  it('GetFxRates: rates as decimal strings, never numbers', async () => {
    const rates = readGetFxRatesResponse(await savedResponse('GetFxRates'));
    expect(rates.map((rate) => `${rate.baseCurrency}/${rate.quoteCurrency}`)).to.deep.equal(['EUR/CHF', 'EUR/GBP', 'EUR/JPY', 'EUR/KZT', 'EUR/RUB', 'EUR/USD']);
    expect(rates[2]).to.deep.equal({ baseCurrency: 'EUR', quoteCurrency: 'JPY', buyRate: '161.986', sellRate: '163.614', asOf: AT });
    expect(rates[1]!.buyRate).to.equal('0.850725');
  });

  it('GetConversionQuote: the firm conversion to yen and its validity', async () => {
    expect(readGetConversionQuoteResponse(await savedResponse('GetConversionQuote'))).to.deep.equal({
      quoteId: 'QT-00000001',
      conversion: { sellAmount: m(10_000n, 'EUR'), buyAmount: m(16_199n, 'JPY'), baseCurrency: 'EUR', quoteCurrency: 'JPY', rate: '161.986' },
      validUntil: new Date('2026-11-24T09:35:00Z'),
    });
  });
});
