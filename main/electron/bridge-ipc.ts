import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { methodChannel, methodNames, type BridgeResult } from '../../contract';
import type { Dispatch } from '../core/bridge/dispatch';
import { originOf } from './url-origin';

/** Decides whether an IPC call comes from our own window's top frame showing our own app. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export interface SenderPolicy {
  /** Origins our renderer is served from (app://factordesk; a dev server only in development). */
  trustedOrigins: readonly string[];
  /** webContents ids of our own windows. */
  isOurWindow(webContentsId: number): boolean;
}

export function createSenderCheck(policy: SenderPolicy): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame) return false; // the frame navigated away or was destroyed
    if (!policy.isOurWindow(event.sender.id)) return false;
    if (frame !== event.sender.mainFrame) return false; // no iframes, ever
    const origin = originOf(frame.url);
    return origin !== null && policy.trustedOrigins.includes(origin);
  };
}

const refused: BridgeResult<never> = {
  ok: false,
  error: { code: 'INVALID_INPUT', message: 'FactorDesk refused a request that did not come from its own window.' },
};

/** One `ipcMain.handle` per contract method; each checks the sender before dispatching. */
export function registerBridgeHandlers(ipcMain: Pick<IpcMain, 'handle'>, dispatch: Dispatch, isTrustedSender: SenderCheck): void {
  for (const name of methodNames) {
    ipcMain.handle(methodChannel(name), async (event, input: unknown) => {
      if (!isTrustedSender(event)) return refused;
      return dispatch(name, input, { clientId: String(event.sender.id) });
    });
  }
}
