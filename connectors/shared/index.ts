/**
 * The public surface of connectors/shared: the resilient caller that the typed clients of
 * each back office (connectors/core-banking, connectors/cards, connectors/crm) send their
 * operations through, its settings, errors and metrics. docs/connectors.md describes them
 * for operators.
 */
export type { BackOfficeId, CallOptions, OperationCall, OperationCaller } from './types.js';
export { BACK_OFFICE_IDS, operationCall } from './types.js';
export {
  createOperationCaller,
  type ConnectorClock,
  type ConnectorHealth,
  type ConnectorLogger,
  type ConnectorSettingsInput,
  type ConnectorStatus,
  type CreateOperationCallerOptions,
  type ManagedOperationCaller,
} from './caller.js';
export {
  CALL_ERRORS,
  CONNECTOR_ERRORS,
  ConnectorError,
  FAIL_FAST_CODES,
  isUnwell,
  type CallErrorCode,
  type ConnectorErrorCode,
  type ConnectorErrorSpec,
  type ReceivedFault,
} from './errors.js';
export {
  SETTINGS,
  ConnectorSettingsError,
  defaultConnectorSettings,
  parseConnectorSettings,
  type BreakerSettings,
  type BulkheadSettings,
  type ConnectorSettings,
  type RateSettings,
  type RetrySettings,
  type SecuritySettings,
  type SettingPath,
  type SoapVersion,
  type TlsSettings,
  type UsernameTokenSettings,
  type X509Settings,
} from './settings.js';
export {
  CALL_DURATION_BUCKETS,
  CIRCUIT_STATE_VALUES,
  createConnectorMetrics,
  type CallOutcome,
  type CircuitStateName,
  type ConnectorMetrics,
} from './metrics.js';
export { classifyOperation, operationPolicies, type OperationKind, type OperationPolicy } from './operations.js';
export { asList } from './values.js';
