/**
 * Signs a module folder: lists and hashes its files, writes the canonical manifest and
 * the detached signature over its bytes. Both are written to temporary names and renamed
 * into place, so an interrupted run leaves the old pair or a pair that fails verification,
 * never a manifest that verifies with content it does not describe.
 */
import { createPublicKey, sign, type KeyObject } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ModuleVerificationError } from './errors.js';
import { MANIFEST_TEMP_FILE, SIGNATURE_TEMP_FILE, moduleDirectoryKind, readModuleContent } from './files.js';
import { keyIdOf, parsePrivateKey } from './keys.js';
import { MANIFEST_FILE, MANIFEST_FORMAT, SIGNATURE_FILE, SIGNATURE_FORMAT, encodeManifest, encodeSignature, isModuleName, type Manifest } from './manifest.js';

export interface SignedModule {
  readonly name: string;
  readonly dir: string;
  readonly keyId: string;
  readonly manifest: Manifest;
}

/**
 * Writes `module.manifest.json` and `module.manifest.sig` into `dir`. The name defaults to
 * the folder's base name; the registry signs its modules under their registry names
 * (`connectors/cards`). Throws ModuleVerificationError (MODULE_FILE_UNSAFE) for a folder
 * with links or special files, and ModuleKeyError for a key that is not Ed25519.
 */
export async function signModule(dir: string, privateKey: KeyObject | string, name?: string): Promise<SignedModule> {
  const moduleDir = path.resolve(dir);
  const moduleName = name ?? path.basename(moduleDir);
  if (!isModuleName(moduleName)) throw new TypeError(`"${moduleName}" is not a module name (letters, digits, . _ - and / between parts)`);
  const key = typeof privateKey === 'string' ? parsePrivateKey(privateKey, 'the private key') : privateKey;
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') throw new TypeError('module keys are Ed25519 private keys');
  await requireDirectory(moduleName, moduleDir);
  // Left by an interrupted run: reserved names, removed before listing so they are not signed.
  await Promise.all([MANIFEST_TEMP_FILE, SIGNATURE_TEMP_FILE].map((file) => rm(path.join(moduleDir, file), { force: true })));
  const content = await readModuleContent(moduleDir);
  const [firstUnsafe, ...moreUnsafe] = content.unsafe.map((entry) => ({ code: 'MODULE_FILE_UNSAFE' as const, file: entry.path, detail: entry.reason }));
  if (firstUnsafe) throw new ModuleVerificationError(moduleName, moduleDir, [firstUnsafe, ...moreUnsafe]);
  const keyId = keyIdOf(createPublicKey(key));
  const manifest: Manifest = { format: MANIFEST_FORMAT, module: moduleName, keyId, files: content.files };
  const manifestBytes = encodeManifest(manifest);
  const signatureBytes = encodeSignature({ format: SIGNATURE_FORMAT, algorithm: 'ed25519', keyId, signature: sign(null, manifestBytes, key).toString('base64') });
  const manifestTemp = path.join(moduleDir, MANIFEST_TEMP_FILE);
  const signatureTemp = path.join(moduleDir, SIGNATURE_TEMP_FILE);
  try {
    await writeFile(manifestTemp, manifestBytes, { mode: 0o644 });
    await writeFile(signatureTemp, signatureBytes, { mode: 0o644 });
    await rename(manifestTemp, path.join(moduleDir, MANIFEST_FILE));
    await rename(signatureTemp, path.join(moduleDir, SIGNATURE_FILE));
  } finally {
    await Promise.all([manifestTemp, signatureTemp].map((file) => rm(file, { force: true })));
  }
  return { name: moduleName, dir: moduleDir, keyId, manifest };
}

async function requireDirectory(moduleName: string, moduleDir: string): Promise<void> {
  const kind = await moduleDirectoryKind(moduleDir);
  if (kind === 'missing') throw ModuleVerificationError.single(moduleName, moduleDir, 'MODULE_FILE_MISSING', '.', `the module folder ${moduleDir} does not exist`);
  if (kind !== 'directory') throw ModuleVerificationError.single(moduleName, moduleDir, 'MODULE_FILE_UNSAFE', '.', `the module folder ${moduleDir} is ${kind === 'symbolic link' ? 'a symbolic link' : 'not a directory'}`);
}
