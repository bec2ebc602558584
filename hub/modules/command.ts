/**
 * `dbp-hub modules keygen | sign | verify`: the command line of signed modules. cli.ts
 * declares the command and turns a ModulesUsageError into its usage failure (exit 2);
 * a verification failure prints one line per problem, naming module and file, and exits 1.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ModuleKeyError, ModuleVerificationError } from './errors.js';
import { generateKeys, readPrivateKeyFile, trustedModuleKeys, type TrustedModuleKey } from './keys.js';
import { isModuleName } from './manifest.js';
import { hubModules, runningTree } from './registry.js';
import { signModule } from './sign.js';
import { verifyModule } from './verify.js';

export const PRIVATE_KEY_FILE = 'module-signing.private.pem';
export const PUBLIC_KEY_FILE = 'module-signing.public.pem';

export const MODULES_USAGE = [
  'dbp-hub modules keygen --out DIR',
  '       dbp-hub modules sign --key PRIVATE.pem [--name NAME] MODULE_DIR… | --registry [--root DIR]',
  '       dbp-hub modules verify [--keys PUBLIC.pem[,…]] MODULE_DIR… | --registry [--root DIR]',
].join('\n');

export const MODULES_FLAGS = {
  out: { type: 'string' },
  key: { type: 'string' },
  keys: { type: 'string', multiple: true },
  name: { type: 'string' },
  registry: { type: 'boolean' },
  root: { type: 'string' },
} as const;

export const MODULES_FLAG_HELP: Readonly<Record<string, string>> = {
  '--out DIR': `keygen: folder for ${PRIVATE_KEY_FILE} (mode 0600) and ${PUBLIC_KEY_FILE}; existing files are never overwritten`,
  '--key FILE': 'sign: the Ed25519 private key (PKCS#8 PEM)',
  '--name NAME': 'sign: the module name to sign under (one MODULE_DIR only; default: the folder name)',
  '--keys FILES': 'verify: trusted public keys (SPKI PEM), comma-separated or repeated; default: the development key, refused when NODE_ENV=production',
  '--registry': 'sign/verify the modules the hub loads (connectors, flows) under their registered names instead of MODULE_DIRs',
  '--root DIR': 'with --registry: the tree holding them (build/dist for the compiled build; default: the tree this command runs from)',
};

const ACTION_FLAGS: Readonly<Record<string, readonly string[]>> = {
  keygen: ['out'],
  sign: ['key', 'name', 'registry', 'root'],
  verify: ['keys', 'registry', 'root'],
};

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export class ModulesUsageError extends Error {
  override readonly name = 'ModulesUsageError';
}

interface Target {
  readonly dir: string;
  /** Expected (verify) or given (sign) name; absent: any name (verify), the folder name (sign). */
  readonly name?: string;
}

export async function runModulesCommand(values: Values, positionals: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [action, ...rest] = positionals;
  if (action === undefined || !Object.hasOwn(ACTION_FLAGS, action)) throw new ModulesUsageError('modules needs an action: keygen, sign or verify');
  const allowed = ACTION_FLAGS[action]!;
  for (const flag of Object.keys(values)) {
    if (values[flag] !== undefined && flag !== 'help' && !allowed.includes(flag)) throw new ModulesUsageError(`modules ${action}: --${flag} is not one of its options`);
  }
  if (action === 'keygen') return keygen(values, rest);
  const targets = resolveTargets(values, rest, action === 'sign');
  return action === 'sign' ? sign(values, targets) : verify(values, targets, env);
}

