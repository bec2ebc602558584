/**
 * The notification preferences' part of the Platform API's OpenAPI 3.1 document: the
 * client reads them, and replaces the channels of the categories it names (the others
 * keep theirs; security notifications cannot be switched off).
 */
import { CATEGORIES, CHANNELS } from './model.js';

export const PREFERENCES_PATH = '/platform/v1/clients/me/notification-preferences';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const channels = { type: 'array', items: { type: 'string', enum: CHANNELS }, uniqueItems: true } as const;
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/Problem${status}` }]));
const ok = { '200': { description: 'OK', content: { 'application/json': { schema: ref('NotificationPreferencesResponse') } } } };

export const PREFERENCES_OPENAPI = {
  paths: {
    [PREFERENCES_PATH]: {
      get: { operationId: 'getMyNotificationPreferences', summary: 'The channels the client is notified on, per category', security: [{ bearer: [] }], responses: { ...ok, ...problems(401, 405) } },
      put: {
        operationId: 'changeMyNotificationPreferences',
        summary: 'Replaces the channels of the categories given; the others keep theirs',
        security: [{ bearer: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: ref('NotificationPreferenceChange') } } },
        responses: { ...ok, ...problems(400, 401, 405) },
      },
    },
  },
  schemas: {
    NotificationPreferenceChange: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(CATEGORIES.map((category) => [category, channels])),
      description: 'Categories to change and their new channels; security cannot be changed.',
    },
    NotificationPreferences: {
      type: 'object',
      required: ['clientId', 'categories'],
      properties: {
        clientId: { type: 'string' },
        categories: {
          type: 'object',
          required: [...CATEGORIES],
          properties: Object.fromEntries(
            CATEGORIES.map((category) => [
              category,
              {
                type: 'object',
                required: ['channels', 'source'],
                properties: { channels, source: { type: 'string', enum: ['default', 'client', 'mandatory'] }, updatedAt: { type: 'string', format: 'date-time' } },
              },
            ]),
          ),
        },
      },
    },
    NotificationPreferencesResponse: { type: 'object', required: ['data'], properties: { data: ref('NotificationPreferences') } },
  },
} as const;
