/** Every migration of the store, in order. TypeORM runs those not yet recorded at start. */
import type { MigrationInterface } from 'typeorm';
import { InitialSchema1764000000001 } from './0001-initial-schema.js';

export const MIGRATIONS: ReadonlyArray<new () => MigrationInterface> = [InitialSchema1764000000001];
