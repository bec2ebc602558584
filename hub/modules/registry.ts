/**
 * The modules the hub loads, in load order, and where they are in the tree this process
 * runs from: the project root with `.ts` files under tsx, `build/dist` with `.js` files in
 * the compiled build (tsconfig.build.json keeps the source layout, rootDir "."; the image
 * copies build/dist). Both are found from this file's own place, hub/modules/, two levels
 * below the root of its tree. Every module is verified before any is imported, so a
 * connector importing connectors/shared only ever gets verified code.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrustedModuleKey } from './keys.js';
import { importVerified, verifyModule, type VerifiedModule } from './verify.js';

interface ModuleDeclaration {
  /** The name the module is signed under: its folder relative to the root of the tree. */
  readonly name: string;
  /** Entry file without extension; none for a module only other modules import. */
  readonly entry?: string;
}

/** Connectors, then flows; shared code first. A flow is added here as `flows/<name>`. */
const MODULES: readonly ModuleDeclaration[] = [
  { name: 'connectors/shared', entry: 'index' },
  { name: 'connectors/core-banking', entry: 'index' },
  { name: 'connectors/cards', entry: 'index' },
  { name: 'connectors/crm', entry: 'index' },
  { name: 'connectors/back-offices', entry: 'index' },
  { name: 'flows/cache-invalidation', entry: 'index' },
  { name: 'flows/timeline', entry: 'index' },
  { name: 'flows/notifications', entry: 'index' },
  { name: 'flows/payments', entry: 'index' },
  { name: 'flows/applications', entry: 'index' },
  { name: 'flows/recurring-payments', entry: 'index' },
];

export interface ModuleTree {
  /** Root of the tree: the project root (sources) or build/dist (compiled). */
  readonly root: string;
  /** Extension of the code files in it. */
  readonly extension: '.ts' | '.js';
}

export interface HubModule {
  readonly name: string;
  /** Absolute path of the module folder. */
  readonly dir: string;
  /** Entry file relative to the folder, with the tree's extension. */
  readonly entry?: string;
}

/** The tree this code runs from. */
export function runningTree(): ModuleTree {
  const here = fileURLToPath(import.meta.url);
  return { root: path.resolve(path.dirname(here), '..', '..'), extension: path.extname(here) === '.ts' ? '.ts' : '.js' };
}

export function hubModules(tree: ModuleTree = runningTree()): readonly HubModule[] {
  return MODULES.map((declaration) => ({
    name: declaration.name,
    dir: path.join(tree.root, ...declaration.name.split('/')),
    ...(declaration.entry ? { entry: `${declaration.entry}${tree.extension}` } : {}),
  }));
}

/** Verifies every module; throws the first ModuleVerificationError. */
export async function verifyHubModules(keys: readonly TrustedModuleKey[], modules: readonly HubModule[] = hubModules()): Promise<readonly VerifiedModule[]> {
  const verified: VerifiedModule[] = [];
  for (const module of modules) verified.push(await verifyModule(module.dir, keys, { name: module.name }));
  return verified;
}

/**
 * What the composition root calls at start, before it builds connectors and flows:
 * verifies all modules, then imports each entry. Answers entry namespaces by module name.
 */
export async function loadHubModules(keys: readonly TrustedModuleKey[], modules: readonly HubModule[] = hubModules()): Promise<ReadonlyMap<string, unknown>> {
  const verified = await verifyHubModules(keys, modules);
  const loaded = new Map<string, unknown>();
  for (const [index, module] of modules.entries()) {
    if (module.entry !== undefined) loaded.set(module.name, await importVerified(verified[index]!, module.entry));
  }
  return loaded;
}
