import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Interaction } from 'oidc-provider';
import { SEEDED_PASSWORD } from '../directory/generate';
import type { UserRecord } from '../directory/model';
import type { Org } from '../org';
import { requires } from '../permissions';
import { requestContext } from '../request-context';
import { SEEDED_ADMINS } from '../roles/seeded-admins';
import { logSignIn } from './oauth-log';
import { signInPath, SIGN_IN_ROUTE } from './oauth-paths';
import type { OrgAuthorizationServer } from './org-authorization-server';
import { errorPage, PAGE_HEADERS, signInPage } from './sign-in-page';

type SignInParams = { Params: { uid: string } };

const FORM_LIMIT_BYTES = 8 * 1024;

const AGENTS = SEEDED_ADMINS.map((admin) => ({ login: admin.login, role: admin.roles.map((role) => (role.type === 'CUSTOM' ? role.label : role.type)).join(', ') }));

function samePassword(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Who may sign in: an ACTIVE user with their password (as in Okta, any user can; only admins' tokens can then do anything). */
function signingInUser(org: Org, username: string, password: string): UserRecord | undefined {
  const user = org.directory.get(username.trim());
  return user && user.status === 'ACTIVE' && samePassword(password, user.password) ? user : undefined;
}

/**
 * The org's sign-in page, where the authorization server sends a browser that must sign in
 * (first sign-in, `prompt=login`, or `max_age` passed: a step-up). A plain form: username and
 * password, posted back to the same path. Okta shows no consent page for the org's own apps, so
 * an interaction that only needs consent is finished at once.
 */
export const signInRoutes: FastifyPluginAsync<{ org: Org; server: OrgAuthorizationServer }> = async (app, { org, server }) => {
  // This plugin's own parser: the rest of the sandbox reads every body as JSON.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
  });

  const details = async (request: FastifyRequest<SignInParams>, reply: FastifyReply): Promise<Interaction | undefined> => {
    try {
      const interaction = await server.provider.interactionDetails(server.asOrgRequest(request.raw, requestContext(request)), reply.raw);
      return interaction.uid === request.params.uid ? interaction : undefined;
    } catch {
      return undefined;
    }
  };

  const expired = (reply: FastifyReply): FastifyReply =>
    reply.code(400).headers(PAGE_HEADERS).send(errorPage('invalid_request', 'This sign-in has expired or was already used. Start again from the app.'));

  const render = (reply: FastifyReply, interaction: Interaction, username: string, failed: boolean): FastifyReply => {
    const clientId = String(interaction.params.client_id ?? '');
    const reasons = interaction.prompt.reasons;
    return reply
      .code(failed ? 401 : 200)
      .headers(PAGE_HEADERS)
      .send(signInPage({
        action: signInPath(interaction.uid),
        appName: org.oauthApps.get(clientId)?.name ?? 'An app',
        username,
        stepUp: reasons.includes('max_age') || reasons.includes('login_prompt'),
        failed,
        agents: AGENTS,
        password: SEEDED_PASSWORD,
      }));
  };

  /** Finishes an interaction that needs no more than consent: the org's own apps get what they asked for. */
  const finishConsent = async (request: FastifyRequest<SignInParams>, reply: FastifyReply, interaction: Interaction): Promise<FastifyReply> => {
    const { Grant } = server.provider;
    const accountId = interaction.session?.accountId;
    const clientId = String(interaction.params.client_id ?? '');
    const grant = (interaction.grantId ? await Grant.find(interaction.grantId) : undefined) ?? new Grant({ accountId, clientId });
    const scope = String(interaction.params.scope ?? '');
    grant.addOIDCScope(scope);
    grant.addResourceScope(server.issuer, scope);
    const grantId = await grant.save();
    reply.hijack();
    await server.provider.interactionFinished(request.raw, reply.raw, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return reply;
  };

  app.get<SignInParams>(SIGN_IN_ROUTE, requires('public'), async (request, reply) => {
    const interaction = await details(request, reply);
    if (!interaction) return expired(reply);
    if (interaction.prompt.name === 'consent') return finishConsent(request, reply, interaction);
    const hint = typeof interaction.params.login_hint === 'string' ? interaction.params.login_hint : '';
    return render(reply, interaction, hint, false);
  });

  app.post<SignInParams>(SIGN_IN_ROUTE, requires('public'), async (request, reply) => {
    const interaction = await details(request, reply);
    if (!interaction) return expired(reply);
    const form = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const username = typeof form.username === 'string' ? form.username : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const user = signingInUser(org, username, password);
    logSignIn(org, { user: user ?? org.directory.get(username.trim()), login: username, succeeded: user !== undefined }, requestContext(request));
    if (!user) return render(reply, interaction, username, true);
    reply.hijack();
    await server.provider.interactionFinished(request.raw, reply.raw, { login: { accountId: user.id, amr: ['pwd'] } }, { mergeWithLastSubmission: false });
    return reply;
  });
};
