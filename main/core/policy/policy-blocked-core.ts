import { methodNames, type Handlers } from '../../../contract';
import { createDispatcher, type Dispatch } from '../bridge/dispatch';
import type { InvalidPolicy } from './load-policy';
import { policyInvalid } from './policy-errors';

/**
 * The dispatch of a core whose policy file is invalid. It fails safe: `getPolicy` says why (the
 * renderer shows a blocking screen with the message), and every other call is refused with
 * POLICY_INVALID before anything is read, started or sent. Nothing runs on defaults the desk's IT
 * team meant to override.
 */
export function createPolicyBlockedDispatch(invalid: InvalidPolicy): Dispatch {
  const refused = policyInvalid(invalid);
  const refuse = async (): Promise<never> => {
    throw refused;
  };
  const handlers = Object.fromEntries(methodNames.map((name) => [name, refuse])) as unknown as Handlers;
  handlers.getPolicy = async () => ({ state: 'invalid', path: invalid.path, message: invalid.message, problems: [...invalid.problems] });
  return createDispatcher(handlers);
}
