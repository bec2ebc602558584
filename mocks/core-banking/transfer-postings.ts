/**
 * The journal of one transfer: the debtor's debit (converted when needed) and fees, the fee
 * income, the FX position legs of a conversion, and the credit to the creditor account here
 * or to clearing for another bank.
 */
import type { BankCore } from './core.js';
import type { PostingSpec } from './ledger.js';
import type { Evaluation, Pricing, Transfer } from './transfers.js';

export function transferPostings(core: BankCore, transfer: Transfer, evaluation: Evaluation, pricing: Pricing): PostingSpec[] {
  const { instruction } = transfer;
  const debtor = evaluation.debtor!;
  const creditorAccount = evaluation.creditorAccount;
  const ledger = core.ledger;
  const amount = instruction.amount;
  const reference = instruction.creditor.account;
  const common = {
    transferId: transfer.transferId,
    ...(instruction.remittanceInformation !== undefined ? { remittanceInformation: instruction.remittanceInformation } : {}),
  };
  const creditorIban = 'iban' in reference ? reference.iban : creditorAccount?.iban;
  const creditorBic = creditorAccount ? core.bic : instruction.creditor.bic;
  const postings: PostingSpec[] = [
    {
      accountId: debtor.accountId,
      amount: -pricing.debitAmount,
      entry: {
        kind: 'TRANSFER',
        counterparty: { name: instruction.creditor.name, ...(creditorIban ? { iban: creditorIban } : {}), ...(creditorBic ? { bic: creditorBic } : {}) },
        ...(pricing.conversion ? { originalAmount: amount } : {}),
        ...common,
      },
    },
  ];
  for (const fee of pricing.fees) {
    postings.push({ accountId: debtor.accountId, amount: -fee.amount, entry: { kind: 'FEE', remittanceInformation: fee.description, transferId: transfer.transferId } });
  }
  if (pricing.totalFees > 0n) postings.push({ accountId: ledger.gl('FEE_INCOME', debtor.currency), amount: pricing.totalFees });
  if (pricing.conversion) {
    postings.push({ accountId: ledger.gl('FX_POSITION', debtor.currency), amount: pricing.debitAmount });
    postings.push({ accountId: ledger.gl('FX_POSITION', amount.currency), amount: -amount.minor });
  }
  if (creditorAccount) {
    const debtorName = core.holderName(debtor);
    postings.push({
      accountId: creditorAccount.accountId,
      amount: amount.minor,
      entry: { kind: 'TRANSFER', counterparty: { name: debtorName, ...(debtor.iban ? { iban: debtor.iban } : {}), bic: core.bic }, ...common },
    });
  } else {
    postings.push({ accountId: ledger.gl('CLEARING', amount.currency), amount: amount.minor });
  }
  return postings;
}
