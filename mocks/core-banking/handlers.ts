/**
 * The CoreBanking operation handlers. Each request first lets the bank's due jobs run (so
 * time moves the mock along: holds expire, transfers settle, standing orders execute),
 * then runs its operation synchronously. A fault whose code the operation's documentation
 * does not list is a bug of the mock: it becomes an ordinary error, answered INTERNAL_ERROR.
 */
import { findContract } from '../../common/contracts/catalog.js';
import { loadWsdlModel } from '../../common/contracts/wsdl-model.js';
import type { EncodableObject, PlainObject } from '../../common/soap/codec.js';
import { ContractFault, type ServiceHandlers } from '../server/types.js';
import { accountHandlers } from './handlers-accounts.js';
import { paymentHandlers } from './handlers-payments.js';
import { productHandlers } from './handlers-products.js';
import type { CoreBankingState } from './state.js';

export type OperationHandlers = Record<string, (request: PlainObject) => EncodableObject>;

export class UndocumentedFaultError extends Error {
  override readonly name = 'UndocumentedFaultError';
}

export function createCoreBankingHandlers(state: CoreBankingState): ServiceHandlers {
  const contract = findContract('core-banking');
  if (!contract) throw new Error('the core-banking contract is not in the catalog');
  const operations = loadWsdlModel(contract).operations;
  const implementations: OperationHandlers = { ...accountHandlers(state), ...paymentHandlers(state), ...productHandlers(state) };
  const handlers: ServiceHandlers = {};
  const result: Record<string, ServiceHandlers[string]> = handlers as Record<string, ServiceHandlers[string]>;
  for (const operation of operations) {
    const implementation = implementations[operation.name];
    if (!implementation) throw new Error(`core-banking mock has no handler for ${operation.name}`);
    const documented = new Set(operation.faultCodes);
    result[operation.name] = (request) => {
      try {
        state.runDueJobs();
        return implementation(request);
      } catch (error) {
        if (error instanceof ContractFault && !documented.has(error.code)) {
          throw new UndocumentedFaultError(`${operation.name} raised ${error.code}, which its documentation does not list: ${error.message}`);
        }
        throw error;
      }
    };
  }
  return handlers;
}
