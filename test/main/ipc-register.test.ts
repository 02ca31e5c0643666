import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { REQUEST_CHANNELS } from '../../shared/ipc/contract';
import type { HandlerTable } from '../../electron/engine/api/dispatch';

const electron = vi.hoisted(() => ({
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
}));
vi.mock('electron', () => electron);

const { createIpcHandler, registerIpc, sendEvent } =
  await import('../../electron/main/ipc/register');
const { isTrustedSender } = await import('../../electron/main/security');
const { createElectronServices } = await import('../../electron/main/services/app-services');

const dataDir = mkdtempSync(path.join(tmpdir(), 'site-rescue-main-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function makeTable(): {
  table: HandlerTable;
  jobList: ReturnType<typeof vi.fn>;
  jobGet: ReturnType<typeof vi.fn>;
} {
  const unused = Object.fromEntries(
    REQUEST_CHANNELS.map((c) => [
      c,
      vi.fn(async () => Promise.reject(new Error(`${c} not used here`))),
    ]),
  );
  const jobList = vi.fn(async () => ({ jobs: [] }));
  const jobGet = vi.fn(async () => Promise.reject(new Error('not reached')));
  return {
    table: { ...unused, 'job:list': jobList, 'job:get': jobGet } as unknown as HandlerTable,
    jobList,
    jobGet,
  };
}

function makeServices() {
  return createElectronServices({ version: '0.0.0-test', osLocale: 'en', dataDir, emit: vi.fn() })
    .services;
}

/** A minimal invoke event: sender WebContents `id` whose frame shows `url`. */
function fakeEvent(options: {
  id: number;
  url: string | null;
  frame?: 'main' | 'sub' | 'other-top';
}): IpcMainInvokeEvent {
  const mainFrame = { url: options.url ?? '', parent: null, frameTreeNodeId: 1 };
  const frames = {
    main: mainFrame,
    sub: { url: options.url, parent: mainFrame, frameTreeNodeId: 2 },
    'other-top': { url: options.url, parent: null, frameTreeNodeId: 3 },
  };
  return {
    sender: { id: options.id, mainFrame },
    senderFrame: options.url === null ? null : frames[options.frame ?? 'main'],
  } as unknown as IpcMainInvokeEvent;
}

const TRUSTED = new Set([7]);
const trustedCheck = (event: IpcMainInvokeEvent): boolean => isTrustedSender(event, TRUSTED);

describe('electron/main/ipc/register.ts', () => {
  beforeEach(() => vi.clearAllMocks());

  it('passes a valid request from our window to the handler and wraps the answer', async () => {
    const { table, jobList } = makeTable();
    const handler = createIpcHandler('job:list', table, makeServices(), trustedCheck);
    const result = await handler(fakeEvent({ id: 7, url: 'app://renderer/index.html' }), {});
    expect(result).toEqual({ ok: true, value: { jobs: [] } });
    expect(jobList).toHaveBeenCalledTimes(1);
    expect(jobList.mock.calls[0]?.[1]).toMatchObject({ senderId: 'wc:7' });
  });

  it.each([
    ['another WebContents', fakeEvent({ id: 8, url: 'app://renderer/index.html' })],
    [
      'a sub-frame of our window',
      fakeEvent({ id: 7, url: 'app://renderer/index.html', frame: 'sub' }),
    ],
    ['our window showing a remote page', fakeEvent({ id: 7, url: 'https://evil.example/' })],
    ['our window on a file: URL', fakeEvent({ id: 7, url: 'file:///etc/passwd' })],
    ['a frame that is gone', fakeEvent({ id: 7, url: null })],
    [
      'another top-level frame',
      fakeEvent({ id: 7, url: 'app://renderer/index.html', frame: 'other-top' }),
    ],
  ])('rejects %s with forbidden-sender before any validation or handler', async (_name, event) => {
    const { table, jobList } = makeTable();
    const handler = createIpcHandler('job:list', table, makeServices(), trustedCheck);
    const result = await handler(event, {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('forbidden-sender');
    expect(jobList).not.toHaveBeenCalled();
  });

  it.each([
    ['unknown keys', 'job:list', { extra: true }],
    ['a wrong type', 'job:get', { jobId: 42 }],
    ['no argument', 'job:get', undefined],
    ['a string instead of an object', 'job:list', '{}'],
  ] as const)(
    'rejects a request with %s as invalid-request without calling the handler',
    async (_n, channel, req) => {
      const { table, jobList, jobGet } = makeTable();
      const handler = createIpcHandler(channel, table, makeServices(), trustedCheck);
      const result = await handler(fakeEvent({ id: 7, url: 'app://renderer/index.html' }), req);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-request');
      expect(jobList).not.toHaveBeenCalled();
      expect(jobGet).not.toHaveBeenCalled();
    },
  );

  it('registers one ipcMain handler per contract channel and removes them all', () => {
    const dispose = registerIpc({
      table: makeTable().table,
      services: makeServices(),
      isTrusted: () => true,
    });
    const channels = electron.ipcMain.handle.mock.calls.map((call) => call[0] as string);
    expect(channels.sort()).toEqual([...REQUEST_CHANNELS].sort());
    dispose();
    expect(electron.ipcMain.removeHandler).toHaveBeenCalledTimes(REQUEST_CHANNELS.length);
  });

  it('sendEvent validates payloads and skips destroyed windows', () => {
    const send = vi.fn();
    const live = { isDestroyed: () => false, send } as unknown as WebContents;
    const dead = { isDestroyed: () => true, send } as unknown as WebContents;
    const finished = { jobId: 'j1', kind: 'demo', status: 'succeeded' } as const;
    expect(sendEvent(dead, 'job:finished', finished)).toBe(false);
    expect(send).not.toHaveBeenCalled();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(sendEvent(live, 'job:finished', { ...finished, status: 'exploded' } as never)).toBe(
      false,
    );
    expect(send).not.toHaveBeenCalled();
    expect(sendEvent(live, 'job:finished', finished)).toBe(true);
    expect(send).toHaveBeenCalledWith('job:finished', finished);
  });
});
