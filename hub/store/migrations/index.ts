/** Every migration of the store, in order. TypeORM runs those not yet recorded at start. */
import type { MigrationInterface } from 'typeorm';
import { InitialSchema1764000000001 } from './0001-initial-schema.js';
import { BusSchema1764000000002 } from './0002-bus.js';
import { Timeline1764000000003 } from './0003-timeline.js';
import { Notifications1764000000004 } from './0004-notifications.js';
import { Payments1764000000005 } from './0005-payments.js';
import { Applications1764000000006 } from './0006-applications.js';
import { RecurringPayments1764000000007 } from './0007-recurring-payments.js';

export const MIGRATIONS: ReadonlyArray<new () => MigrationInterface> = [InitialSchema1764000000001, BusSchema1764000000002, Timeline1764000000003, Notifications1764000000004, Payments1764000000005, Applications1764000000006, RecurringPayments1764000000007];
