import type { EventEnvelope, Handlers, MethodName } from '../../contract';
import { ActionJournal, AuditJournal, readJournalSince } from './audit';
import { AdminTargets } from './auth/admin-targets';
import type { AuthPolicy } from './auth/auth-policy';
import { DEFAULT_REDIRECT_PORTS } from './auth/loopback-listener';
import { OrgSessions } from './auth/org-sessions';
import { PendingServiceKeys } from './auth/service-app-keys';
import { createSignInFeature, DEFAULT_SIGN_IN_TIMEOUT_MS } from './auth/sign-in-feature';
import { SignIns } from './auth/sign-ins';
import { StepUp } from './auth/step-up';
import { createDispatcher, type Dispatch } from './bridge/dispatch';
import { createBulkFeature } from './bulk/bulk-feature';
import type { EmitEvent, Feature } from './feature-context';
import { createHistoryFeature } from './history';
import { createLockoutFeature } from './lockout/lockout-feature';
import { FactorObservations, listingRecorder } from './observations';
import { OktaClient } from './okta';
import { ConnectionRegistry, type CreateOktaClient } from './orgs/connection-registry';
import { OrgCredentials } from './orgs/org-credentials';
import { createOrgsFeature, type SandboxConnection } from './orgs/orgs-feature';
import { SavedOrgs } from './orgs/saved-orgs';
import { createPhoneFeature } from './practice/phone-feature';
import { createTrainingFeature } from './practice/training/training-feature';
import { TrainingRecords } from './practice/training/training-records';
import { createPolicyBlockedDispatch, createPolicyFeature, loadManagedPolicy, machinePolicyPaths, OrgRules } from './policy';
import { createRiskFeature } from './risk/risk-feature';
import { RiskGate } from './risk/risk-gate';
import { RiskService } from './risk/risk-service';
import { safeLog } from './safe-log';
import { createSandboxLauncher, type StartSandbox } from './sandbox-launcher';
import type { SecretStore } from './secrets/secret-store';
import { createSessionSecretStore } from './secrets/session-store';
import { createPreferencesFeature } from './settings/preferences-feature';
import { createSettingsStore } from './settings/settings-store';
import { createTicketNoteFeature } from './ticket-note/ticket-note-feature';
import { createRecoveryFeature, type RecoveryOptions } from './recovery/recovery-feature';
import { createUsersFeature } from './users/users-feature';
import { createWorkflowsFeature, type WorkflowOptions } from './workflows';

export interface CoreOptions {
  /** The app's data folder: settings.json, the audit journal, the factor observations. */
  dataDir: string;
  /** Where "keychain" secrets go: the OS keychain in the app, anything SecretStore-shaped in tests. */
  secretStore: SecretStore;
  /** Where "this session only" secrets go: memory (tests pass a store they can look into). */
  sessionStore?: SecretStore;
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
  /** Live-watch timing; defaults suit agents (tests shorten the polls). The caller verification window is the policy's. */
  workflows?: Omit<WorkflowOptions, 'verificationWindowMinutes'>;
  /** The re-enrollment watch's timing and the sign-out read-back's waits (tests shorten them). */
  recovery?: Omit<RecoveryOptions, 'verificationWindowMinutes'>;
  /**
   * Tests only: read the managed policy from this file instead of the machine-wide one
   * (policy/policy-location.ts). The Electron app and `npm start` never set it, and no environment
   * variable does: the machine-wide file is writable by administrators only, and an override any
   * user could set would let them run without their desk's policy.
   */
  policyPath?: string;
  /** How "Use the sandbox org" connects: signing in (default), or the test-only API-token fast path. */
  sandboxConnection?: SandboxConnection;
  signIn?: {
    /** Loopback ports for the sign-in's answer (default 47801–47803, as an Okta admin registers them). */
    redirectPorts?: readonly number[];
    /** How long a sign-in waits for the agent (default 5 minutes). */
    timeoutMs?: number;
    /** The desktop app opens the sign-in page in the system browser (resolves true when it did); the browser shell leaves it to the page. */
    openSignInPage?: (url: URL) => Promise<boolean>;
  };
  /** The desktop app opens the sandbox's caller's phone in a window of its own (resolves true when it did); the browser shell has none. */
  openPhoneWindow?: (userId: string) => Promise<boolean>;
}

