/** Money in the mocks' contracts: amounts as wire values, and common/money.ts errors as contract faults. */
import { MoneyError, formatAmount } from '../../common/money.js';
import { ContractFault } from '../server/types.js';

/** Minor units of a currency as cmn:Money (or cmn:SignedMoney, when negative). */
export function moneyValue(minor: bigint, currency: string): { amount: string; currency: string } {
  return { amount: formatAmount({ minor, currency }), currency };
}

/** Runs a common/money.ts computation; a MoneyError becomes the contract fault of the same code on `field`. */
export function moneyOrFault<T>(field: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof MoneyError) throw new ContractFault(error.code, error.message, { field });
    throw error;
  }
}
