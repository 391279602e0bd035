import { describe, expect, it } from 'vitest';
import { OktaError } from '../../../sandbox/errors';
import { parseAppRequest, parseResourceServerSettings } from '../../../sandbox/oauth/app-requests';
import { oktaTokenError } from '../../../sandbox/oauth/okta-token-errors';

const causesOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof OktaError) return error.causes;
    throw error;
  }
  throw new Error('not refused');
};

const PUBLIC_KEY = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1' };

describe('POST /sandbox/v1/apps bodies', () => {
  const groups = (id: string) => id === '00gsupport';

  it('reads a native app with every Okta API scope and DPoP by default', () => {
    expect(parseAppRequest({ type: 'native', redirectUris: ['http://127.0.0.1:47801/callback', 'http://127.0.0.1:47801/callback'] }, groups)).toEqual({
      type: 'native',
      name: undefined,
      redirectUris: ['http://127.0.0.1:47801/callback'],
      scopes: ['okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.roles.read', 'okta.logs.read', 'okta.authenticators.read', 'okta.authenticators.manage'],
      dpop: true,
    });
  });

  it('reads a service app with its keys, scopes, roles limited to groups, and dpop: false', () => {
    expect(parseAppRequest({ type: 'service', jwks: { keys: [PUBLIC_KEY] }, scopes: ['okta.users.read'], roles: ['HELP_DESK_ADMIN'], groupIds: ['00gsupport'], dpop: false, name: ' Desk ' }, groups)).toEqual({
      type: 'service',
      name: 'Desk',
      jwks: { keys: [PUBLIC_KEY] },
      scopes: ['okta.users.read'],
      roles: [{ type: 'HELP_DESK_ADMIN', groupIds: ['00gsupport'] }],
      dpop: false,
    });
  });

  it('names every problem at once', () => {
    expect(causesOf(() => parseAppRequest({ type: 'service', jwks: { keys: [{ ...PUBLIC_KEY, d: 'secret' }] }, scopes: ['okta.users.read', 'okta.apps.read'], roles: ['APP_ADMIN'], dpop: 'yes', extra: 1 }, groups))).toEqual([
      'extra: not a setting of a service app',
      'dpop: must be true or false',
      'scopes: must be a non-empty array of okta.users.read, okta.users.manage, okta.groups.read, okta.roles.read, okta.logs.read, okta.authenticators.read, okta.authenticators.manage',
      'jwks: holds a private key; register the public key only',
      expect.stringMatching(/^roles: "APP_ADMIN" is not one of/),
    ]);
    expect(causesOf(() => parseAppRequest({ type: 'native', redirectUris: ['not a url'], roles: ['SUPER_ADMIN'] }, groups))).toEqual([
      'roles: not a setting of a native app',
      'redirectUris: must be a non-empty array of absolute URLs (matched exactly, port included)',
    ]);
    expect(causesOf(() => parseAppRequest({}, groups))).toEqual(['type: must be "native" or "service"']);
    expect(causesOf(() => parseResourceServerSettings({ requireNonce: 'on' }))).toEqual(['requireNonce: must be true or false']);
    expect(parseResourceServerSettings({ requireNonce: true })).toEqual({ requireNonce: true });
  });
});

describe("Okta's words for token errors", () => {
  it('maps oidc-provider reasons to what Okta answers', () => {
    expect(oktaTokenError({ error: 'use_dpop_nonce', error_description: 'nonce is required in the DPoP proof' }, 'client_credentials')).toEqual({ error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce in DPoP proof.' });
    expect(oktaTokenError({ error: 'invalid_grant', error_description: 'grant request is invalid', error_detail: 'DPoP proof JWT not provided' }, 'refresh_token')).toEqual({ error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT header is missing.' });
    expect(oktaTokenError({ error: 'invalid_grant', error_detail: 'DPoP proof JWT Replay detected' }, 'refresh_token')).toEqual({ error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT has already been used.' });
    expect(oktaTokenError({ error: 'invalid_dpop_proof', error_description: 'DPoP proof htu mismatch' }, 'authorization_code')).toEqual({ error: 'invalid_dpop_proof', error_description: "'htu' claim in the DPoP proof JWT is invalid." });
    expect(oktaTokenError({ error: 'invalid_grant', error_detail: 'refresh token already used' }, 'refresh_token')).toEqual({ error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' });
    expect(oktaTokenError({ error: 'invalid_grant', error_detail: 'code_verifier does not match code_challenge' }, 'authorization_code')).toEqual({ error: 'invalid_grant', error_description: 'PKCE verification failed.' });
    expect(oktaTokenError({ error: 'invalid_grant', error_detail: 'authorization code not found' }, 'authorization_code')).toEqual({ error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' });
    expect(oktaTokenError({ error: 'unauthorized_client', error_description: 'requested grant type is not allowed for this client' }, 'password')).toEqual({ error: 'unauthorized_client', error_description: 'requested grant type is not allowed for this client' });
  });
});
