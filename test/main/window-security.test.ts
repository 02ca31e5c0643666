import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';

type Listener = (event: { preventDefault: () => void }) => void;

/** A stand-in BrowserWindow recording what the window module does to it. */
const electron = vi.hoisted(() => {
  class FakeWebContents {
    id = 3;
    listeners = new Map<string, Listener[]>();
    openHandler: ((details: { url: string }) => { action: string }) | null = null;
    on(name: string, listener: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.openHandler = handler;
    }
  }
  class BrowserWindow {
    static last: BrowserWindow | null = null;
    webContents = new FakeWebContents();
    loaded: string[] = [];
    constructor(public options: Record<string, unknown>) {
      BrowserWindow.last = this;
    }
    once() {
      return this;
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
  }
  return { BrowserWindow, protocol: { handle: vi.fn(), registerSchemesAsPrivileged: vi.fn() } };
});
vi.mock('electron', () => electron);

const { buildWebPreferences, createMainWindow } = await import('../../electron/main/window');
const { denyAllPermissions, isAllowedRequestUrl, isTrustedSenderInfo } =
  await import('../../electron/main/security');
const { buildMenuTemplate } = await import('../../electron/main/menu');
const { createElectronServices, mapOsLocale } =
  await import('../../electron/main/services/app-services');

describe('window (electron/main/window.ts)', () => {
  it('webPreferences are hardened explicitly', () => {
    const prefs = buildWebPreferences({
      preloadPath: '/app/out/preload/index.cjs',
      devTools: false,
    });
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      devTools: false,
    });
  });

  it('blocks navigation, redirects, webviews and new windows, and loads the app scheme', () => {
    const win = createMainWindow({
      preloadPath: '/p.cjs',
      startUrl: 'app://renderer/index.html',
      devTools: false,
      title: 'Site Rescue',
    }) as unknown as InstanceType<typeof electron.BrowserWindow>;
    expect(win.loaded).toEqual(['app://renderer/index.html']);
    expect((win.options['webPreferences'] as Record<string, unknown>)['sandbox']).toBe(true);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const listeners = win.webContents.listeners.get(name) ?? [];
      expect(listeners.length, name).toBeGreaterThan(0);
      const preventDefault = vi.fn();
      for (const l of listeners) l({ preventDefault });
      expect(preventDefault, name).toHaveBeenCalled();
    }
    expect(win.webContents.openHandler?.({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    });
  });
});

describe('security (electron/main/security.ts)', () => {
  const trusted = new Set([3]);
  const good = { senderId: 3, frameUrl: 'app://renderer/index.html', isMainFrame: true };

  it('trusts only our WebContents main frame on app://renderer', () => {
    expect(isTrustedSenderInfo(good, trusted)).toBe(true);
    expect(isTrustedSenderInfo({ ...good, senderId: 4 }, trusted)).toBe(false);
    expect(isTrustedSenderInfo({ ...good, isMainFrame: false }, trusted)).toBe(false);
    expect(isTrustedSenderInfo({ ...good, frameUrl: null }, trusted)).toBe(false);
    expect(isTrustedSenderInfo({ ...good, frameUrl: 'app://evil/index.html' }, trusted)).toBe(
      false,
    );
    expect(isTrustedSenderInfo({ ...good, frameUrl: 'file:///index.html' }, trusted)).toBe(false);
    expect(isTrustedSenderInfo({ ...good, frameUrl: 'http://localhost:5173/' }, trusted)).toBe(
      false,
    );
    expect(
      isTrustedSenderInfo({ ...good, frameUrl: 'http://localhost:5173/' }, trusted, {
        devServerOrigin: 'http://localhost:5173',
      }),
    ).toBe(true);
  });

  it('lets requests reach only our renderer', () => {
    expect(isAllowedRequestUrl('app://renderer/assets/x.js')).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequestUrl('https://wordpress.org/')).toBe(false);
    expect(isAllowedRequestUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedRequestUrl('ws://localhost:5173/')).toBe(false);
    expect(
      isAllowedRequestUrl('ws://localhost:5173/', { devServerOrigin: 'http://localhost:5173' }),
    ).toBe(true);
  });

  it('denies every permission request and check', () => {
    const calls: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: (...a: unknown[]) => unknown) => (calls['request'] = h),
      setPermissionCheckHandler: (h: (...a: unknown[]) => unknown) => (calls['check'] = h),
      setDevicePermissionHandler: (h: (...a: unknown[]) => unknown) => (calls['device'] = h),
    } as unknown as Session;
    denyAllPermissions(session);
    const callback = vi.fn();
    calls['request']?.({} as WebContents, 'media', callback, {});
    expect(callback).toHaveBeenCalledWith(false);
    expect(calls['check']?.(null, 'notifications', 'app://renderer', {})).toBe(false);
    expect(calls['device']?.({})).toBe(false);
  });
});

describe('menu and services', () => {
  it('labels File/Edit/View/Help in the OS language and hides dev tools in release builds', () => {
    const ja = buildMenuTemplate({ locale: 'ja', isMac: false, isDev: false, onAbout: () => {} });
    expect(ja.map((m) => m.label)).toEqual(['ファイル', '編集', '表示', 'ヘルプ']);
    const en = buildMenuTemplate({ locale: 'en', isMac: false, isDev: false, onAbout: () => {} });
    expect(en.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    const roles = (template: typeof en): string[] =>
      template.flatMap((m) =>
        Array.isArray(m.submenu) ? m.submenu.map((i) => String(i.role ?? '')) : [],
      );
    expect(roles(en)).not.toContain('toggleDevTools');
    expect(
      roles(buildMenuTemplate({ locale: 'en', isMac: false, isDev: true, onAbout: () => {} })),
    ).toContain('toggleDevTools');
  });

  it('maps the OS locale to ja or en', () => {
    expect(mapOsLocale('ja')).toBe('ja');
    expect(mapOsLocale('ja-JP')).toBe('ja');
    expect(mapOsLocale('en-US')).toBe('en');
    expect(mapOsLocale('fr')).toBe('en');
  });

  it('runs onClose cleanups once, newest first, even when one fails', async () => {
    const { services, close } = createElectronServices({
      version: '1',
      osLocale: 'en',
      dataDir: '/nonexistent',
      emit: () => {},
    });
    const order: string[] = [];
    services.onClose(() => {
      order.push('first');
    });
    services.onClose(async () => {
      order.push('second');
      throw new Error('cleanup failed');
    });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    await Promise.all([close(), close()]);
    expect(order).toEqual(['second', 'first']);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(services.shell).toBe('electron');
  });
});
