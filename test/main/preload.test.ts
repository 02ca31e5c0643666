import type { IpcRendererEvent } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { EVENT_NAME_LIST, REQUEST_CHANNEL_NAMES } from '../../shared/ipc/names';
import type { RecoveryApi } from '../../shared/ipc/recovery-api';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async () => ({ ok: true, value: 'answer' })),
    on: vi.fn(),
    removeListener: vi.fn(),
  },
}));
vi.mock('electron', () => electron);

await import('../../electron/preload/index');
const exposed = electron.contextBridge.exposeInMainWorld.mock.calls;
const api = exposed[0]?.[1] as RecoveryApi;
/** The same API without the channel types, to send what a compromised renderer could send. */
const loose = api as unknown as {
  invoke(channel: unknown, req?: unknown): Promise<unknown>;
  on(event: unknown, listener: unknown): () => void;
};

describe('electron/preload/index.ts', () => {
  beforeEach(() => {
    electron.ipcRenderer.invoke.mockClear();
    electron.ipcRenderer.on.mockClear();
    electron.ipcRenderer.removeListener.mockClear();
  });

  it('exposes exactly one frozen object, window.recovery, with invoke and on only', () => {
    expect(exposed).toHaveLength(1);
    expect(exposed[0]?.[0]).toBe('recovery');
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(() => {
      (api as unknown as Record<string, unknown>)['send'] = () => {};
    }).toThrow(TypeError);
  });

  it('forwards every contract channel with exactly one request object', async () => {
    for (const channel of REQUEST_CHANNEL_NAMES) {
      await expect(loose.invoke(channel, { a: 1 })).resolves.toEqual({ ok: true, value: 'answer' });
      expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(channel, { a: 1 });
    }
  });

  it.each(['evil:channel', '__proto__', 'constructor', 'toString', '', 42, null])(
    'refuses the unknown channel %s without touching ipcRenderer',
    async (channel) => {
      const result = (await loose.invoke(channel, {})) as { ok: boolean; error?: { code: string } };
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('invalid-request');
      expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
    },
  );

  it('refuses unknown events and non-function listeners', () => {
    expect(() => loose.on('evil:event', () => {})).toThrow(TypeError);
    expect(() => loose.on('__proto__', () => {})).toThrow(TypeError);
    expect(() => loose.on(EVENT_NAME_LIST[0], 'not a function')).toThrow(TypeError);
    expect(electron.ipcRenderer.on).not.toHaveBeenCalled();
  });

  it('hands listeners the payload only (never the IpcRendererEvent) and unsubscribes', () => {
    const listener = vi.fn();
    const off = api.on('job:progress', listener);
    expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);
    const [eventName, wrapped] = electron.ipcRenderer.on.mock.calls[0] as unknown as [
      string,
      (event: IpcRendererEvent, ...args: unknown[]) => void,
    ];
    expect(eventName).toBe('job:progress');
    const fakeEvent = {
      sender: { invoke: () => 'leaked ipcRenderer' },
    } as unknown as IpcRendererEvent;
    wrapped(fakeEvent, { jobId: 'j1' }, 'extra');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([{ jobId: 'j1' }]);
    off();
    off();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledTimes(1);
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith('job:progress', wrapped);
  });
});
