// The ids the renderer may send, each in the one shape it can have. An Okta id becomes a segment of
// an Okta API path, so anything else (dots, slashes, percent signs) must never get that far.
import { z } from 'zod';

/** Okta object ids (users, factors): 20 letters and digits, e.g. 00ub0oNGTSWTBKOLGLNR, opfh52xcuft3J4uZc0g3. */
export const OKTA_ID_PATTERN = /^[A-Za-z0-9]{20}$/;

/** FactorDesk's own org ids: `sandbox` for the local sandbox org, a random UUID for every other org. */
export const ORG_ID_PATTERN = /^(?:sandbox|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** FactorDesk's live watches (push activations, test pushes) are random UUIDs. */
export const WATCH_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Okta app client ids (the native app agents sign in with, a service app): 20 letters and digits, like 0oa1b2c3d4e5f6g7h8i9. */
export const OAUTH_CLIENT_ID_PATTERN = /^[A-Za-z0-9]{20}$/;

/** FactorDesk's own sign-ins in progress and service-app keys are random UUIDs. */
export const SIGN_IN_ID_PATTERN = WATCH_ID_PATTERN;
export const SERVICE_KEY_ID_PATTERN = WATCH_ID_PATTERN;
/** Training calls in the sandbox org are random UUIDs too. */
export const TRAINING_CALL_ID_PATTERN = WATCH_ID_PATTERN;

/** A string schema with one message for a missing value, a wrong type and a wrong shape. */
function idSchema(pattern: RegExp, expected: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `Required: ${expected}` : `Expected ${expected}`) })
    .regex(pattern, `Not ${expected}`);
}

export const oktaUserIdSchema = idSchema(OKTA_ID_PATTERN, 'an Okta user id (20 letters and digits, like 00ub0oNGTSWTBKOLGLNR)');
export const oktaFactorIdSchema = idSchema(OKTA_ID_PATTERN, 'an Okta factor id (20 letters and digits, like opfh52xcuft3J4uZc0g3)');
export const orgIdSchema = idSchema(ORG_ID_PATTERN, 'a FactorDesk org id (as listOrgs gives it)');
export const watchIdSchema = idSchema(WATCH_ID_PATTERN, 'a FactorDesk watch id (as the call that started the watch gave it)');
export const oauthClientIdSchema = idSchema(
  OAUTH_CLIENT_ID_PATTERN,
  "an Okta app client ID (20 letters and digits, like 0oa1b2c3d4e5f6g7h8i9, on the app's General tab)",
);
export const signInIdSchema = idSchema(SIGN_IN_ID_PATTERN, 'a FactorDesk sign-in id (as startSignIn gave it)');
export const serviceKeyIdSchema = idSchema(SERVICE_KEY_ID_PATTERN, 'a FactorDesk service app key id (as createServiceAppKey gave it)');
export const trainingCallIdSchema = idSchema(TRAINING_CALL_ID_PATTERN, 'a training call id (as startTrainingCall gave it)');
