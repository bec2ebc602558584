/**
 * The mock bank's tariff: transfer fees and per-transfer limits. Amounts are set once in
 * a reference unit (cents of EUR) and scaled per currency, so that a fee or a limit in KZT
 * or JPY has a believable size.
 */
import { currencyExponent } from '../../common/money.js';
import { divRoundHalfUp, pow10 } from '../shared/decimal.js';

export type Channel = 'MOBILE' | 'WEB' | 'BRANCH' | 'CONTACT_CENTER' | 'OPEN_BANKING' | 'SYSTEM';
export type TransferScheme = 'INTERNAL' | 'DOMESTIC' | 'INTERNATIONAL';

export interface Fee {
  readonly code: string;
  readonly description: string;
  /** Minor units of the debtor account's currency. */
  readonly amount: bigint;
}

/** Units of the currency worth about one EUR. */
const CURRENCY_SCALE: Readonly<Record<string, bigint>> = { KZT: 500n, RUB: 100n, JPY: 150n, CZK: 25n, PLN: 4n, SEK: 11n, NOK: 11n };

/** An amount given in EUR cents, in minor units of `currency`. */
export function scaled(referenceCents: bigint, currency: string): bigint {
  const scale = CURRENCY_SCALE[currency] ?? 1n;
  return divRoundHalfUp(referenceCents * scale * pow10(currencyExponent(currency)), 100n);
}

const DOMESTIC_FEE = 50n;
const INTERNATIONAL_FEE = 1_500n;
const ASSISTED_CHANNEL_FEE = 200n;
const TRANSFER_LIMIT = 5_000_000n;
const OPEN_BANKING_LIMIT = 1_500_000n;

/** The fees of one transfer, in the debtor account's currency. Internal transfers are free. */
export function transferFees(scheme: TransferScheme, channel: Channel, currency: string): Fee[] {
  const fees: Fee[] = [];
  if (scheme === 'DOMESTIC') fees.push({ code: 'TRF_DOMESTIC', description: 'Domestic transfer fee', amount: scaled(DOMESTIC_FEE, currency) });
  if (scheme === 'INTERNATIONAL') fees.push({ code: 'TRF_INTERNATIONAL', description: 'International transfer fee', amount: scaled(INTERNATIONAL_FEE, currency) });
  if (channel === 'BRANCH' || channel === 'CONTACT_CENTER') {
    fees.push({ code: 'ASSISTED_ORDER', description: 'Order given through bank staff', amount: scaled(ASSISTED_CHANNEL_FEE, currency) });
  }
  return fees;
}

/** The most one transfer (amount plus fees) may debit, in minor units of the debtor currency. */
export function transferLimit(channel: Channel, currency: string): bigint {
  return scaled(channel === 'OPEN_BANKING' ? OPEN_BANKING_LIMIT : TRANSFER_LIMIT, currency);
}

/** A late-payment penalty charged once on each overdue loan instalment. */
export function latePaymentFee(currency: string): bigint {
  return scaled(1_000n, currency);
}
