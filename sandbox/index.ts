import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_LOGIN, READ_ONLY_ADMIN_LOGIN } from './directory/generate';
import type { OrgEngine } from './engine';
import { FaultInjector } from './fault-injector';
import { parseOrigin } from './links';
import { DEFAULT_TIMINGS, Org, type OrgTimings } from './org';
import { NATIVE_APP_NAME, NATIVE_REDIRECT_URIS, registerApp } from './oauth/app-registration';
import { OrgAuthorizationServer } from './oauth/org-authorization-server';
import { OKTA_API_SCOPES } from './oauth/scopes';
import { markCustomDomainRequest } from './pipeline/request-origin';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimitChanges } from './rate-limiter';
import { secureToken } from './random';
import { ADMIN_TOKEN_ID, READ_ONLY_TOKEN_ID } from './request-context';
import { buildServer } from './server';
import { phonePageUrl } from './phone-page/phone-page-url';

export type { RateLimitChanges, RateLimitSettings } from './rate-limiter';
export type { OrgTimings } from './org';
export type { FaultSettings } from './fault-injector';
export type { OutboxMessage } from './phone';
export type { OrgEngine } from './engine';

/** A second origin the org answers on: a public URL served through the same listener (matched by `Host`), or a listener of its own. */
export type CustomDomainOption = string | { listen: true; port?: number; publicUrl?: string };

export interface SandboxOptions {
  /** 0 = any free port (the default). */
  port?: number;
  /** Interface to bind; default 127.0.0.1 (never other interfaces unless asked). */
  host?: string;
  /** Admin API token (a super admin's); default `sbx_` + 40 random URL-safe characters. */
  token?: string;
  /** Read-only API token: reads users, factors and groups; writes and System Log reads get 403 E0000006. Default: random. */
  readOnlyToken?: string;
  /** Size of the seeded directory (default 300). Isaac Brock, the fixed users, the seeded admins and the showcase users (docs/sandbox.md) are always included. */
  users?: number;
  /** The kind of org: Identity Engine (`oie`, the default) or Classic (`classic`); see engine.ts. */
  engine?: OrgEngine;
  /** Seed of the deterministic directory and ids (default 'factordesk'). */
  seed?: string | number;
  /** Per-bucket per-minute limits, `concurrent`, `licences`, principal shares, or `enabled: false`. */
  rateLimits?: RateLimitChanges;
  /** Activation / push / code / state-token lifetimes in seconds. */
  timings?: Partial<OrgTimings>;
  /** Largest accepted request body in bytes (default 128 KiB). */
  bodyLimitBytes?: number;
  /** Fastify request logging (default off). */
  logger?: boolean;
  /** The origin clients reach the org on (a TLS front or proxy); every link the org writes uses it. Default: the listening address. */
  publicUrl?: string;
  /**
   * Custom-domain mode: the org also answers on this origin, and writes its push poll links on the
   * other one (docs/sandbox.md). `{ listen: true }` opens a second listener for it on `host`.
   */
  customDomain?: CustomDomainOption;
  /** The pre-registered native app's exact redirect URIs (default: http://127.0.0.1:47801/callback, :47802, :47803). */
  nativeRedirectUris?: readonly string[];
}

/** A user's phone page, opened with a key of its own (docs/sandbox.md, "The phone page"). */
export interface PhonePageLink {
  userId: string;
  login: string;
  displayName: string;
  /** `…/sandbox/phone/{userId}#key=…`: the key is in the fragment, which browsers never send. */
  url: string;
}

/** The org authorization server as a client sees it. */
export interface SandboxOAuth {
  /** The issuer (the org domain's origin); discovery is at `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
  /** The pre-registered OIDC native app agents sign in with (code + PKCE, DPoP required). */
  nativeClientId: string;
  nativeRedirectUris: readonly string[];
}

export interface RunningSandbox {
  /** Where the org listens: `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  /** The origin its links use (`publicUrl`, else `url`). */
  publicUrl: string;
  /** The custom domain's origin in custom-domain mode, else null. */
  customDomainUrl: string | null;
  /** Where the custom domain's own listener listens (`{ listen: true }`), else null. */
  customDomainListenUrl: string | null;
  token: string;
  readOnlyToken: string;
  oauth: SandboxOAuth;
  /** Identity Engine (`oie`) or Classic (`classic`). */
  engine: OrgEngine;
  /**
   * A new key to a user's phone page (by id or login), replacing the key they had: what
   * `npm run sandbox` prints for a trainer's second screen. Unknown user → throws.
   */
  phoneLink(idOrLogin: string): PhonePageLink;
  close(): Promise<void>;
}

