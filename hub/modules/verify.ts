/**
 * Verifies a module folder against pinned public keys, then — only then — imports it.
 * Order: the signature file names a trusted key; the signature matches the manifest's
 * exact bytes; the manifest is well-formed and names the expected module; every file in
 * the folder is read once and its bytes compared with the manifest. Any difference stops
 * the load with a coded ModuleVerificationError naming the module and the file(s).
 */
import { verify } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ModuleVerificationError, type ModuleProblem, type ModuleVerificationCode } from './errors.js';
import { moduleDirectoryKind, readModuleContent, readRegularFile } from './files.js';
import type { TrustedModuleKey } from './keys.js';
import {
  MANIFEST_FILE,
  MANIFEST_MAX_BYTES,
  ManifestFormatError,
  SIGNATURE_FILE,
  SIGNATURE_MAX_BYTES,
  compareManifestPaths,
  decodeManifest,
  decodeSignature,
  type Manifest,
  type ManifestEntry,
  type ManifestSignature,
} from './manifest.js';

export interface VerifiedModule {
  readonly name: string;
  /** Absolute path of the module folder. */
  readonly dir: string;
  readonly keyId: string;
  /** The files as verified: every one of them is in the folder with these bytes. */
  readonly files: readonly ManifestEntry[];
}

export interface VerifyOptions {
  /**
   * The name the module must have been signed under; without it any name is accepted.
   * Given by the registry, so that one signed module copied over another is refused.
   */
  readonly name?: string;
}

export async function verifyModule(dir: string, trustedKeys: readonly TrustedModuleKey[], options: VerifyOptions = {}): Promise<VerifiedModule> {
  const moduleDir = path.resolve(dir);
  let label = options.name ?? moduleDir;
  const fail = (code: ModuleVerificationCode, file: string, detail: string, cause?: unknown): never => {
    throw ModuleVerificationError.single(label, moduleDir, code, file, detail, cause);
  };

  const kind = await moduleDirectoryKind(moduleDir);
  if (kind === 'missing') fail('MODULE_MANIFEST_MISSING', MANIFEST_FILE, `the module folder ${moduleDir} does not exist`);
  if (kind !== 'directory') fail('MODULE_FILE_UNSAFE', '.', `the module folder ${moduleDir} is ${kind === 'symbolic link' ? 'a symbolic link' : 'not a directory'}`);

  const manifestBytes = await readSignedFile(moduleDir, MANIFEST_FILE, MANIFEST_MAX_BYTES, fail);
  const signatureBytes = await readSignedFile(moduleDir, SIGNATURE_FILE, SIGNATURE_MAX_BYTES, fail);
  let signature: ManifestSignature;
  try {
    signature = decodeSignature(signatureBytes);
  } catch (error) {
    return fail('MODULE_SIGNATURE_INVALID', SIGNATURE_FILE, `the signature file is malformed: ${formatError(error)}`, error);
  }
  const key = trustedKeys.find((candidate) => candidate.keyId === signature.keyId);
  if (!key) return fail('MODULE_KEY_UNTRUSTED', SIGNATURE_FILE, `signed by key ${signature.keyId}, which is not a trusted module key`);
  if (!verifySignature(manifestBytes, key, signature)) {
    return fail('MODULE_SIGNATURE_INVALID', MANIFEST_FILE, `the signature by key ${key.keyId} (${key.source}) does not match the manifest: it was changed after signing`);
  }

  // From here on the manifest's bytes are the signer's: decoding problems mean a signer of
  // another format or a name mismatch, not tampering.
  let manifest: Manifest;
  try {
    manifest = decodeManifest(manifestBytes);
  } catch (error) {
    return fail('MODULE_MANIFEST_INVALID', MANIFEST_FILE, `the manifest is not acceptable: ${formatError(error)}`, error);
  }
  if (manifest.keyId !== signature.keyId) fail('MODULE_SIGNATURE_INVALID', SIGNATURE_FILE, `the signature file names key ${signature.keyId} but the manifest names ${manifest.keyId}`);
  if (options.name !== undefined && manifest.module !== options.name) {
    fail('MODULE_MANIFEST_INVALID', MANIFEST_FILE, `the manifest was signed for module "${manifest.module}", not "${options.name}"`);
  }
  label = manifest.module;

  const content = await readModuleContent(moduleDir);
  const [first, ...more] = compare(manifest.files, content.files, content.unsafe);
  if (first) throw new ModuleVerificationError(label, moduleDir, [first, ...more]);
  return Object.freeze({ name: manifest.module, dir: moduleDir, keyId: key.keyId, files: manifest.files });
}

