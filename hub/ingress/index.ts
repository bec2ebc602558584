/** The hub's hardened SOAP ingress (see ingress.ts for the stages and their fault codes). */
export { createSoapIngress } from './ingress.js';
export type { IngressContext, IngressHandler, IngressLimits, SoapIngress, SoapIngressOptions } from './types.js';
export type { SecurityOptions } from './security.js';
export type { PasswordTextPolicy, UsernameCredential } from './username-token.js';
export type { PinnedCertificate } from './x509.js';
export { DEFAULT_STRUCTURAL_LIMITS, type StructuralLimits } from './xml-scan.js';
