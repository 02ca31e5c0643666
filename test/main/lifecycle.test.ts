import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it, vi } from 'vitest';

import { REQUEST_CHANNELS } from '../../shared/ipc/contract';

/**
 * electron/main/index.ts end to end against a recording `electron` mock: the order of the
 * lifecycle calls, the window it opens, the IPC it registers, the single-instance focus and the
 * cleanups on quit.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'site-rescue-lifecycle-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type Handler = (...args: unknown[]) => unknown;

const mock = vi.hoisted(() => {
  const calls: string[] = [];
  const appListeners = new Map<string, Handler[]>();
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  class FakeWebContents {
    static nextId = 11;
    id = FakeWebContents.nextId++;
    mainFrame = { url: 'app://renderer/index.html', parent: null, frameTreeNodeId: 1 };
    sent: unknown[][] = [];
    on() {
      return this;
    }
    setWindowOpenHandler() {}
    isDestroyed() {
      return false;
    }
    send(...args: unknown[]) {
      this.sent.push(args);
    }
  }
  class BrowserWindow {
    static all: BrowserWindow[] = [];
    static getAllWindows() {
      return BrowserWindow.all;
    }
    webContents = new FakeWebContents();
    loaded: string[] = [];
    minimized = true;
    restored = false;
    focused = false;
    constructor(public options: Record<string, unknown>) {
      calls.push('new BrowserWindow');
      BrowserWindow.all.push(this);
    }
    on() {
      return this;
    }
    once() {
      return this;
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    isMinimized() {
      return this.minimized;
    }
    restore() {
      this.restored = true;
    }
    show() {}
    focus() {
      this.focused = true;
    }
  }
  const record =
    (name: string, result?: unknown) =>
    (..._args: unknown[]) => {
      calls.push(name);
      return result;
    };
  const electron = {
    app: {
      enableSandbox: vi.fn(record('app.enableSandbox')),
      requestSingleInstanceLock: vi.fn(record('app.requestSingleInstanceLock', true)),
      whenReady: vi.fn(() => {
        calls.push('app.whenReady');
        return ready;
      }),
      on: vi.fn((name: string, listener: Handler) => {
        appListeners.set(name, [...(appListeners.get(name) ?? []), listener]);
      }),
      getLocale: () => 'ja-JP',
      getVersion: () => '1.2.3',
      getPath: vi.fn(() => ''),
      isPackaged: false,
      quit: vi.fn(record('app.quit')),
      exit: vi.fn(record('app.exit')),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(record('protocol.registerSchemesAsPrivileged')),
      handle: vi.fn(),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(record('session.setPermissionRequestHandler')),
        setPermissionCheckHandler: vi.fn(record('session.setPermissionCheckHandler')),
        setDevicePermissionHandler: vi.fn(),
        webRequest: { onBeforeRequest: vi.fn(record('session.webRequest.onBeforeRequest')) },
      },
    },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    Menu: { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() },
    dialog: { showMessageBox: vi.fn(async () => ({ response: 0 })) },
    BrowserWindow,
  };
  return { calls, appListeners, resolveReady, electron };
});
vi.mock('electron', () => mock.electron);

vi.mock('../../electron/engine/api/handler-table', async () => {
  const { CAPABILITIES } = await import('../../electron/engine/api/capabilities');
  const { REQUEST_CHANNELS: channels } = await import('../../shared/ipc/contract');
  type Ctx = {
    services: {
      version: string;
      osLocale: string;
      shell: string;
      onClose(cleanup: () => void): void;
    };
  };
  const unused = Object.fromEntries(
    channels.map((c) => [c, async () => Promise.reject(new Error(c))]),
  );
  return {
    handlerTable: {
      ...unused,
      'app:info': async (_req: unknown, { services }: Ctx) => ({
        version: services.version,
        osLocale: services.osLocale,
        shell: services.shell,
        capabilities: { ...CAPABILITIES },
      }),
      'job:list': async (_req: unknown, { services }: Ctx) => {
        services.onClose(() => {
          mock.calls.push('cleanup');
        });
        return { jobs: [] };
      },
    },
  };
});

function listener(name: string): Handler {
  const found = mock.appListeners.get(name)?.[0];
  if (!found) throw new Error(`no app.on('${name}') listener`);
  return found;
}

function ipcHandler(channel: string): Handler {
  const call = mock.electron.ipcMain.handle.mock.calls.find((c) => c[0] === channel);
  if (!call) throw new Error(`no handler for ${channel}`);
  return call[1] as Handler;
}

describe('electron/main/index.ts lifecycle', () => {
  it('sandboxes, registers the scheme and takes the single-instance lock before ready', async () => {
    mock.electron.app.getPath.mockReturnValue(dataDir);
    delete process.env['ELECTRON_RENDERER_URL'];
    await import('../../electron/main/index');
    expect(mock.calls.slice(0, 4)).toEqual([
      'app.enableSandbox',
      'protocol.registerSchemesAsPrivileged',
      'app.requestSingleInstanceLock',
      'app.whenReady',
    ]);
    expect(mock.calls).not.toContain('new BrowserWindow');
  });

  it('on ready: locks down the session, serves app://, registers every channel, opens the window', async () => {
    mock.resolveReady();
    await vi.waitFor(() => expect(mock.calls).toContain('new BrowserWindow'));
    const order = mock.calls.indexOf.bind(mock.calls);
    expect(order('session.setPermissionRequestHandler')).toBeLessThan(order('new BrowserWindow'));
    expect(order('session.webRequest.onBeforeRequest')).toBeLessThan(order('new BrowserWindow'));
    expect(mock.electron.protocol.handle.mock.calls.map((c) => c[0]).sort()).toEqual([
      'app',
      'file',
    ]);
    expect(mock.electron.ipcMain.handle.mock.calls.map((c) => c[0]).sort()).toEqual(
      [...REQUEST_CHANNELS].sort(),
    );
    expect(mock.electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const menu = mock.electron.Menu.setApplicationMenu.mock.calls[0]?.[0] as Array<{
      label: string;
    }>;
    expect(menu.map((m) => m.label)).toContain('ファイル');

    const win = mock.electron.BrowserWindow.all[0];
    expect(win?.loaded).toEqual(['app://renderer/index.html']);
    expect(win?.options['title']).toBe('サイト復旧アシスタント');
    const prefs = win?.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(String(prefs['preload'])).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('answers our window and refuses other senders', async () => {
    const win = mock.electron.BrowserWindow.all[0];
    if (!win) throw new Error('no window');
    const trusted = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    await expect(ipcHandler('app:info')(trusted, {})).resolves.toMatchObject({
      ok: true,
      value: { shell: 'electron', osLocale: 'ja', version: '1.2.3' },
    });
    const stranger = {
      sender: { id: 999, mainFrame: {} },
      senderFrame: { url: 'app://renderer/', parent: null },
    };
    await expect(ipcHandler('app:info')(stranger, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
  });

  it('focuses the existing window when a second instance starts', () => {
    const win = mock.electron.BrowserWindow.all[0];
    listener('second-instance')({}, [], '');
    expect(win?.restored).toBe(true);
    expect(win?.focused).toBe(true);
    expect(mock.electron.BrowserWindow.all).toHaveLength(1);
  });

  it('runs the onClose cleanups once before quitting', async () => {
    const win = mock.electron.BrowserWindow.all[0];
    if (!win) throw new Error('no window');
    const trusted = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    await ipcHandler('job:list')(trusted, {}); // registers a cleanup
    const event = { preventDefault: vi.fn() };
    listener('before-quit')(event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(mock.calls).toContain('app.quit'));
    expect(mock.calls.indexOf('cleanup')).toBeLessThan(mock.calls.indexOf('app.quit'));
    const second = { preventDefault: vi.fn() };
    listener('before-quit')(second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(mock.calls.filter((c) => c === 'cleanup')).toHaveLength(1);
  });
});