function shownAddress(server: Server): string {
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Starts a sandbox org on a local port and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const token = options.token ?? 'sbx_' + secureToken(40);
  const readOnlyToken = options.readOnlyToken ?? 'sbx_ro_' + secureToken(40);
  if (token === readOnlyToken) throw new Error('The admin token and the read-only token must differ.');
  const publicUrl = options.publicUrl === undefined ? undefined : parseOrigin('publicUrl', options.publicUrl);
  const custom = options.customDomain;
  const customPublicUrl = typeof custom === 'string' ? parseOrigin('customDomain', custom) : custom?.publicUrl === undefined ? undefined : parseOrigin('customDomain.publicUrl', custom.publicUrl);

  const org = new Org(options.seed ?? 'factordesk', options.users ?? 300, { ...DEFAULT_TIMINGS, ...options.timings }, options.engine ?? 'oie');
  const now = org.clock.now();
  org.apiTokens.add({ id: ADMIN_TOKEN_ID, name: 'Sandbox admin token', userId: org.user(ADMIN_LOGIN).id, created: now }, token);
  org.apiTokens.add({ id: READ_ONLY_TOKEN_ID, name: 'Sandbox read-only token', userId: org.user(READ_ONLY_ADMIN_LOGIN).id, created: now }, readOnlyToken);
  const rateLimiter = new RateLimiter(org.clock, DEFAULT_RATE_LIMITS);
  if (options.rateLimits) rateLimiter.update(options.rateLimits);

  const authorizationServer = new OrgAuthorizationServer(org);
  const app = buildServer({ org, rateLimiter, authorizationServer, faults: new FaultInjector(), bodyLimitBytes: options.bodyLimitBytes ?? 128 * 1024, logger: options.logger ?? false });
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const url = shownAddress(app.server);

  let customListener: Server | null = null;
  let customDomainListenUrl: string | null = null;
  if (typeof custom === 'object') {
    const listener = createServer((request, response) => {
      markCustomDomainRequest(request);
      app.routing(request, response);
    });
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(custom.port ?? 0, host, () => resolve());
    });
    customListener = listener;
    customDomainListenUrl = shownAddress(listener);
  }
  org.origins = { orgDomain: publicUrl ?? url, customDomain: customPublicUrl ?? customDomainListenUrl };
  if (org.origins.customDomain === org.origins.orgDomain) {
    await app.close();
    customListener?.close();
    throw new Error('The custom domain must differ from the org domain.');
  }

  // The issuer is the org domain's origin, known only now. The native app's client id comes
  // from the seed, so a restarted org (same seed) keeps it.
  const nativeRedirectUris = [...(options.nativeRedirectUris ?? NATIVE_REDIRECT_URIS)];
  let nativeClientId: string;
  try {
    await authorizationServer.start(org.origins.orgDomain);
    const nativeApp = await registerApp(org, authorizationServer, { type: 'native', name: NATIVE_APP_NAME, redirectUris: nativeRedirectUris, scopes: [...OKTA_API_SCOPES], dpop: true }, null);
    nativeClientId = nativeApp.clientId;
  } catch (error) {
    await app.close();
    customListener?.close();
    throw error;
  }

  return {
    url,
    publicUrl: org.origins.orgDomain,
    customDomainUrl: org.origins.customDomain,
    customDomainListenUrl,
    token,
    readOnlyToken,
    oauth: { issuer: authorizationServer.issuer, nativeClientId, nativeRedirectUris },
    engine: org.engine,
    phoneLink: (idOrLogin) => {
      const user = org.directory.get(idOrLogin);
      if (!user) throw new Error(`The sandbox org has no user ${idOrLogin}.`);
      const key = org.phoneKeys.issue(user.id);
      const { firstName, lastName, login } = user.profile;
      return { userId: user.id, login, displayName: `${firstName} ${lastName}`, url: phonePageUrl(org, user.id, key) };
    },
    close: async () => {
      if (customListener) {
        const listener = customListener;
        listener.closeAllConnections();
        await new Promise<void>((resolve) => listener.close(() => resolve()));
      }
      await app.close();
    },
  };
}
