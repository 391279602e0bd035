import type { EventName, EventPayload, Handlers, MethodName, OrgSummary } from '../../contract';
import type { OktaClient } from './okta';

/** The org the agent is working in, with its Okta client (token held inside the client only). */
export interface ActiveOrg {
  org: OrgSummary;
  client: OktaClient;
}

export interface Connections {
  /** The selected org; throws FactorDeskError NOT_CONNECTED when none is selected or its token is missing. */
  active(): ActiveOrg;
}

/** Sends a contract event to one client (an Electron window or a browser-shell session). */
export type EmitEvent = <E extends EventName>(clientId: string, name: E, payload: EventPayload<E>) => void;

/** What every feature module of the core receives. Nothing here touches Electron. */
export interface FeatureContext {
  connections: Connections;
  emit: EmitEvent;
  /** The app's data folder (settings, audit journal, observations). */
  dataDir: string;
  /** The agent's OS user name, for the audit journal. */
  agentName: string;
  /** Injectable clock for tests. */
  now(): Date;
}

/**
 * A slice of the core: the handlers for its contract methods, plus hooks so watches and
 * timers stop when a window/session goes away or the app quits.
 */
export interface Feature<K extends MethodName> {
  handlers: Pick<Handlers, K>;
  clientClosed?(clientId: string): void;
  close?(): Promise<void>;
}
