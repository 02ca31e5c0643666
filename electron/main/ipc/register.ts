import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';

import type { Result } from '../../../shared/errors';
import { REQUEST_CHANNELS, type RequestChannel } from '../../../shared/ipc/contract';
import { events, type EventName, type EventPayload } from '../../../shared/ipc/events';
import { dispatch, type HandlerTable } from '../../engine/api/dispatch';
import type { AppServices } from '../../engine/api/services';
import { RecoveryError, toIpcError } from '../../engine/errors';

/** Decides whether an invoke event comes from our own renderer (see security.ts). */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/**
 * Builds the `ipcMain.handle` callback of one channel.
 *
 * Order matters (STYLE.md §4.3): the sender is checked first, then `dispatch` validates the
 * argument with the contract's strict zod schema, runs the handler and checks its response.
 * Every outcome is a Result envelope, because Electron keeps only `message` of thrown errors.
 * Only the first argument is read: every request is one object.
 */
export function createIpcHandler(
  channel: RequestChannel,
  table: HandlerTable,
  services: AppServices,
  isTrusted: SenderCheck,
): (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Result<unknown>> {
  return async (event, ...args) => {
    // Only our own main frame may drive operations that delete or upload files (checklist #17).
    if (!isTrusted(event)) {
      return {
        ok: false,
        error: toIpcError(
          new RecoveryError('forbidden-sender', `Request on ${channel} from an untrusted sender.`),
        ),
      };
    }
    return dispatch(table, channel, args[0], { services, senderId: `wc:${event.sender.id}` });
  };
}

/**
 * Registers one `ipcMain.handle` per contract channel and returns a function removing them all.
 *
 * This is the ONLY module that imports `ipcMain` (lint enforces it).
 */
export function registerIpc(options: {
  table: HandlerTable;
  services: AppServices;
  isTrusted: SenderCheck;
}): () => void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(
      channel,
      createIpcHandler(channel, options.table, options.services, options.isTrusted),
    );
  }
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/**
 * Sends one main → renderer event, validated against `shared/ipc/events.ts`.
 *
 * The only sanctioned use of `webContents.send`: a destroyed window or an invalid payload is
 * dropped (returns false) instead of throwing into the job that emitted it.
 */
export function sendEvent<E extends EventName>(
  wc: WebContents,
  event: E,
  payload: EventPayload<E>,
): boolean {
  if (wc.isDestroyed()) return false;
  const checked = events[event].safeParse(payload);
  if (!checked.success) {
    console.error(`[ipc] dropped invalid ${event} payload: ${checked.error.message}`);
    return false;
  }
  wc.send(event, checked.data);
  return true;
}
