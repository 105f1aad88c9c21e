/**
 * The Electron transport: one ipcMain handler per LabApi call, each checking that the sender is our
 * own app page (lab://app/) before it reaches LabService.call, which parses the payload with the call's
 * schema like every other door (src/shared/schemas). Errors return as Results: a throw across
 * ipcMain.handle would keep only its message.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS, LAB_CALL_NAMES } from '../../shared/lab-api.ts';
import { fail } from '../../shared/result.ts';
import type { LabService } from '../host/lab-service.ts';

export const APP_ORIGIN = 'lab://app';

function trustedSender(e: IpcMainInvokeEvent): boolean {
  return e.senderFrame?.url.startsWith(`${APP_ORIGIN}/`) === true;
}

export function registerIpc(service: LabService, window: () => BrowserWindow | null): () => void {
  for (const name of LAB_CALL_NAMES) {
    ipcMain.handle(IPC_CHANNELS.call(name), (e, params: unknown) => (trustedSender(e) ? service.call(name, params) : fail('bad-input', `refused ${name}: untrusted sender ${e.senderFrame?.url ?? '?'}`)));
  }
  const unsubscribe = service.subscribe((event, payload) => window()?.webContents.send(IPC_CHANNELS.event, { event, payload }));
  return () => {
    unsubscribe();
    for (const name of LAB_CALL_NAMES) ipcMain.removeHandler(IPC_CHANNELS.call(name));
  };
}
