/**
 * The applications flow: product applications submitted through the Platform API (the
 * command and its OpenAPI fragment) and created at the CRM by the flow, whose status then
 * follows the CRM's change events. Wired by the composition root only. See docs/flows.md,
 * "Applications".
 */
export { APPLICATIONS_BINDINGS, APPLICATIONS_FLOW, createApplicationsFlow, handleApplicationMessage, type ApplicationOutcome, type ApplicationsFlowOptions } from './flow.js';
export { APPLICATIONS_PATH, createApplicationsCommand, DEFAULT_APPLICATIONS_PAGE, MAX_APPLICATIONS_PAGE, type ApplicationsCommandOptions } from './command.js';
export { APPLICATIONS_OPENAPI } from './openapi.js';
export { APPLICATIONS_ERROR_CODES, type ApplicationsErrorCode } from './errors.js';
export { applicationView, rejectionEvent, STATUS_ROUTING_KEY, SUBMITTED_ROUTING_KEY, type ApplicationView, type SubmittedMessage } from './mapping.js';
export { createApplicationRequest, readApplicationInput, type ApplicationInput, type WireMoney } from './request.js';
