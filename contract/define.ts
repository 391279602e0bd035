import type { z } from 'zod';

/**
 * One bridge method: a zod schema for what the renderer sends (validated in main)
 * and a phantom type for what main answers.
 */
export interface MethodSpec<Input extends z.ZodType, Result> {
  readonly input: Input;
  /** Type-only marker; never read at run time. */
  readonly result?: Result;
}

/** One main → renderer event, with its payload type (type-only marker). */
export interface EventSpec<Payload> {
  readonly payload?: Payload;
}

/** Declare a bridge method: `method(z.object({...})).returns<Result>()`. */
export function method<Input extends z.ZodType>(input: Input) {
  return {
    returns<Result>(): MethodSpec<Input, Result> {
      return { input };
    },
  };
}

/** Declare a bridge event carrying `Payload`. */
export function event<Payload>(): EventSpec<Payload> {
  return {};
}
