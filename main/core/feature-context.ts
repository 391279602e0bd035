import type { EventName, EventPayload, Handlers, MethodName, OrgSummary, SignedInAgent } from '../../contract';
import type { OktaClient } from './okta';

/** The org the agent is working in, with its Okta client (token held inside the client only). */
export interface ActiveOrg {
  org: OrgSummary;
  client: OktaClient;
  /** "Sign in with Okta" connections: who is signed in, and when they last signed in at Okta (epoch seconds). */
  signIn?: { agent: SignedInAgent; authTime(): number | null };
  /** Who Okta sees acting, for the journal: the agent's login, or the service app's client id. */
  actingAs?: string;
}

export interface Connections {
  /** The selected org; throws FactorDeskError NOT_CONNECTED when none is selected or its token is missing. */
  active(): ActiveOrg;
}

/** Sends a contract event to one client (an Electron window or a browser-shell session). */
export type EmitEvent = <E extends EventName>(clientId: string, name: E, payload: EventPayload<E>) => void;

/**
 * A slice of the core: the handlers for its contract methods, plus hooks so watches and
 * timers stop when a window/session goes away or the app quits. Each feature lives in
 * `<name>/<name>-feature.ts` and is built from the few parts it needs (connections, the
 * clock, the journal, ...), which `createCore` hands it.
 */
export interface Feature<K extends MethodName> {
  handlers: Pick<Handlers, K>;
  clientClosed?(clientId: string): void;
  close?(): Promise<void>;
}
