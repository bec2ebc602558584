/**
 * The timeline flow: each client's activity feed (account entries, payments, card,
 * application, loan and deposit changes) kept from dbp.events, and its read for the
 * Platform API. Wired by the composition root only: the flow to the bus, the endpoint
 * and the OpenAPI fragment to the Platform API. See docs/flows.md, "Timeline".
 */
export { createTimelineFlow, handleTimelineMessage, TIMELINE_BINDINGS, TIMELINE_FLOW } from './flow.js';
export { createTimelineEndpoint, TIMELINE_PATH, type TimelineAnswer, type TimelineEndpoint } from './endpoint.js';
export { TIMELINE_DETAILS_SCHEMAS, TIMELINE_OPENAPI } from './openapi.js';
export { MAX_TIMELINE_PAGE, timelinePage } from './page.js';
export { timelineEntryView, timelinePageView, type TimelineEntryView, type TimelinePageView } from './view.js';
export { TIMELINE_ERROR_CODES, type TimelineErrorCode } from './errors.js';
export type { RecordOutcome } from './entries.js';
export type * from './types.js';
export { TIMELINE_KINDS } from './types.js';
