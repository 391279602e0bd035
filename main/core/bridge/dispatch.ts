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
  if (error instanceof z.ZodError) return invalidInput(error.issues);
  return {
    code: 'INTERNAL',
    message: 'Something went wrong inside FactorDesk.',
    action: 'Try again; if it keeps happening, restart the app.',
  };
}

const maxCauses = 10;
/** Issues can quote what was sent (an unknown key's name): never at any length. */
const maxCauseLength = 300;

function shortened(text: string): string {
  return text.length > maxCauseLength ? `${text.slice(0, maxCauseLength)}…` : text;
}

/** Zod issues in words: the first one in the message, each as "field.path: what is wrong" in causes. */
function invalidInput(issues: readonly z.core.$ZodIssue[]): BridgeErrorData {
  const causes = issues.slice(0, maxCauses).map((issue) => shortened(`${fieldName(issue.path)}: ${issue.message}`));
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return {
    code: 'INVALID_INPUT',
    message: `The request was not valid: ${causes[0] ?? 'unknown problem'}${more}.`,
    action: 'Correct it and try again. If you did not type it, FactorDesk sent something wrong: restart it, and report it if it happens again.',
    causes,
  };
}

/** `request.phoneNumber`, `orgs[0].url`; "input" for the request as a whole. */
export function fieldName(path: readonly PropertyKey[]): string {
  let name = '';
  for (const part of path) {
    if (typeof part === 'number') name += `[${part}]`;
    else name += name ? `.${String(part)}` : String(part);
  }
  return name || 'input';
}

function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

export type Dispatch = (name: string, rawInput: unknown, context: CallContext) => Promise<BridgeResult<unknown>>;

/**
 * The one place where renderer input enters main: the method must exist in the contract and
 * its input must pass the contract's zod schema before any handler sees it.
 */
export interface DispatcherOptions {
  /** Calls wait for it first (the last selected org reconnected at launch, so the first search works). */
  ready?: Promise<unknown>;
  /** A failure that is not a FactorDeskError: a bug, logged (redacted) before the caller hears INTERNAL. */
  onUnexpected?: (error: unknown, method: string, input: unknown) => void;
}

export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  const { ready, onUnexpected } = options;
  return async (name, rawInput, context) => {
    if (ready) await ready;
    if (!isMethodName(name)) {
      return {
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: `Unknown request "${name.slice(0, 60)}".`,
          action: 'Reload FactorDesk; if it keeps happening, the window and the app are out of step: restart the app.',
        },
      };
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
      if (!(error instanceof FactorDeskError)) onUnexpected?.(error, name, parsed.data);
      return { ok: false, error: toBridgeError(error) };
    }
  };
}
