import type { AddressInfo } from 'node:net';
import type { OrgEngine } from './engine';
import { FaultInjector } from './fault-injector';
import { DEFAULT_TIMINGS, Org, type OrgTimings } from './org';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimitSettings } from './rate-limiter';
import { secureToken } from './random';
import { buildServer } from './server';

export type { RateLimitSettings } from './rate-limiter';
export type { OrgTimings } from './org';
export type { FaultSettings } from './fault-injector';
export type { OutboxMessage } from './phone';
export type { OrgEngine } from './engine';

export interface SandboxOptions {
  /** 0 = any free port (the default). */
  port?: number;
  /** Interface to bind; default 127.0.0.1 (never other interfaces unless asked). */
  host?: string;
  /** Admin API token; default `sbx_` + 40 random URL-safe characters. */
  token?: string;
  /** Read-only API token: reads users and factors; writes and System Log reads get 403 E0000006. Default: random. */
  readOnlyToken?: string;
  /** Size of the seeded directory (default 300). Isaac Brock, three other fixed users and the showcase users (docs/sandbox.md) are always included. */
  users?: number;
  /** The kind of org: Identity Engine (`oie`, the default) or Classic (`classic`); see engine.ts. */
  engine?: OrgEngine;
  /** Seed of the deterministic directory and ids (default 'factordesk'). */
  seed?: string | number;
  /** Per-bucket per-minute limits, the concurrency limit, or `enabled: false`. */
  rateLimits?: Partial<RateLimitSettings>;
  /** Activation / push / code / state-token lifetimes in seconds. */
  timings?: Partial<OrgTimings>;
  /** Largest accepted request body in bytes (default 128 KiB). */
  bodyLimitBytes?: number;
  /** Fastify request logging (default off). */
  logger?: boolean;
}

export interface RunningSandbox {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  token: string;
  readOnlyToken: string;
  engine: OrgEngine;
  close(): Promise<void>;
}

/** Starts a sandbox org on a local port and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const token = options.token ?? 'sbx_' + secureToken(40);
  const readOnlyToken = options.readOnlyToken ?? 'sbx_ro_' + secureToken(40);
  if (token === readOnlyToken) throw new Error('The admin token and the read-only token must differ.');
  const org = new Org(options.seed ?? 'factordesk', options.users ?? 300, { ...DEFAULT_TIMINGS, ...options.timings }, options.engine ?? 'oie');
  const rateLimiter = new RateLimiter(org.clock, { ...DEFAULT_RATE_LIMITS, ...options.rateLimits });
  const app = buildServer({
    org,
    token,
    readOnlyToken,
    rateLimiter,
    faults: new FaultInjector(),
    bodyLimitBytes: options.bodyLimitBytes ?? 128 * 1024,
    logger: options.logger ?? false,
  });
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  org.origin = `http://${shownHost}:${address.port}`;
  return {
    url: org.origin,
    token,
    readOnlyToken,
    engine: org.engine,
    close: async () => {
      await app.close();
    },
  };
}