export interface Core {
  /** The one entry point for bridge calls: checks the method and its input, answers a BridgeResult. */
  dispatch: Dispatch;
  /** A window closed or a browser session went away: stop its watches and timers. */
  clientClosed(clientId: string): void;
  /** Whether a link may be opened in the system browser: https on the connected org's own origin. */
  isConnectedOrgLink(url: string): boolean;
  /** Whether a URL is exactly the sign-in page of a sign-in in progress (the only other page the system browser gets). */
  isSignInPage(url: string): boolean;
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
  const { dataDir, agentName } = options;
  const now = options.now ?? (() => new Date());
  // A call written up in a ticket note never reaches back before this session began.
  const sessionStartedAt = now();
  // Read once, before anything else: an invalid policy file leaves a core that only says why.
  const loadedPolicy = loadManagedPolicy(options.policyPath ? [options.policyPath] : machinePolicyPaths());
  if (!loadedPolicy.ok) {
    options.log?.(`FactorDesk is stopped by its policy file: ${loadedPolicy.invalid.message}`);
    return policyBlockedCore(createPolicyBlockedDispatch(loadedPolicy.invalid));
  }
  const { policy } = loadedPolicy;
  const rules = new OrgRules(policy);
  const authPolicy: AuthPolicy = { stepUpMaxAgeMinutes: policy.stepUpMaxAgeMinutes };
  const createClient: CreateOktaClient = options.createClient ?? ((org) => new OktaClient(org));
  const emit: EmitEvent = (clientId, name, payload) => options.emit(clientId, { name, payload } as EventEnvelope);

  const sandbox = createSandboxLauncher(options.startSandbox);
  // One store for settings.json: the saved orgs and the agent's preferences share the file.
  const settingsStore = createSettingsStore(dataDir, now);
  const saved = new SavedOrgs(settingsStore);
  const credentials = new OrgCredentials({
    keychain: options.secretStore,
    session: options.sessionStore ?? createSessionSecretStore(),
    sandboxRunning: () => sandbox.current() !== null,
  });
  const sessions = new OrgSessions(credentials);
  const signIns = new SignIns();
  const serviceKeys = new PendingServiceKeys();
  const connections = new ConnectionRegistry({ saved, credentials, sessions, createClient, rules });
  const log = safeLog(options.log, () => connections.connectedTokens());

  // Shared by the features that write them (workflows, users) and the one that reads them (history).
  const auditJournal = new AuditJournal({ dataDir, agent: agentName, now });
  const journal = new ActionJournal({ journal: auditJournal, connections });
  const observations = new FactorObservations({ dataDir, now });

  // Training calls (sandbox org): which call runs, when its ticket note was written, its debrief.
  const trainingRecords = new TrainingRecords(dataDir);

  const adminTargets = new AdminTargets(now);
  const stepUp = new StepUp({ policy: authPolicy, targets: adminTargets, now });
  // One System Log read per user's risk card, shared by the user page, the dialogs and the reset's own check.
  const risk = new RiskService({ now });
  // Resets and temporary access codes pass the same risk rule.
  const riskGate = new RiskGate(risk);
  journal.onRecord((record) => {
    if (record.outcome !== 'attempt' && /^(reset_|unlock_|enroll|activat)/.test(record.action)) risk.invalidate(record.orgId, record.userId);
  });

