/**
 * The coded failures of signed modules. A ModuleVerificationError says why a module folder
 * is not what its signer signed, naming the module and the file; it lists every problem
 * found, so that one run of `dbp-hub modules verify` shows all of them. A ModuleKeyError
 * is a configuration error (exit 78 at start): a key file that cannot be used, or the
 * development key in a production process.
 */
import { ConfigError } from '../config.js';

export const MODULE_VERIFICATION_CODES = [
  /** The manifest or its signature file is absent (or the module folder itself is). */
  'MODULE_MANIFEST_MISSING',
  /** The manifest is signed but not acceptable: malformed, unknown format, another module's name. */
  'MODULE_MANIFEST_INVALID',
  /** The signature file is malformed or the signature does not match the manifest bytes. */
  'MODULE_SIGNATURE_INVALID',
  /** The manifest was signed by a key that is not among the trusted keys. */
  'MODULE_KEY_UNTRUSTED',
  /** A file's content differs from the manifest (SHA-256 or size). */
  'MODULE_FILE_CHANGED',
  /** A file is in the folder but not in the manifest. */
  'MODULE_FILE_ADDED',
  /** A file of the manifest is not in the folder. */
  'MODULE_FILE_MISSING',
  /** A symbolic link, a special file, or a name that cannot be recorded unambiguously. */
  'MODULE_FILE_UNSAFE',
] as const;

export type ModuleVerificationCode = (typeof MODULE_VERIFICATION_CODES)[number];

export interface ModuleProblem {
  readonly code: ModuleVerificationCode;
  /** Path relative to the module folder, with `/` separators; `.` for the folder itself. */
  readonly file: string;
  readonly detail: string;
}

/** A module that must not be loaded. `code` and `file` are those of the first problem. */
export class ModuleVerificationError extends Error {
  override readonly name = 'ModuleVerificationError';
  readonly code: ModuleVerificationCode;
  readonly file: string;

  constructor(
    /** The module's name when known (manifest or registry), otherwise its folder. */
    readonly module: string,
    readonly dir: string,
    readonly problems: readonly [ModuleProblem, ...ModuleProblem[]],
    options?: { cause?: unknown },
  ) {
    const [first] = problems;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    super(`module ${module}: ${first.file}: ${first.detail} [${first.code}]${more}`, options);
    this.code = first.code;
    this.file = first.file;
  }

  static single(module: string, dir: string, code: ModuleVerificationCode, file: string, detail: string, cause?: unknown): ModuleVerificationError {
    return new ModuleVerificationError(module, dir, [{ code, file, detail }], cause === undefined ? undefined : { cause });
  }
}

export type ModuleKeyErrorReason =
  /** A key file is unreadable, not PEM, not Ed25519, or the wrong half of the pair. */
  | 'MODULE_KEY_INVALID'
  /** A production process was given no module keys (it would trust the development key). */
  | 'MODULE_KEYS_REQUIRED'
  /** A production process was given the development key. */
  | 'MODULE_DEVELOPMENT_KEY_REFUSED';

/** A module key that cannot be trusted or used; a ConfigError, so `dbp-hub start` exits 78. */
export class ModuleKeyError extends ConfigError {
  constructor(
    readonly reason: ModuleKeyErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
