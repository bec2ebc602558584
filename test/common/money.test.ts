import { expect } from 'chai';
import {
  MoneyError,
  addMoney,
  compareMoney,
  currencyExponent,
  formatAmount,
  parseAmount,
  subtractMoney,
} from '../../common/money.js';

function refusal(fn: () => unknown): MoneyError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(MoneyError);
    return error as MoneyError;
  }
  throw new Error('expected a MoneyError');
}

describe('money', () => {
  it('knows ISO 4217 exponents', () => {
    expect(currencyExponent('JPY')).to.equal(0);
    expect(currencyExponent('EUR')).to.equal(2);
    expect(currencyExponent('KWD')).to.equal(3);
    expect(currencyExponent('CLF')).to.equal(4);
  });

  it('parses decimal strings into bigint minor units', () => {
    expect(parseAmount('1250.50', 'EUR')).to.deep.equal({ minor: 125050n, currency: 'EUR' });
    expect(parseAmount('1250.5', 'EUR').minor).to.equal(125050n);
    expect(parseAmount('1250', 'EUR').minor).to.equal(125000n);
    expect(parseAmount('0', 'EUR').minor).to.equal(0n);
    expect(parseAmount('1000', 'JPY').minor).to.equal(1000n);
    expect(parseAmount('1.005', 'KWD').minor).to.equal(1005n);
    expect(parseAmount('999999999999999999.99', 'EUR').minor).to.equal(99999999999999999999n);
  });

  it('keeps precision a JavaScript number would lose', () => {
    const sum = addMoney(parseAmount('0.1', 'EUR'), parseAmount('0.2', 'EUR'));
    expect(formatAmount(sum)).to.equal('0.30');
    expect(formatAmount(parseAmount('9007199254740993.01', 'EUR'))).to.equal('9007199254740993.01');
  });

  it('accepts a sign only when asked', () => {
    expect(parseAmount('-35.10', 'EUR', { signed: true }).minor).to.equal(-3510n);
    expect(parseAmount('-0', 'EUR', { signed: true }).minor).to.equal(0n);
    expect(refusal(() => parseAmount('-35.10', 'EUR')).code).to.equal('INVALID_MONEY');
  });

  it('formats with exactly the minor digits of the currency', () => {
    expect(formatAmount({ minor: 125050n, currency: 'EUR' })).to.equal('1250.50');
    expect(formatAmount({ minor: 5n, currency: 'EUR' })).to.equal('0.05');
    expect(formatAmount({ minor: -5n, currency: 'EUR' })).to.equal('-0.05');
    expect(formatAmount({ minor: 1000n, currency: 'JPY' })).to.equal('1000');
    expect(formatAmount({ minor: 1n, currency: 'KWD' })).to.equal('0.001');
    expect(formatAmount({ minor: 12345n, currency: 'CLF' })).to.equal('1.2345');
  });

  it('round-trips every formatted value', () => {
    for (const [minor, currency] of [[0n, 'EUR'], [1n, 'KWD'], [-99n, 'USD'], [123456789n, 'JPY']] as const) {
      const text = formatAmount({ minor, currency });
      expect(parseAmount(text, currency, { signed: true }).minor).to.equal(minor);
    }
  });

  it('refuses exponents, floats with too many decimals and non-numeric input', () => {
    for (const bad of ['1e3', '1E-2', '1.5e2', 'abc', '', ' 1', '1 ', '1,00', '01', '+1', '.5', '5.', '1.2.3', 'NaN', 'Infinity', '0x10']) {
      const error = refusal(() => parseAmount(bad, 'EUR'));
      expect(error.code, bad).to.equal('INVALID_MONEY');
    }
    expect(refusal(() => parseAmount('1e3', 'EUR')).message).to.contain('exponent');
    expect(refusal(() => parseAmount('10.001', 'EUR')).message).to.contain('EUR allows at most 2');
    expect(refusal(() => parseAmount('10.5', 'JPY')).code).to.equal('INVALID_MONEY');
    expect(refusal(() => parseAmount('1.0001', 'KWD')).code).to.equal('INVALID_MONEY');
    expect(refusal(() => parseAmount('1234567890123456789', 'EUR')).code).to.equal('INVALID_MONEY');
    expect(refusal(() => parseAmount(10.5 as unknown as string, 'EUR')).code).to.equal('INVALID_MONEY');
  });

  it('refuses unknown and lower-case currency codes', () => {
    for (const bad of ['eur', 'Eur', 'EURO', 'EU', 'ABC', 'XAU', 'XTS', '', '€']) {
      const error = refusal(() => parseAmount('1', bad));
      expect(error.code, bad).to.equal('UNKNOWN_CURRENCY');
    }
  });

  it('does arithmetic only within one currency', () => {
    const eur = parseAmount('10', 'EUR');
    expect(formatAmount(subtractMoney(eur, parseAmount('12.50', 'EUR')))).to.equal('-2.50');
    expect(compareMoney(eur, parseAmount('9.99', 'EUR'))).to.equal(1);
    expect(refusal(() => addMoney(eur, parseAmount('10', 'USD'))).code).to.equal('INVALID_MONEY');
  });

  it('refuses a number where bigint minor units are expected', () => {
    expect(refusal(() => formatAmount({ minor: 10 as unknown as bigint, currency: 'EUR' })).code).to.equal('INVALID_MONEY');
  });
});
