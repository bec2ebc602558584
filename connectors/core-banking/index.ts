/**
 * The CoreBanking connector: the typed client of the core banking system (ABS), the pure
 * mapping between its SOAP messages and the hub's domain model, its domain types and what
 * its failures mean. The composition root builds the client on the core-banking caller of
 * connectors/shared: `new CoreBankingClient(caller)`.
 */
export { CoreBankingClient, CORE_BANKING_OPERATIONS, type CoreBankingOperation } from './client.js';
export * from './errors.js';
export * from './mapping.js';
export * from './types.js';
