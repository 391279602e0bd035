import type { CallContext, EventEnvelope, Handlers, MethodName } from '../../contract';
import { createDispatcher, type Dispatch } from './bridge/dispatch';
import type { EmitEvent, Feature, FeatureContext } from './feature-context';
import { OktaClient } from './okta';
import { OrgService, type CreateOktaClient } from './orgs/org-service';
import { createOrgsFeature } from './orgs/orgs-feature';
import { safeLog } from './safe-log';
import { createSandboxLauncher, type StartSandbox } from './sandbox-launcher';
import type { SecretStore } from './secrets/secret-store';
import { createSessionSecretStore } from './secrets/session-store';
import { createSettingsStore } from './settings/settings-store';
import { createUsersFeature } from './users/users-feature';
import { createHistoryFeature } from './history';
import { FactorObservations, listingRecorder } from './observations';
import { createWorkflowsFeature } from './workflows';

export interface CoreOptions {
  /** The app's data folder (settings.json and, later, the audit journal). */
  dataDir: string;
  /** Where "keychain" tokens go: the OS keychain in the app, anything SecretStore-shaped in tests. */
  secretStore: SecretStore;
  /** The agent's OS user name, for the audit journal. */
  agentName: string;
  /** Deliver an event to one client (an Electron window or a browser-shell session). */
  emit(clientId: string, envelope: EventEnvelope): void;
  now?: () => Date;
  /** Where unexpected failures are reported: as text, with tokens and other secrets scrubbed (safe-log.ts). */
  log?: (message: string, error?: unknown) => void;
  /** How the sandbox org starts; defaults to the bundled sandbox on a random loopback port. */
  startSandbox?: StartSandbox;
  /** How an org's Okta client is made; defaults to `new OktaClient`. */
  createClient?: CreateOktaClient;
}

export interface Core {
  /** The one entry point for bridge calls: checks the method and its input, answers a BridgeResult. */
  dispatch: Dispatch;
  /** A window closed or a browser session went away: stop its watches and timers. */
  clientClosed(clientId: string): void;
  /** Whether a link may be opened in the system browser: https on the connected org's own origin. */
  isConnectedOrgLink(url: string): boolean;
  close(): Promise<void>;
}

// ---- type-level check: every contract method has exactly one handler across the features.
type KeysOf<F> = F extends { handlers: infer H } ? keyof H : never;
type Overlap<Fs extends readonly unknown[]> = Fs extends readonly [infer Head, ...infer Tail]
  ? (KeysOf<Head> & KeysOf<Tail[number]>) | Overlap<Tail>
  : never;
type CompositionCheck<Fs extends readonly unknown[]> = [Exclude<MethodName, KeysOf<Fs[number]>>] extends [never]
  ? [Overlap<Fs>] extends [never]
    ? Fs
    : { error: 'Methods handled by more than one feature'; methods: Overlap<Fs> }
  : { error: 'Contract methods without a handler'; methods: Exclude<MethodName, KeysOf<Fs[number]>> };

type AnyFeature = Pick<Feature<MethodName>, 'clientClosed' | 'close'> & { handlers: Partial<Handlers> };

/** Merge the features' handlers; the type says if a method is missing or doubled, the run time double-checks. */
function composeHandlers<const Fs extends readonly AnyFeature[]>(features: Fs & CompositionCheck<Fs>): Handlers {
  const handlers: Partial<Record<MethodName, unknown>> = {};
  for (const feature of features) {
    for (const [name, handler] of Object.entries(feature.handlers)) {
      if (Object.hasOwn(handlers, name)) throw new Error(`Bridge method ${name} has two handlers.`);
      handlers[name as MethodName] = handler;
    }
  }
  return handlers as Handlers;
}

/**
 * The core: every service behind the bridge, with no Electron in sight. The Electron main
 * process and the browser shell each make one and route calls and events to it.
 */
export function createCore(options: CoreOptions): Core {
  const now = options.now ?? (() => new Date());
  const orgs = new OrgService({
    settings: createSettingsStore(options.dataDir, now),
    keychain: options.secretStore,
    session: createSessionSecretStore(),
    sandbox: createSandboxLauncher(options.startSandbox),
    createClient: options.createClient ?? ((org) => new OktaClient({ orgUrl: org.orgUrl, token: org.token })),
  });
  const emit: EmitEvent = (clientId, name, payload) => options.emit(clientId, { name, payload } as EventEnvelope);
  const ctx: FeatureContext = {
    connections: orgs,
    emit,
    dataDir: options.dataDir,
    agentName: options.agentName,
    now,
  };

  const log = safeLog(options.log, () => orgs.connectedTokens());

  // What FactorDesk sees of users' factors, shared by the users feature (records) and the history (reads).
  const observations = new FactorObservations({ dataDir: options.dataDir, now });
  // One line per feature.
  const features = [
    createOrgsFeature(orgs),
    createUsersFeature(ctx, { onFactorsListed: listingRecorder(observations, log) }),
    createWorkflowsFeature(ctx),
    createHistoryFeature(ctx, observations),
  ] as const;

  const dispatchNow = createDispatcher(composeHandlers(features), (error, method, input) =>
    log(`Unexpected failure in ${method}`, error, input),
  );
  // Calls wait until the last selected org is reconnected, so the first search after launch works.
  const restored = orgs.restore();
  const dispatch: Dispatch = async (name, input, context: CallContext) => {
    await restored;
    return dispatchNow(name, input, context);
  };

  return {
    dispatch,
    clientClosed(clientId) {
      for (const feature of features) feature.clientClosed?.(clientId);
    },
    isConnectedOrgLink(url) {
      const origin = orgs.activeOrigin();
      if (!origin) return false;
      try {
        const link = new URL(url);
        return link.protocol === 'https:' && link.origin === origin;
      } catch {
        return false;
      }
    },
    async close() {
      await restored;
      await Promise.allSettled(features.map((feature) => feature.close?.()));
    },
  };
}
