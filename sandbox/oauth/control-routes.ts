import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '../errors';
import type { Org } from '../org';
import { requires } from '../permissions';
import { adminContext } from '../request-context';
import { roleAssignmentJson } from '../roles/serialize';
import { registerApp } from './app-registration';
import { parseAppRequest, parseResourceServerSettings } from './app-requests';
import type { DpopProofVerifier } from './dpop-proof-verifier';
import type { OAuthApp } from './oauth-apps';
import type { OrgAuthorizationServer } from './org-authorization-server';

export interface OAuthControlParts {
  org: Org;
  server: OrgAuthorizationServer;
  proofs: DpopProofVerifier;
}

/**
 * The control API's OAuth calls (same SSWS admin token as the rest of `/sandbox/v1`): register,
 * list and remove apps, and switch the resource server's DPoP nonce requirement.
 */
export const oauthControlRoutes: FastifyPluginAsync<OAuthControlParts> = async (app, { org, server, proofs }) => {
  const read = requires('sandbox.control.read');
  const manage = requires('sandbox.control.manage');

  const appJson = (registered: OAuthApp) => ({
    clientId: registered.clientId,
    type: registered.type,
    name: registered.name,
    dpop: registered.dpopRequired,
    scopes: registered.grantedScopes,
    ...(registered.type === 'native' ? { redirectUris: registered.redirectUris } : {}),
    ...(registered.type === 'service'
      ? { roles: org.roles.of({ kind: 'client', clientId: registered.clientId }).map((assignment) => roleAssignmentJson(org, assignment)) }
      : {}),
    created: org.clock.iso(registered.created),
  });

  app.post('/sandbox/v1/apps', manage, async (request) => {
    const registered = await registerApp(org, server, parseAppRequest(request.body, (id) => org.groups.get(id) !== undefined), adminContext(org, request));
    return appJson(registered);
  });
  app.get('/sandbox/v1/apps', read, async () => org.oauthApps.list().map(appJson));
  app.delete<{ Params: { clientId: string } }>('/sandbox/v1/apps/:clientId', manage, async (request, reply) => {
    if (!org.oauthApps.remove(request.params.clientId)) throw notFound(request.params.clientId, 'App');
    org.roles.replace({ kind: 'client', clientId: request.params.clientId }, []);
    return reply.code(204).send();
  });

  app.get('/sandbox/v1/resource-server', read, async () => ({ requireNonce: proofs.requireNonce }));
  app.post('/sandbox/v1/resource-server', manage, async (request) => {
    proofs.requireNonce = parseResourceServerSettings(request.body).requireNonce;
    return { requireNonce: proofs.requireNonce };
  });
};
