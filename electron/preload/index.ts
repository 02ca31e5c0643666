/**
 * The sandboxed preload: exposes `window.recovery` and nothing else.
 *
 * This is the ONLY module that imports `ipcRenderer` (lint enforces it). It is bundled to
 * CommonJS (sandboxed preloads cannot load ESM) and imports only plain name lists from shared/,
 * never the zod schemas: main validates every request and its sender anyway.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

import type { Result } from '../../shared/errors';
import { EVENT_NAME_LIST, REQUEST_CHANNEL_NAMES } from '../../shared/ipc/names';
import type { RecoveryApi } from '../../shared/ipc/recovery-api';

/** The part of ipcRenderer the bridge uses (injectable for tests). */
export type IpcRendererLike = {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
  removeListener(
    channel: string,
    listener: (event: IpcRendererEvent, ...args: unknown[]) => void,
  ): unknown;
};

const ALLOWED_CHANNELS: ReadonlySet<string> = new Set(REQUEST_CHANNEL_NAMES);
const ALLOWED_EVENTS: ReadonlySet<string> = new Set(EVENT_NAME_LIST);

/**
 * Builds the frozen bridge object from the frozen allowlists (checklist #20).
 *
 * `invoke` forwards exactly one request object on a contract channel; an unknown channel never
 * reaches ipcRenderer and resolves to an `invalid-request` Result, like main would answer.
 * `on` subscribes to a contract event, hands the listener only the payload (the
 * IpcRendererEvent would leak `ipcRenderer` itself), and returns the unsubscribe function.
 */
export function buildRecoveryApi(ipc: IpcRendererLike): RecoveryApi {
  const invoke = (channel: string, request: unknown): Promise<Result<unknown>> => {
    if (typeof channel !== 'string' || !ALLOWED_CHANNELS.has(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'invalid-request', message: 'Unknown channel.', retryable: false },
      });
    }
    return ipc.invoke(channel, request) as Promise<Result<unknown>>;
  };
  const on = (event: string, listener: (payload: unknown) => void): (() => void) => {
    if (typeof event !== 'string' || !ALLOWED_EVENTS.has(event)) {
      throw new TypeError('Unknown event.');
    }
    if (typeof listener !== 'function') throw new TypeError('Listener must be a function.');
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipc.on(event, wrapped);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(event, wrapped);
    };
  };
  return Object.freeze({ invoke, on }) as RecoveryApi;
}

contextBridge.exposeInMainWorld('recovery', buildRecoveryApi(ipcRenderer));
