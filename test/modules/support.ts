/**
 * Support of the signed-module tests: throwaway module folders under the system's
 * temporary directory (never the real connectors), and the error a promise rejects with.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Scratch {
  readonly dir: string;
  /** Writes a module folder `name` with these files (relative paths with `/`). */
  module(name: string, files: Readonly<Record<string, string | Buffer>>): Promise<string>;
  dispose(): Promise<void>;
}

export async function scratch(): Promise<Scratch> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dbp-modules-'));
  return {
    dir,
    async module(name, files) {
      const moduleDir = path.join(dir, name);
      await mkdir(moduleDir, { recursive: true });
      for (const [relative, content] of Object.entries(files)) {
        const file = path.join(moduleDir, ...relative.split('/'));
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, content);
      }
      return moduleDir;
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(Error);
    return error as Error;
  }
  expect.fail('expected a rejection');
}

/** A small module as a connector ships it: code, a nested file, a hidden file, a source map. */
export const SAMPLE_FILES: Readonly<Record<string, string>> = {
  'index.mjs': "export const loaded = 'sample';\n",
  'lib/mapping.mjs': 'export function map(value) { return value; }\n',
  'lib/mapping.mjs.map': '{"version":3,"sources":["mapping.ts"],"mappings":""}\n',
  '.editorconfig': 'root = true\n',
};
