/**
 * What a caller may do with each operation of a contract, read from the contract itself
 * (each operation's `Retry:` rule in its WSDL documentation, see common/contracts/wsdl-model.ts),
 * never from a hand-kept list:
 *
 * - read: the rule is "safe" and its sentence says the operation only reads or creates and
 *   reserves nothing. Retried, and identical concurrent calls are coalesced.
 * - keyed write: the rule is "safe with the same idempotencyKey". Retried only when the
 *   call carries its idempotencyKey; never coalesced.
 * - write: everything else, including writes the contract calls idempotent by nature
 *   (BlockCard, CancelTransfer, …) and reads with a side effect (a quote that each call
 *   creates anew). Sent once: a repetition could act on a state changed in between.
 */
import { findContract } from '../../common/contracts/catalog.js';
import { loadWsdlModel, type OperationModel } from '../../common/contracts/wsdl-model.js';
import type { BackOfficeId } from './types.js';

export type OperationKind = 'read' | 'keyed-write' | 'write';

export interface OperationPolicy {
  readonly name: string;
  readonly kind: OperationKind;
  /** Local name of the response wrapper element. */
  readonly output: string;
}

/** The sentences of a "safe" retry rule that make an operation a pure read. */
const READ_ONLY_SENTENCES: readonly RegExp[] = [/\bThe operation only reads\./, /\bThe operation creates nothing and reserves nothing\./];

export function classifyOperation(operation: Pick<OperationModel, 'retry' | 'retryText'>): OperationKind {
  if (operation.retry === 'safe with the same idempotencyKey') return 'keyed-write';
  if (operation.retry === 'safe' && READ_ONLY_SENTENCES.some((sentence) => sentence.test(operation.retryText ?? ''))) return 'read';
  return 'write';
}

/** Operation name → policy, for the contract of a back office. */
export function operationPolicies(backOffice: BackOfficeId): ReadonlyMap<string, OperationPolicy> {
  const contract = findContract(backOffice);
  if (!contract) throw new Error(`no contract for the back office ${backOffice}`);
  const policies = new Map<string, OperationPolicy>();
  for (const operation of loadWsdlModel(contract).operations) {
    policies.set(operation.name, { name: operation.name, kind: classifyOperation(operation), output: operation.output.replace(/^\{[^}]*\}/, '') });
  }
  return policies;
}
