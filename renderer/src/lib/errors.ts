import type { BridgeErrorData } from '../../../contract';
import { FactorDeskError } from '../../../contract/errors';

/**
 * Every failure the UI shows is BridgeErrorData, so error panels have one shape.
 * Bridge failures already are; anything else (a bug, the browser shell going away) is wrapped.
 */
export function toErrorData(error: unknown): BridgeErrorData {
  if (error instanceof FactorDeskError) return error.data;
  return {
    code: 'INTERNAL',
    message: 'The console could not finish that request.',
    action: 'Try again. If it keeps failing, reload the window (Ctrl+R) and check that FactorDesk is still running.',
  };
}
