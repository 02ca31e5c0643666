/**
 * Electron main process: lifecycle, the one window, the app menu and the IPC wiring.
 *
 * Thin by design (DESIGN.md): everything testable lives in electron/engine, which this file binds
 * to Electron. Security posture per STYLE.md §3: sandbox everywhere, `app://` instead of
 * `file://`, permissions denied, navigation and new windows blocked, senders validated.
 */
import { fileURLToPath } from 'node:url';

import { app, BrowserWindow, dialog, Menu, session } from 'electron';

import type { Locale } from '../../shared/ipc/channels/app';
import type { EventName, EventPayload } from '../../shared/ipc/events';
import { handlerTable } from '../engine/api/handler-table';
import { registerIpc, sendEvent } from './ipc/register';
import { buildMenuTemplate } from './menu';
import { APP_START_URL, installAppProtocol, registerAppScheme } from './protocol';
import { createUtilityScanWorkers } from './scanner-host';
import {
  blockForeignRequests,
  denyAllPermissions,
  hardenWebContents,
  isTrustedSender,
  type TrustedOrigins,
} from './security';
import {
  createElectronServices,
  mapOsLocale,
  type ElectronServices,
} from './services/app-services';
import { createMainWindow } from './window';

// Every renderer, including any a dependency might open, runs in the OS sandbox (checklist #4).
app.enableSandbox();
registerAppScheme();

/** Built layout (electron-vite): out/main/index.js, out/preload/index.cjs, out/renderer/. */
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const RENDERER_ROOT = fileURLToPath(new URL('../renderer', import.meta.url));

/** `electron-vite dev` serves the renderer over HTTP; honoured only in unpackaged runs. */
function devServerUrl(): string | undefined {
  const url = process.env['ELECTRON_RENDERER_URL'];
  return !app.isPackaged && url ? url : undefined;
}

let mainWindow: BrowserWindow | null = null;
const trustedSenderIds = new Set<number>();

function openWindow(locale: Locale): BrowserWindow {
  const win = createMainWindow({
    preloadPath: PRELOAD_PATH,
    startUrl: devServerUrl() ?? APP_START_URL,
    devTools: !app.isPackaged,
    title: locale === 'ja' ? 'サイト復旧アシスタント' : 'Site Rescue',
  });
  const id = win.webContents.id;
  trustedSenderIds.add(id);
  win.on('closed', () => {
    trustedSenderIds.delete(id);
    if (mainWindow === win) mainWindow = null;
  });
  return win;
}

function showAbout(locale: Locale): void {
  const detail =
    locale === 'ja'
      ? '乗っ取られた WordPress サイトを、お使いのパソコンから安全に元に戻すためのアプリです。'
      : 'Restores a hacked WordPress site to a clean state, safely, from your own computer.';
  const options = {
    type: 'info' as const,
    title: 'Site Rescue',
    message: `Site Rescue ${app.getVersion()}`,
    detail,
    buttons: ['OK'],
  };
  void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
}

function emitToWindow<E extends EventName>(event: E, payload: EventPayload<E>): void {
  if (mainWindow) sendEvent(mainWindow.webContents, event, payload);
}

async function start(): Promise<void> {
  const locale = mapOsLocale(app.getLocale());
  const dev = devServerUrl();
  const origins: TrustedOrigins = { devServerOrigin: dev ? new URL(dev).origin : undefined };

  // Windows groups taskbar entries and notifications by this id; it must match electron-builder's appId.
  if (process.platform === 'win32') app.setAppUserModelId('jp.siterescue.app');
  denyAllPermissions(session.defaultSession);
  blockForeignRequests(session.defaultSession, origins);
  installAppProtocol(RENDERER_ROOT);

  const electronServices: ElectronServices = createElectronServices({
    version: app.getVersion(),
    osLocale: locale,
    dataDir: app.getPath('userData'),
    emit: emitToWindow,
    scanWorkers: createUtilityScanWorkers(),
  });
  registerIpc({
    table: handlerTable,
    services: electronServices.services,
    isTrusted: (event) => isTrustedSender(event, trustedSenderIds, origins),
  });
  installQuitHandler(electronServices);

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        locale,
        isMac: process.platform === 'darwin',
        isDev: !app.isPackaged,
        onAbout: () => showAbout(locale),
      }),
    ),
  );

  mainWindow = openWindow(locale);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = openWindow(locale);
  });
}

/** Runs the `onClose` cleanups (demo server, sessions) once before the process exits. */
function installQuitHandler(electronServices: ElectronServices): void {
  let cleanedUp = false;
  app.on('before-quit', (event) => {
    if (cleanedUp) return;
    event.preventDefault();
    void electronServices.close().finally(() => {
      cleanedUp = true;
      app.quit();
    });
  });
}

if (!app.requestSingleInstanceLock()) {
  // Two instances would fight over the same case folders; the first one gets focus instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      console.error('[main] failed to start:', err);
      app.exit(1);
    });
}