async function keygen(values: Values, rest: readonly string[]): Promise<number> {
  if (rest.length > 0) throw new ModulesUsageError('modules keygen takes no arguments');
  if (typeof values.out !== 'string' || values.out === '') throw new ModulesUsageError('modules keygen needs --out DIR');
  const outDir = path.resolve(values.out);
  const privateFile = path.join(outDir, PRIVATE_KEY_FILE);
  const publicFile = path.join(outDir, PUBLIC_KEY_FILE);
  const keys = generateKeys();
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  // 'wx' fails on an existing file, link included: a key is never replaced by accident.
  try {
    await writeFile(privateFile, keys.privateKeyPem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    return refuseOverwrite(error, privateFile);
  }
  try {
    await writeFile(publicFile, keys.publicKeyPem, { mode: 0o644, flag: 'wx' });
  } catch (error) {
    await rm(privateFile, { force: true });
    return refuseOverwrite(error, publicFile);
  }
  console.log(`private key ${privateFile} (mode 0600: keep it secret)\npublic key  ${publicFile}\nkey id      ${keys.keyId}`);
  return 0;
}

function refuseOverwrite(error: unknown, file: string): number {
  if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  console.error(`dbp-hub: modules keygen: ${file} exists; refusing to overwrite a key (nothing was written)`);
  return 1;
}

async function sign(values: Values, targets: readonly Target[]): Promise<number> {
  if (typeof values.key !== 'string' || values.key === '') throw new ModulesUsageError('modules sign needs --key PRIVATE.pem');
  const key = usageOnInvalidKey('modules sign --key', () => readPrivateKeyFile(values.key as string));
  let failed = 0;
  for (const target of targets) {
    try {
      const signed = await signModule(target.dir, key, target.name);
      console.log(`signed ${signed.name}  ${signed.manifest.files.length} files  key ${signed.keyId}  ${signed.dir}`);
    } catch (error) {
      if (!(error instanceof ModuleVerificationError)) throw error;
      printFailure(error);
      failed += 1;
    }
  }
  return failed === 0 ? 0 : 1;
}

async function verify(values: Values, targets: readonly Target[], env: NodeJS.ProcessEnv): Promise<number> {
  const keyFiles = listValues(values.keys).flatMap((value) => value.split(',')).map((file) => file.trim());
  if (keyFiles.some((file) => file === '')) throw new ModulesUsageError('modules verify --keys has an empty file name');
  const keys: readonly TrustedModuleKey[] = usageOnInvalidKey('modules verify --keys', () => trustedModuleKeys({ keyFiles, production: env.NODE_ENV === 'production' }));
  let failed = 0;
  for (const target of targets) {
    try {
      const verified = await verifyModule(target.dir, keys, target.name === undefined ? {} : { name: target.name });
      console.log(`OK   ${verified.name}  ${verified.files.length} files  key ${verified.keyId}  ${verified.dir}`);
    } catch (error) {
      if (!(error instanceof ModuleVerificationError)) throw error;
      printFailure(error);
      failed += 1;
    }
  }
  return failed === 0 ? 0 : 1;
}

function resolveTargets(values: Values, dirs: readonly string[], signing: boolean): readonly Target[] {
  if (values.registry === true) {
    if (dirs.length > 0) throw new ModulesUsageError('modules: give --registry or module folders, not both');
    if (values.name !== undefined) throw new ModulesUsageError('modules sign: --name is for one module folder, not --registry');
    const tree = typeof values.root === 'string' ? { ...runningTree(), root: path.resolve(values.root) } : runningTree();
    return hubModules(tree).map((module) => ({ dir: module.dir, name: module.name }));
  }
  if (values.root !== undefined) throw new ModulesUsageError('modules: --root goes with --registry');
  if (dirs.length === 0) throw new ModulesUsageError('modules: give the module folders, or --registry');
  if (typeof values.name === 'string') {
    if (dirs.length !== 1) throw new ModulesUsageError('modules sign: --name needs exactly one module folder');
    if (!isModuleName(values.name)) throw new ModulesUsageError(`modules sign: --name "${values.name}" is not a module name (letters, digits, . _ - and / between parts)`);
    return [{ dir: path.resolve(dirs[0]!), name: values.name }];
  }
  return dirs.map((dir) => {
    const name = path.basename(path.resolve(dir));
    // Signing without --name records the folder name, which must be a module name.
    if (signing && !isModuleName(name)) throw new ModulesUsageError(`modules sign: the folder name "${name}" is not a module name; give --name`);
    return { dir: path.resolve(dir) };
  });
}

function printFailure(error: ModuleVerificationError): void {
  for (const problem of error.problems) console.error(`FAIL ${error.module} ${problem.file}: ${problem.code} ${problem.detail}`);
}

function usageOnInvalidKey<T>(flag: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    // An unusable key file named on the command line is a usage error; the development
    // key refused in production stays a configuration error (exit 78).
    if (error instanceof ModuleKeyError && error.reason === 'MODULE_KEY_INVALID') throw new ModulesUsageError(`${flag}: ${error.message}`);
    throw error;
  }
}

function listValues(value: Values[string]): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}
