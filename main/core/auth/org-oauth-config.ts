import * as oidc from 'openid-client';
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import { FactorDeskError } from '../../../contract/errors';
import { badResponse, classifyTransportError, errorCodes, transportDetail, transportError } from '../okta/errors';
import { crossOriginRefused, isLoopbackHost } from '../okta/origin';

/** Every endpoint a client could be sent to by the org's metadata. */
const ENDPOINT_FIELDS = [
  'authorization_endpoint',
  'token_endpoint',
  'revocation_endpoint',
  'jwks_uri',
  'userinfo_endpoint',
  'end_session_endpoint',
  'pushed_authorization_request_endpoint',
  'introspection_endpoint',
  'registration_endpoint',
  'device_authorization_endpoint',
  'backchannel_authentication_endpoint',
] as const;

/** Seconds openid-client waits for the org's authorization server. */
const TIMEOUT_SECONDS = 30;

/**
 * openid-client's configuration for the org authorization server (issuer = the org's origin),
 * found by discovery on the org's own origin only. openid-client checks that the metadata's issuer
 * is that origin; FactorDesk also refuses metadata that sends anything (a code, a refresh token, a
 * client assertion) to another address. Requests go through the org's own undici dispatcher (its
 * proxy, extra CAs and timeouts), and redirects are never followed. Plain http only for the local
 * sandbox org on loopback.
 */
export async function discoverOrgAuthorizationServer(
  origin: string,
  clientId: string,
  clientAuth: oidc.ClientAuth,
  dispatcher: Dispatcher,
): Promise<oidc.Configuration> {
  const url = new URL(origin);
  const insecure = url.protocol === 'http:' && isLoopbackHost(url.hostname);
  let config: oidc.Configuration;
  try {
    config = await oidc.discovery(url, clientId, undefined, clientAuth, {
      execute: insecure ? [oidc.allowInsecureRequests] : [],
      [oidc.customFetch]: (target, options) =>
        undiciFetch(target, { ...options, dispatcher, redirect: 'manual' } as Parameters<typeof undiciFetch>[1]) as unknown as Promise<Response>,
      timeout: TIMEOUT_SECONDS,
    });
  } catch (error) {
    throw discoveryFailure(error);
  }
  const metadata = config.serverMetadata();
  for (const field of ENDPOINT_FIELDS) {
    const value = metadata[field];
    if (value === undefined) continue;
    let endpoint: URL;
    try {
      endpoint = new URL(String(value));
    } catch {
      throw badResponse(`its sign-in settings (${field}) are not an address.`);
    }
    if (endpoint.origin !== origin) throw crossOriginRefused(endpoint, `org's ${field.replace(/_/g, ' ')}`);
  }
  if (!metadata.authorization_endpoint || !metadata.token_endpoint) throw badResponse('its sign-in settings name no authorization or token endpoint.');
  // openid-client keeps the custom fetch and timeout for every later request of this configuration.
  return config;
}

/** Why an exchange with the org's authorization server failed before it answered (network, timeout), or null when it answered. */
export function transportFailure(error: unknown): FactorDeskError | null {
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  if (timedOut) return transportError('TIMEOUT');
  const network = errorCodes(error).codes.some((code) => !code.startsWith('OAUTH_') && !code.startsWith('ERR_JOSE') && !code.startsWith('ERR_INVALID'));
  return network ? transportError(classifyTransportError(error, false), transportDetail(error)) : null;
}

/** Why discovery failed, in the Okta client's words (network) or as an org that is not an Okta org. */
function discoveryFailure(error: unknown): FactorDeskError {
  if (error instanceof FactorDeskError) return error;
  return (
    transportFailure(error) ??
    new FactorDeskError({
      code: 'BAD_RESPONSE',
      message: 'The org did not answer like an Okta org authorization server (its /.well-known/openid-configuration could not be used).',
      action: 'Check the org URL is the Okta org itself (https://yourcompany.okta.com). If it is, try again later.',
      causes: [describe(error)],
    })
  );
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}
