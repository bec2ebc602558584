/**
 * The two files that make a module folder signed: `module.manifest.json`, the canonical
 * JSON list of the folder's files with their SHA-256 and size, and `module.manifest.sig`,
 * the detached Ed25519 signature over the exact bytes of the manifest with the id of the
 * signing key. Decoding is strict (exact fields, canonical form, sorted unique paths):
 * a document that a signer of this code could not have written is refused.
 */
import { canonicalJson } from './canonical-json.js';

export const MANIFEST_FILE = 'module.manifest.json';
export const SIGNATURE_FILE = 'module.manifest.sig';
export const MANIFEST_FORMAT = 'dbp-module-manifest/1';
export const SIGNATURE_FORMAT = 'dbp-module-signature/1';

/** Largest manifest and signature file read: module folders hold source files, not data. */
export const MANIFEST_MAX_BYTES = 8 * 1024 * 1024;
export const SIGNATURE_MAX_BYTES = 4096;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
const KEY_ID = /^[0-9a-f]{64}$/;
const SHA256 = /^[0-9a-f]{64}$/;

export interface ManifestEntry {
  /** Relative to the module folder, `/`-separated. */
  readonly path: string;
  /** Lowercase hex SHA-256 of the file's bytes. */
  readonly sha256: string;
  readonly size: number;
}

export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly module: string;
  /** Id of the signing key, also in the signature file: the manifest names its signer. */
  readonly keyId: string;
  /** Sorted by the UTF-8 bytes of the path, each path once. */
  readonly files: readonly ManifestEntry[];
}

export interface ManifestSignature {
  readonly format: typeof SIGNATURE_FORMAT;
  readonly algorithm: 'ed25519';
  readonly keyId: string;
  /** Base64 of the 64-byte Ed25519 signature over the manifest file's bytes. */
  readonly signature: string;
}

/** Why a document was refused; the caller turns it into a coded ModuleVerificationError. */
export class ManifestFormatError extends Error {
  override readonly name = 'ManifestFormatError';
}

export function isModuleName(name: string): boolean {
  return name.length <= 200 && NAME.test(name);
}

export function compareManifestPaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function encodeManifest(manifest: Manifest): Buffer {
  return Buffer.from(canonicalJson({ ...manifest, files: manifest.files.map((file) => ({ ...file })) }), 'utf8');
}

export function encodeSignature(signature: ManifestSignature): Buffer {
  return Buffer.from(canonicalJson({ ...signature }), 'utf8');
}

export function decodeSignature(bytes: Buffer): ManifestSignature {
  const value = parseCanonical(bytes, SIGNATURE_FILE);
  exactFields(value, ['algorithm', 'format', 'keyId', 'signature'], SIGNATURE_FILE);
  const { format, algorithm, keyId, signature } = value;
  if (format !== SIGNATURE_FORMAT) throw new ManifestFormatError(`format must be ${SIGNATURE_FORMAT}`);
  if (algorithm !== 'ed25519') throw new ManifestFormatError('algorithm must be ed25519');
  if (typeof keyId !== 'string' || !KEY_ID.test(keyId)) throw new ManifestFormatError('keyId must be 64 lowercase hex digits');
  if (typeof signature !== 'string' || Buffer.from(signature, 'base64').length !== 64 || Buffer.from(signature, 'base64').toString('base64') !== signature) {
    throw new ManifestFormatError('signature must be the base64 of 64 bytes');
  }
  return { format, algorithm, keyId, signature };
}

export function decodeManifest(bytes: Buffer): Manifest {
  const value = parseCanonical(bytes, MANIFEST_FILE);
  exactFields(value, ['files', 'format', 'keyId', 'module'], MANIFEST_FILE);
  const { format, module, keyId, files } = value;
  if (format !== MANIFEST_FORMAT) throw new ManifestFormatError(`format must be ${MANIFEST_FORMAT}, not ${JSON.stringify(format)}`);
  if (typeof module !== 'string' || !isModuleName(module)) throw new ManifestFormatError('module must be a module name');
  if (typeof keyId !== 'string' || !KEY_ID.test(keyId)) throw new ManifestFormatError('keyId must be 64 lowercase hex digits');
  if (!Array.isArray(files)) throw new ManifestFormatError('files must be an array');
  const entries = files.map((file: unknown, index): ManifestEntry => {
    const where = `files[${index}]`;
    if (typeof file !== 'object' || file === null || Array.isArray(file)) throw new ManifestFormatError(`${where} must be an object`);
    const entry = file as Record<string, unknown>;
    exactFields(entry, ['path', 'sha256', 'size'], where);
    if (typeof entry.path !== 'string' || !isSafeRelativePath(entry.path)) throw new ManifestFormatError(`${where}.path is not a safe relative path`);
    if (typeof entry.sha256 !== 'string' || !SHA256.test(entry.sha256)) throw new ManifestFormatError(`${where}.sha256 must be 64 lowercase hex digits`);
    if (typeof entry.size !== 'number' || !Number.isSafeInteger(entry.size) || entry.size < 0) throw new ManifestFormatError(`${where}.size must be a whole number`);
    if (index > 0 && compareManifestPaths((files[index - 1] as ManifestEntry).path, entry.path) >= 0) {
      throw new ManifestFormatError(`${where}.path is out of order or repeated`);
    }
    return { path: entry.path, sha256: entry.sha256, size: entry.size };
  });
  return { format, module, keyId, files: entries };
}

/**
 * A path a manifest may name: relative, `/`-separated, no empty, `.` or `..` segment, no
 * backslash or control character — the same rule the folder walk applies to file names.
 */
export function isSafeRelativePath(relative: string): boolean {
  if (relative === '' || relative.length > 4096) return false;
  return relative.split('/').every((segment) => isSafeFileName(segment));
}

export function isSafeFileName(name: string): boolean {
  // U+FFFD stands for bytes that are not UTF-8: such a name cannot be written back exactly.
  if (name === '' || name === '.' || name === '..') return false;
  for (const char of name) {
    const code = char.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f || char === '\\' || char === '/' || char === '\ufffd') return false;
  }
  return true;
}

function parseCanonical(bytes: Buffer, what: string): Record<string, unknown> {
  let text: string;
  let value: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    value = JSON.parse(text);
  } catch {
    throw new ManifestFormatError(`${what} is not UTF-8 JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ManifestFormatError(`${what} is not a JSON object`);
  let canonical: string;
  try {
    canonical = canonicalJson(value as Parameters<typeof canonicalJson>[0]);
  } catch {
    throw new ManifestFormatError(`${what} holds a value canonical JSON does not allow`);
  }
  if (canonical !== text) throw new ManifestFormatError(`${what} is not in canonical JSON form`);
  return value as Record<string, unknown>;
}

function exactFields(value: Record<string, unknown>, fields: readonly string[], where: string): void {
  const keys = Object.keys(value).sort();
  if (keys.length !== fields.length || keys.some((key, index) => key !== fields[index])) {
    throw new ManifestFormatError(`${where} must have exactly the fields ${fields.join(', ')}`);
  }
}
