import { z } from 'zod';
import {
  FactorDeskError,
  methods,
  type BridgeErrorData,
  type BridgeResult,
  type CallContext,
  type Handlers,
  type MethodName,
} from '../../../contract';

/** Turn anything thrown by a handler into data the renderer can show; never a stack trace. */
export function toBridgeError(error: unknown): BridgeErrorData {
  if (error instanceof FactorDeskError) return error.data;
  if (error instanceof z.ZodError) {
    return {
      code: 'INVALID_INPUT',
      message: 'The request was not valid.',
      causes: error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`),
    };
  }
  return {
    code: 'INTERNAL',
    message: 'Something went wrong inside FactorDesk.',
    action: 'Try again; if it keeps happening, restart the app.',
  };
}

function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

export type Dispatch = (name: string, rawInput: unknown, context: CallContext) => Promise<BridgeResult<unknown>>;

/**
 * The one place where renderer input enters main: the method must exist in the contract and
 * its input must pass the contract's zod schema before any handler sees it.
 */
export function createDispatcher(handlers: Handlers, onUnexpected?: (error: unknown, method: string) => void): Dispatch {
  return async (name, rawInput, context) => {
    if (!isMethodName(name)) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: `Unknown request "${name.slice(0, 60)}".` } };
    }
    const parsed = methods[name].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return { ok: false, error: toBridgeError(parsed.error) };
    }
    try {
      const handler = handlers[name] as (input: unknown, context: CallContext) => Promise<unknown>;
      const value = await handler(parsed.data, context);
      return { ok: true, value };
    } catch (error) {
      if (!(error instanceof FactorDeskError)) onUnexpected?.(error, name);
      return { ok: false, error: toBridgeError(error) };
    }
  };
}
