import type { z } from 'zod';
import type { EventSpec, MethodSpec } from './define';
import type { BridgeResult } from './errors';
import { bulkEvents, bulkMethods } from './bulk';
import { historyEvents, historyMethods } from './history';
import { lockoutMethods } from './lockout';
import { orgMethods } from './orgs';
import { phoneMethods } from './phone';
import { policyMethods } from './policy';
import { riskMethods } from './risk';
import { preferenceMethods } from './preferences';
import { recoveryEvents, recoveryMethods } from './recovery';
import { signInMethods } from './sign-in';
import { ticketNoteMethods } from './ticket-note';
import { trainingMethods } from './training';
import { userMethods } from './users';
import { workflowEvents, workflowMethods } from './workflows';

export * from './errors';
export type * from './orgs';
export type * from './sign-in';
export type * from './users';
export type * from './workflows';
export type * from './history';
export type * from './policy';
export type * from './bulk';
export type * from './risk';
export type * from './lockout';
export type * from './ticket-note';
export type * from './phone';
export type * from './recovery';
export type * from './preferences';
export type * from './training';

/** Every method the renderer may call. Main registers exactly these; the preload exposes exactly these. */
export const methods = {
  ...orgMethods,
  ...signInMethods,
  ...userMethods,
  ...workflowMethods,
  ...historyMethods,
  ...policyMethods,
  ...bulkMethods,
  ...riskMethods,
  ...lockoutMethods,
  ...ticketNoteMethods,
  ...phoneMethods,
  ...recoveryMethods,
  ...preferenceMethods,
  ...trainingMethods,
} as const;

/** Every event main may push to the renderer. */
export const events = {
  ...workflowEvents,
  ...historyEvents,
  ...bulkEvents,
  ...recoveryEvents,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Events = typeof events;
export type EventName = keyof Events;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

type InputSchemaOf<K extends MethodName> = Methods[K] extends MethodSpec<infer I, unknown> ? I : never;
/** What the renderer passes (defaults may be omitted). */
export type MethodInput<K extends MethodName> = z.input<InputSchemaOf<K>>;
/** What main receives after validation (defaults filled in). */
export type ValidatedInput<K extends MethodName> = z.output<InputSchemaOf<K>>;
export type MethodResult<K extends MethodName> = Methods[K] extends MethodSpec<z.ZodType, infer R> ? R : never;
export type EventPayload<E extends EventName> = Events[E] extends EventSpec<infer P> ? P : never;

// IPC channel names live with the bare names (contract/names.ts) so the preload need not bundle zod.
export { EVENT_CHANNEL, methodChannel } from './names';

/** The envelope every event travels in. */
export interface EventEnvelope<E extends EventName = EventName> {
  name: E;
  payload: EventPayload<E>;
}

export type Unsubscribe = () => void;

/**
 * What the preload exposes as `window.factordesk` (and what the browser shell's client implements):
 * one function per method answering a BridgeResult, and `on` for events.
 */
export type FactorDeskBridge = {
  [K in MethodName]: (input: MethodInput<K>) => Promise<BridgeResult<MethodResult<K>>>;
} & {
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
};

/** Who made a call: the window (Electron) or browser session (web shell), so events and watches are scoped to it. */
export interface CallContext {
  clientId: string;
}

/** What main implements: one handler per method, receiving validated input. Throw FactorDeskError for failures. */
export type Handlers = {
  [K in MethodName]: (input: ValidatedInput<K>, context: CallContext) => Promise<MethodResult<K>>;
};
