/**
 * The bank's non-cash exchange rates and firm conversion quotes. Rates are units of the
 * quote currency for one unit of the base currency, held as bigint with ten fraction
 * digits; the bank buys the base currency at the mid rate minus its margin and sells it at
 * the mid rate plus its margin. Conversions follow cb:Conversion: when the client sells the
 * base currency, bought = sold × buyRate; when the client buys the base currency,
 * bought = sold ÷ sellRate; the computed side is rounded half-up to its minor unit.
 */
import { currencyExponent } from '../../common/money.js';
import { compareText } from '../shared/compare.js';
import { RATE_SCALE, divRoundHalfUp, parseRate, pow10 } from '../shared/decimal.js';

/** Published rates carry six decimals, as bank rate sheets do. */
const PUBLISHED_DIGITS = 6;
const MARGIN_BASIS_POINTS = 50n;

/** Mid rates of the pairs the bank quotes, each in one direction only. */
const MID_RATES: readonly (readonly [string, string, string])[] = [
  ['EUR', 'USD', '1.085'],
  ['EUR', 'GBP', '0.855'],
  ['EUR', 'CHF', '0.94'],
  ['EUR', 'KZT', '520.5'],
  ['EUR', 'RUB', '98.5'],
  ['EUR', 'JPY', '162.8'],
  ['GBP', 'USD', '1.27'],
  ['USD', 'KZT', '480'],
  ['USD', 'RUB', '90.8'],
  ['USD', 'JPY', '150.05'],
];

export interface FxPair {
  readonly baseCurrency: string;
  readonly quoteCurrency: string;
  readonly buyRate: bigint;
  readonly sellRate: bigint;
  readonly asOf: Date;
}

export type FixedSide = 'SELL' | 'BUY';

export interface Conversion {
  readonly sellCurrency: string;
  readonly sellAmount: bigint;
  readonly buyCurrency: string;
  readonly buyAmount: bigint;
  readonly baseCurrency: string;
  readonly quoteCurrency: string;
  readonly rate: bigint;
}

export interface Quote {
  readonly quoteId: string;
  readonly clientId: string | undefined;
  readonly fixedSide: FixedSide;
  readonly conversion: Conversion;
  readonly validUntil: Date;
  /** The transfer that used the quote; a quote is usable once. */
  usedBy: string | undefined;
}

function withMargin(mid: bigint, basisPoints: bigint): bigint {
  const unit = RATE_SCALE / pow10(PUBLISHED_DIGITS);
  return divRoundHalfUp((mid * (10_000n + basisPoints)) / 10_000n, unit) * unit;
}

export class FxDesk {
  private readonly pairs: FxPair[];
  private readonly quotes = new Map<string, Quote>();
  private quoteCounter = 0;

  constructor(asOf: Date) {
    this.pairs = MID_RATES.map(([baseCurrency, quoteCurrency, mid]) => ({
      baseCurrency,
      quoteCurrency,
      buyRate: withMargin(parseRate(mid), -MARGIN_BASIS_POINTS),
      sellRate: withMargin(parseRate(mid), MARGIN_BASIS_POINTS),
      asOf,
    }));
    this.pairs.sort((a, b) => compareText(a.baseCurrency, b.baseCurrency) || compareText(a.quoteCurrency, b.quoteCurrency));
  }

  rates(filter: { baseCurrency?: string; quoteCurrency?: string }): readonly FxPair[] {
    return this.pairs.filter(
      (pair) =>
        (filter.baseCurrency === undefined || pair.baseCurrency === filter.baseCurrency) &&
        (filter.quoteCurrency === undefined || pair.quoteCurrency === filter.quoteCurrency),
    );
  }

  /** The quoted pair of two currencies, in whichever direction the bank quotes it. */
  pairOf(a: string, b: string): FxPair | undefined {
    return this.pairs.find(
      (pair) => (pair.baseCurrency === a && pair.quoteCurrency === b) || (pair.baseCurrency === b && pair.quoteCurrency === a),
    );
  }

  /** Prices a conversion at the current rates; undefined when the pair is not quoted. */
  convert(sellCurrency: string, buyCurrency: string, fixedSide: FixedSide, fixedAmount: bigint): Conversion | undefined {
    const pair = sellCurrency === buyCurrency ? undefined : this.pairOf(sellCurrency, buyCurrency);
    if (!pair) return undefined;
    const sellIsBase = pair.baseCurrency === sellCurrency;
    const rate = sellIsBase ? pair.buyRate : pair.sellRate;
    const sellUnit = pow10(currencyExponent(sellCurrency));
    const buyUnit = pow10(currencyExponent(buyCurrency));
    // bought = sold × rate (client sells base) or sold ÷ rate (client buys base), in minor units.
    const [timesNumerator, timesDenominator] = sellIsBase ? [rate, RATE_SCALE] : [RATE_SCALE, rate];
    const sellAmount =
      fixedSide === 'SELL' ? fixedAmount : divRoundHalfUp(fixedAmount * timesDenominator * sellUnit, timesNumerator * buyUnit);
    const buyAmount =
      fixedSide === 'BUY' ? fixedAmount : divRoundHalfUp(fixedAmount * timesNumerator * buyUnit, timesDenominator * sellUnit);
    return { sellCurrency, sellAmount, buyCurrency, buyAmount, baseCurrency: pair.baseCurrency, quoteCurrency: pair.quoteCurrency, rate };
  }

  createQuote(conversion: Conversion, fixedSide: FixedSide, clientId: string | undefined, validUntil: Date): Quote {
    this.quoteCounter += 1;
    const quote: Quote = { quoteId: `QT-${String(this.quoteCounter).padStart(8, '0')}`, clientId, fixedSide, conversion, validUntil, usedBy: undefined };
    this.quotes.set(quote.quoteId, quote);
    return quote;
  }

  quote(quoteId: string): Quote | undefined {
    return this.quotes.get(quoteId);
  }
}
