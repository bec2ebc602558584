/**
 * Signed modules: connectors and flows ship a manifest of their files' SHA-256 hashes with
 * an Ed25519 signature, and the hub verifies each against pinned keys before importing
 * it. The format and the release procedure are described in docs/modules.md.
 */
export { canonicalJson } from './canonical-json.js';
export { DEVELOPMENT_KEY_ID, DEVELOPMENT_PRIVATE_KEY_FILE, DEVELOPMENT_PUBLIC_KEY_FILE, DEVELOPMENT_PUBLIC_KEY_PEM } from './development-key.js';
export {
  MODULE_VERIFICATION_CODES,
  ModuleKeyError,
  ModuleVerificationError,
  type ModuleKeyErrorReason,
  type ModuleProblem,
  type ModuleVerificationCode,
} from './errors.js';
export {
  DEVELOPMENT_KEY,
  generateKeys,
  keyIdOf,
  parsePrivateKey,
  parsePublicKey,
  readPrivateKeyFile,
  readPublicKeyFile,
  trustedModuleKeys,
  type GeneratedKeys,
  type TrustedKeyOptions,
  type TrustedModuleKey,
} from './keys.js';
export { MANIFEST_FILE, MANIFEST_FORMAT, SIGNATURE_FILE, SIGNATURE_FORMAT, type Manifest, type ManifestEntry, type ManifestSignature } from './manifest.js';
export { hubModules, loadHubModules, runningTree, verifyHubModules, type HubModule, type ModuleTree } from './registry.js';
export { signModule, type SignedModule } from './sign.js';
export { importVerified, loadVerifiedModule, verifyModule, type LoadedModule, type VerifiedModule, type VerifyOptions } from './verify.js';
