/**
 * The conformance kit: runs a contract's suite against any implementation by URL and
 * reports one line per check, a score and, on request, JUnit XML.
 */
import { findContract } from '../../common/contracts/catalog.js';
import { ContractCaller, type Transport } from './caller.js';
import { runChecks, type Check } from './checks.js';
import { summarise, type ConformanceReport } from './report.js';
import { cardsChecks } from './suites/cards.js';
import { coreBankingChecks } from './suites/core-banking.js';
import { crmChecks } from './suites/crm.js';

export const CONFORMANCE_CONTRACTS = ['core-banking', 'cards', 'crm'] as const;
export type ConformanceContract = (typeof CONFORMANCE_CONTRACTS)[number];

/** Fixture identifiers by name, as given on the command line or in a JSON file. */
export type Fixtures = Readonly<Record<string, string>>;

export const FIXTURE_NAMES: Readonly<Record<ConformanceContract, readonly string[]>> = {
  'core-banking': ['clientId', 'accountId', 'loanId', 'depositProductCode', 'depositTermMonths', 'depositAmount', 'creditorIban'],
  cards: ['clientId', 'cardId'],
  crm: ['clientId'],
};

export class FixtureError extends Error {
  override readonly name = 'FixtureError';
}

export interface ConformanceOptions {
  /** How requests are sent; default: plain HTTP POST of the kit's own envelopes. */
  readonly transport?: Transport;
}

export async function runConformance(
  contractId: ConformanceContract,
  endpoint: string,
  fixtures: Fixtures,
  options: ConformanceOptions = {},
): Promise<ConformanceReport> {
  const clientId = fixtures.clientId;
  if (!clientId) throw new FixtureError('the clientId fixture is required (--client-id or "clientId" in the fixtures file)');
  const unknown = Object.keys(fixtures).filter((name) => !FIXTURE_NAMES[contractId].includes(name));
  if (unknown.length > 0) throw new FixtureError(`unknown fixtures for ${contractId}: ${unknown.join(', ')}`);
  const caller = new ContractCaller(findContract(contractId)!, endpoint, options.transport);
  try {
    let checks: Check[];
    if (contractId === 'core-banking') checks = coreBankingChecks(caller, { ...fixtures, clientId });
    else if (contractId === 'cards') checks = cardsChecks(caller, { ...fixtures, clientId });
    else checks = crmChecks(caller, { clientId });
    return summarise(contractId, endpoint, await runChecks(checks));
  } finally {
    caller.dispose();
  }
}
