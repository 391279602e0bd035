import type { WebContents } from 'electron';
import { EVENT_CHANNEL, type EventEnvelope } from '../../contract';

/** Delivers a core event to the window it is for (clientId = its webContents id), and to nothing else. */
export function createWindowEventSender(
  findContents: (id: number) => Pick<WebContents, 'id' | 'isDestroyed' | 'send'> | undefined,
  isOurWindow: (id: number) => boolean,
): (clientId: string, envelope: EventEnvelope) => void {
  return (clientId, envelope) => {
    const id = Number(clientId);
    if (!Number.isInteger(id) || !isOurWindow(id)) return;
    const target = findContents(id);
    if (target && !target.isDestroyed()) target.send(EVENT_CHANNEL, envelope);
  };
}
