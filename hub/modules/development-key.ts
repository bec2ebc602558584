/**
 * The development module-signing key: what the hub trusts when no MODULE keys are
 * configured, so that a checkout signed with `npm run modules:sign` starts on a fresh
 * machine. Its private half is committed on purpose (keys/development/), so it proves
 * nothing about who signed: a production process refuses it (see trustedModuleKeys).
 * Embedded here rather than read from keys/ so that the compiled build needs no file
 * beside it; a test keeps this copy equal to keys/development/.
 */

export const DEVELOPMENT_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAnP5aptRZ4eKimlPyVHZbPRBi8z8dzbZG9uBRLhbGbIQ=
-----END PUBLIC KEY-----
`;

/** SHA-256 of the key's DER SubjectPublicKeyInfo, as keyIdOf computes it. */
export const DEVELOPMENT_KEY_ID = '393669ef09fb23c1787bcea53171d130df69ed82010b2c96443638d507f181c5';

/** Where the development key pair lives in a checkout, relative to the project root. */
export const DEVELOPMENT_PRIVATE_KEY_FILE = 'keys/development/module-signing.development-only.private.pem';
export const DEVELOPMENT_PUBLIC_KEY_FILE = 'keys/development/module-signing.development-only.public.pem';
