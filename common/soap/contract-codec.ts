/** The codec of one contract: its schemas loaded once, with the contract's namespace prefixes. */
import type { Contract } from '../contracts/catalog.js';
import { loadSchemaSet } from '../contracts/schema-model.js';
import { MessageCodec } from './codec.js';
import { CMN_NS } from './envelope.js';

export function createContractCodec(contract: Contract): MessageCodec {
  return new MessageCodec(
    loadSchemaSet(contract.wsdl),
    new Map([
      [contract.namespace, contract.prefix],
      [CMN_NS, 'cmn'],
    ]),
  );
}
