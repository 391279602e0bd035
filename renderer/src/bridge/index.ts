import type {
  EventName,
  EventPayload,
  FactorDeskBridge,
  MethodInput,
  MethodName,
  MethodResult,
  Unsubscribe,
} from '../../../contract';
import { FactorDeskError } from '../../../contract/errors';
import { buildBridge } from '../../../contract/bridge-builder';
import { createWebTransport } from './web-transport';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser shell. */
    factordesk?: FactorDeskBridge;
  }
}

let cached: FactorDeskBridge | undefined;

/** The Electron preload's bridge when there is one, otherwise the browser shell's client: same contract. */
function getBridge(): FactorDeskBridge {
  cached ??= window.factordesk ?? buildBridge(createWebTransport());
  return cached;
}

const signInEndedListeners = new Set<() => void>();

/** Hear when any call learns the agent is no longer signed in to the org (SIGN_IN_REQUIRED), so the screen can say so. */
export function onSignInRequired(listener: () => void): Unsubscribe {
  signInEndedListeners.add(listener);
  return () => signInEndedListeners.delete(listener);
}

/** Call a contract method; resolves with its result or throws FactorDeskError carrying main's error data. */
export async function call<K extends MethodName>(name: K, input: MethodInput<K>): Promise<MethodResult<K>> {
  const method = getBridge()[name] as unknown as (input: MethodInput<K>) => ReturnType<FactorDeskBridge[K]>;
  const result = await method(input);
  if (!result.ok) {
    if (result.error.code === 'SIGN_IN_REQUIRED') for (const listener of signInEndedListeners) listener();
    throw new FactorDeskError(result.error);
  }
  return result.value as MethodResult<K>;
}

/** Subscribe to a contract event; returns the unsubscribe function. */
export function onEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Unsubscribe {
  return getBridge().on(name, listener);
}
