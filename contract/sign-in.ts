import { z } from 'zod';
import { method } from './define';
import { orgIdSchema, signInIdSchema } from './ids';
import type { OrgSummary } from './orgs';

/**
 * "Sign in with Okta": the agent signs in as themselves in a browser (authorization code + PKCE,
 * the answer coming back to FactorDesk on 127.0.0.1). Main keeps every secret (the PKCE verifier,
 * the tokens, the DPoP key); the window only ever sees the sign-in page's address and who signed in.
 */
export interface SignInStarted {
  signInId: string;
  /** The org's sign-in page (its authorization endpoint with this sign-in's public parameters). */
  authorizationUrl: string;
  /** True when FactorDesk opened it in the system browser itself (the desktop app); else the window opens it in a new tab. */
  openedInBrowser: boolean;
  /** ISO time after which the sign-in is abandoned. */
  expiresAt: string;
}

/** A service app's public key, to paste into Okta (the private key never leaves main and the keychain). */
export interface ServiceAppKey {
  /** Names the key until the org is saved (createServiceAppKey), and its `kid`. */
  keyId: string;
  /** The public JWK (EC P-256, ES256, `use: sig`, `kid`). */
  publicJwk: Record<string, string>;
}

export const signInMethods = {
  /**
   * Start signing in to an org connected with "Sign in with Okta". `stepUp`: a fresh sign-in is
   * wanted before a risky action (Okta is asked for one no older than the step-up age).
   */
  startSignIn: method(z.object({ id: orgIdSchema, stepUp: z.boolean().default(false) }).strict()).returns<SignInStarted>(),
  /** Wait for the sign-in to come back (or fail, be cancelled, or time out); answers the org, signed in. */
  finishSignIn: method(z.object({ signInId: signInIdSchema }).strict()).returns<OrgSummary>(),
  /** Abandon a sign-in in progress (its loopback listener closes). */
  cancelSignIn: method(z.object({ signInId: signInIdSchema }).strict()).returns<null>(),
  /** Sign the agent out of FactorDesk for this org: the tokens are revoked at Okta and forgotten here. */
  signOut: method(z.object({ id: orgIdSchema }).strict()).returns<OrgSummary>(),
  /** Make a key pair for a service app: the private key stays in main (then the keychain), the public JWK is shown. */
  createServiceAppKey: method(z.object({}).strict()).returns<ServiceAppKey>(),
  /** The public key of a saved service app org (to paste into Okta again). */
  getServiceAppKey: method(z.object({ id: orgIdSchema }).strict()).returns<ServiceAppKey>(),
} as const;
