/**
 * The published contracts: where their files are and where they are served.
 * Everything that needs to know "which contracts exist" (serving, docs, interop and
 * conformance tests, the CLI) reads this one list.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type ContractId = 'core-banking' | 'cards' | 'crm' | 'cache-control';

export interface Contract {
  /** Stable id used in URLs, folders and CLI arguments. */
  readonly id: ContractId;
  /** Service name as in the WSDL (`<name>Service`, `<name>PortType`). */
  readonly name: string;
  readonly title: string;
  readonly namespace: string;
  /** The namespace prefix used in documentation and examples. */
  readonly prefix: string;
  /** Who implements the contract: the bank (the hub calls it) or the hub (the bank calls it). */
  readonly implementedBy: 'bank' | 'hub';
  /** WSDL path relative to the contracts directory. */
  readonly wsdl: string;
  /** HTTP path of the SOAP endpoint; the WSDL is served at `<path>?wsdl`. */
  readonly endpointPath: string;
}

export const CONTRACTS: readonly Contract[] = Object.freeze([
  {
    id: 'core-banking',
    name: 'CoreBanking',
    title: 'Core banking (ABS)',
    namespace: 'urn:dbp:corebanking:v1',
    prefix: 'cb',
    implementedBy: 'bank',
    wsdl: 'core-banking/v1/CoreBanking.wsdl',
    endpointPath: '/soap/CoreBanking',
  },
  {
    id: 'cards',
    name: 'Cards',
    title: 'Card processing',
    namespace: 'urn:dbp:cards:v1',
    prefix: 'crd',
    implementedBy: 'bank',
    wsdl: 'cards/v1/Cards.wsdl',
    endpointPath: '/soap/Cards',
  },
  {
    id: 'crm',
    name: 'Crm',
    title: 'CRM',
    namespace: 'urn:dbp:crm:v1',
    prefix: 'crm',
    implementedBy: 'bank',
    wsdl: 'crm/v1/Crm.wsdl',
    endpointPath: '/soap/Crm',
  },
  {
    id: 'cache-control',
    name: 'CacheControl',
    title: 'Cache control (change events from the back offices)',
    namespace: 'urn:dbp:cachecontrol:v1',
    prefix: 'cc',
    implementedBy: 'hub',
    wsdl: 'cache-control/v1/CacheControl.wsdl',
    endpointPath: '/soap/CacheControl',
  },
] as const);

export const CONTRACT_IDS: readonly ContractId[] = CONTRACTS.map((contract) => contract.id);

export function findContract(id: string): Contract | undefined {
  return CONTRACTS.find((contract) => contract.id === id);
}

/** Absolute path of the `wsdl/` directory, found from this module both in the source tree and in a build. */
export const CONTRACTS_DIR: string = locateContractsDir();

export function contractFile(relative: string): string {
  return path.join(CONTRACTS_DIR, relative);
}

function locateContractsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'wsdl');
    if (existsSync(path.join(candidate, 'common', 'v1', 'common.xsd'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('the wsdl/ directory with the contracts was not found');
    dir = parent;
  }
}