  const orgs = createOrgsFeature({
    saved,
    credentials,
    connections,
    sessions,
    signIns,
    serviceKeys,
    sandbox,
    sandboxConnection: options.sandboxConnection ?? 'sign-in',
    createClient,
    rules,
  });
  // One line per feature.
  const features = [
    orgs,
    createSignInFeature({
      saved,
      orgs,
      sessions,
      signIns,
      connections,
      credentials,
      serviceKeys,
      policy: authPolicy,
      rules,
      sandbox,
      redirectPorts: options.signIn?.redirectPorts ?? DEFAULT_REDIRECT_PORTS,
      timeoutMs: options.signIn?.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS,
      ...(options.signIn?.openSignInPage ? { openSignInPage: options.signIn.openSignInPage } : {}),
      onStepUpSignIn: (orgId, authTime) => stepUp.noteStepUpSignIn(orgId, authTime),
    }),
    createUsersFeature({ connections, now, onFactorsListed: listingRecorder(observations, log) }),
    createWorkflowsFeature(
      { connections, emit, now, journal, stepUp, adminTargets, riskGate, readJournalSince: async (since) => (await readJournalSince(dataDir, { since })).records },
      { ...options.workflows, verificationWindowMinutes: policy.callerVerification.windowMinutes },
    ),
    createRecoveryFeature(
      { connections, emit, now, journal, stepUp, riskGate, readJournalSince: async (since) => (await readJournalSince(dataDir, { since })).records },
      { ...options.recovery, verificationWindowMinutes: policy.callerVerification.windowMinutes },
    ),
    createHistoryFeature({
      connections,
      now,
      observations,
      readJournal: (query) => readJournalSince(dataDir, query),
      attemptsInFlight: () => journal.attemptsInFlight(),
    }),
    createTicketNoteFeature({
      connections,
      now,
      sessionStartedAt,
      agentName,
      readJournal: (query) => readJournalSince(dataDir, query),
      observations,
      attemptsInFlight: () => journal.attemptsInFlight(),
      onNoteWritten: (orgId, userId, at) => trainingRecords.ticketNoteWritten(orgId, userId, at.toISOString()),
    }),
    createPolicyFeature(policy),
    createRiskFeature({ connections, risk }),
    createLockoutFeature({ connections, journal, now }),
    createPreferencesFeature(settingsStore),
    createBulkFeature({
      dataDir,
      agent: agentName,
      now,
      connections,
      auditJournal,
      emit,
      log,
      // A job stays with the org it was started in, even after the agent selects another.
      orgSession: async (orgId) => {
        const active = orgId === undefined ? connections.active() : connections.activeOrigin() !== null ? connections.active() : undefined;
        if (active && (orgId === undefined || active.org.id === orgId)) return active;
        return connections.workIn(await saved.find(orgId as string));
      },
    }),
    createPhoneFeature({ saved, connections, sandbox, ...(options.openPhoneWindow ? { openPhoneWindow: options.openPhoneWindow } : {}) }),
    createTrainingFeature({
      saved,
      connections,
      sandbox,
      records: trainingRecords,
      now,
      agentName,
      readJournal: async (query) => (await readJournalSince(dataDir, query)).records,
      attemptsInFlight: () => journal.attemptsInFlight(),
    }),
  ] as const;

  const restored = orgs.restore();
  const dispatch = createDispatcher(composeHandlers(features), {
    // Calls wait until the last selected org is reconnected, so the first search after launch works.
    ready: restored,
    onUnexpected: (error, method, input) => log(`Unexpected failure in ${method}`, error, input),
  });

  return {
    dispatch,
    clientClosed(clientId) {
      for (const feature of features) feature.clientClosed?.(clientId);
    },
    isConnectedOrgLink(url) {
      const origins = connections.activeOrigins();
      if (origins.length === 0) return false;
      try {
        const link = new URL(url);
        return link.protocol === 'https:' && origins.includes(link.origin);
      } catch {
        return false;
      }
    },
    isSignInPage: (url) => signIns.isSignInPage(url),
    async close() {
      await restored;
      // Last feature first: live watches withdraw their pushes (and journal it) through the org's
      // client before the orgs feature closes the connections.
      for (const feature of [...features].reverse()) {
        await feature.close?.().catch((error: unknown) => log('Closing a feature failed', error));
      }
      await Promise.allSettled([auditJournal.close(), observations.close()]);
    },
  };
}

/** A core that does nothing but answer `getPolicy` (and refuse everything else) until the policy file is fixed. */
function policyBlockedCore(dispatch: Dispatch): Core {
  return {
    dispatch,
    clientClosed() {},
    isConnectedOrgLink: () => false,
    isSignInPage: () => false,
    close: async () => {},
  };
}