export interface LoadedModule<T> {
  readonly module: VerifiedModule;
  /** The namespace object of the entry file. */
  readonly exports: T;
}

/**
 * Verifies the module, then imports its entry file (relative to the folder, `/`-separated,
 * and one of the signed files). Nothing of the module runs when verification fails.
 *
 * What is left between check and use: import() reads the files again from disk, after
 * they were hashed. A process that can write into the module folder during those
 * milliseconds could swap a file. That is accepted: such a process can equally rewrite
 * the hub's own code (hub/, node_modules/), which no signature covers; in the image the
 * code is owned by root and the hub runs as `node`, so nothing the hub runs can write
 * there. The window is kept short — the import follows the verification directly, all
 * modules are verified before any is imported, and files are opened without following
 * links — and modules must not import their own files lazily (a later `import()` inside a
 * module reads a file long after it was checked).
 */
export async function loadVerifiedModule<T = unknown>(dir: string, entry: string, trustedKeys: readonly TrustedModuleKey[], options: VerifyOptions = {}): Promise<LoadedModule<T>> {
  const verified = await verifyModule(dir, trustedKeys, options);
  return { module: verified, exports: await importVerified<T>(verified, entry) };
}

/** Imports the entry of a module verified before; the entry must be one of its signed files. */
export async function importVerified<T = unknown>(verified: VerifiedModule, entry: string): Promise<T> {
  if (!verified.files.some((file) => file.path === entry)) {
    throw ModuleVerificationError.single(verified.name, verified.dir, 'MODULE_FILE_MISSING', entry, 'the entry file is not one of the signed files of the module');
  }
  return (await import(pathToFileURL(path.join(verified.dir, ...entry.split('/'))).href)) as T;
}

function compare(signed: readonly ManifestEntry[], found: readonly ManifestEntry[], unsafe: readonly { path: string; reason: string }[]): ModuleProblem[] {
  const problems: ModuleProblem[] = unsafe.map((entry) => ({ code: 'MODULE_FILE_UNSAFE', file: entry.path, detail: entry.reason }));
  const onDisk = new Map(found.map((file) => [file.path, file]));
  const unsafePaths = new Set(unsafe.map((entry) => entry.path));
  for (const file of signed) {
    const actual = onDisk.get(file.path);
    onDisk.delete(file.path);
    if (actual === undefined) {
      if (!unsafePaths.has(file.path)) problems.push({ code: 'MODULE_FILE_MISSING', file: file.path, detail: 'the file is in the manifest but not in the folder' });
    } else if (actual.size !== file.size || actual.sha256 !== file.sha256) {
      problems.push({ code: 'MODULE_FILE_CHANGED', file: file.path, detail: `the file was changed after signing (${actual.size} bytes, SHA-256 ${actual.sha256.slice(0, 12)}…; signed ${file.size} bytes, ${file.sha256.slice(0, 12)}…)` });
    }
  }
  for (const file of onDisk.values()) problems.push({ code: 'MODULE_FILE_ADDED', file: file.path, detail: 'the file is in the folder but not in the manifest' });
  return problems.sort((a, b) => compareManifestPaths(a.file, b.file));
}

function verifySignature(manifestBytes: Buffer, key: TrustedModuleKey, signature: ManifestSignature): boolean {
  try {
    return verify(null, manifestBytes, key.publicKey, Buffer.from(signature.signature, 'base64'));
  } catch {
    return false;
  }
}

async function readSignedFile(
  moduleDir: string,
  file: string,
  maxBytes: number,
  fail: (code: ModuleVerificationCode, file: string, detail: string) => never,
): Promise<Buffer> {
  const read = await readRegularFile(path.join(moduleDir, file), maxBytes);
  if (read === 'vanished') return fail('MODULE_MANIFEST_MISSING', file, `${file} is missing: the module is not signed (dbp-hub modules sign)`);
  if (read === 'not-regular') return fail('MODULE_FILE_UNSAFE', file, `${file} is not a regular file (links are refused)`);
  if (read === 'too-large') return fail(file === SIGNATURE_FILE ? 'MODULE_SIGNATURE_INVALID' : 'MODULE_MANIFEST_INVALID', file, `${file} is larger than ${maxBytes} bytes`);
  return read;
}

function formatError(error: unknown): string {
  return error instanceof ManifestFormatError ? error.message : 'unreadable';
}
