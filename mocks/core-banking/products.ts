/**
 * The product catalogue of the mock bank: term deposit products (with their terms, rates,
 * limits, interest payment and early-closure terms) and the loan product of seeded loans.
 */
import { RATE_SCALE, divRoundHalfUp, parseRate } from '../shared/decimal.js';

export interface DepositProduct {
  readonly productCode: string;
  readonly productName: (termMonths: number) => string;
  /** Currencies the product is offered in; undefined for any (a seeded legacy product). */
  readonly currencies: readonly string[] | undefined;
  /** Terms offered with the annual rate in percent of each. */
  readonly rates: Readonly<Record<number, string>>;
  /** Limits in EUR cents, scaled per currency (tariff.ts). */
  readonly minimumAmount: bigint;
  readonly maximumAmount: bigint;
  /** MONTHLY pays (or capitalises) interest every month; AT_MATURITY pays it all at the end. */
  readonly interestPayment: 'MONTHLY' | 'AT_MATURITY';
  readonly capitalised: boolean;
  /** Annual rate in percent paid instead when the deposit is closed early; undefined pays none. */
  readonly earlyClosureRate: string | undefined;
  /** Months after opening before an early closure is allowed; 0 allows it at any time. */
  readonly minimumHoldingMonths: number;
}

const DEPOSIT_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'KZT', 'RUB'];

export const DEPOSIT_PRODUCTS: readonly DepositProduct[] = [
  {
    productCode: 'TD-12M',
    productName: (months) => `Term Deposit ${months} months`,
    currencies: DEPOSIT_CURRENCIES,
    rates: { 3: '2.5', 6: '3', 12: '3.5', 24: '3.75' },
    minimumAmount: 100_000n,
    maximumAmount: 100_000_000n,
    interestPayment: 'MONTHLY',
    capitalised: false,
    earlyClosureRate: '0.1',
    minimumHoldingMonths: 1,
  },
  {
    productCode: 'TD-FLEX',
    productName: (months) => `Flexible Deposit ${months} months`,
    currencies: DEPOSIT_CURRENCIES,
    rates: { 6: '2.25', 12: '2.75' },
    minimumAmount: 10_000n,
    maximumAmount: 50_000_000n,
    interestPayment: 'MONTHLY',
    capitalised: true,
    earlyClosureRate: '1',
    minimumHoldingMonths: 0,
  },
  {
    productCode: 'TD-MAX',
    productName: (months) => `Maximum Deposit ${months} months`,
    currencies: DEPOSIT_CURRENCIES,
    rates: { 12: '4.25', 24: '4.5', 36: '4.75' },
    minimumAmount: 500_000n,
    maximumAmount: 200_000_000n,
    interestPayment: 'AT_MATURITY',
    capitalised: false,
    earlyClosureRate: undefined,
    minimumHoldingMonths: 3,
  },
];

export function depositProduct(productCode: string): DepositProduct | undefined {
  return DEPOSIT_PRODUCTS.find((product) => product.productCode === productCode);
}

/** The terms of a seeded deposit whose product is not in the catalogue: monthly payout, early closure at 0.1 %. */
export function legacyDepositProduct(productCode: string, termMonths: number, annualRate: string): DepositProduct {
  return {
    productCode,
    productName: (months) => `Term Deposit ${months} months`,
    currencies: undefined,
    rates: { [termMonths]: annualRate },
    minimumAmount: 0n,
    maximumAmount: 0n,
    interestPayment: 'MONTHLY',
    capitalised: false,
    earlyClosureRate: '0.1',
    minimumHoldingMonths: 0,
  };
}

export const LOAN_PRODUCT = { productCode: 'LOAN-CONSUMER', productName: 'Consumer Loan' } as const;

/** Simple interest for a number of days, actual/365, rounded half-up to the minor unit. */
export function simpleInterest(principal: bigint, annualRatePercent: string, days: number): bigint {
  if (days <= 0 || principal <= 0n) return 0n;
  return divRoundHalfUp(principal * parseRate(annualRatePercent) * BigInt(days), 100n * 365n * RATE_SCALE);
}
