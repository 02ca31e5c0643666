import { BrowserWindow, type WebPreferences } from 'electron';

import { hardenWebContents } from './security';

/**
 * The hardened webPreferences of the main window (STYLE.md §3).
 *
 * Every security-relevant value is set explicitly even where it is Electron's default, so a
 * future default change or a copied template cannot weaken it silently.
 */
export function buildWebPreferences(options: {
  preloadPath: string;
  devTools: boolean;
}): WebPreferences {
  return {
    preload: options.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: options.devTools,
  };
}

/** Options of the main window. */
export type MainWindowOptions = {
  readonly preloadPath: string;
  /** `app://renderer/index.html`, or the dev server URL under `electron-vite dev`. */
  readonly startUrl: string;
  /** Off in packaged builds (STYLE.md §4.10). */
  readonly devTools: boolean;
  readonly title: string;
};

/**
 * Creates the one application window: hardened preferences, navigation and new windows blocked,
 * shown only once the first paint is ready (no white flash).
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1120,
    height: 800,
    minWidth: 760,
    minHeight: 560,
    show: false,
    title: options.title,
    backgroundColor: '#ffffff',
    webPreferences: buildWebPreferences({
      preloadPath: options.preloadPath,
      devTools: options.devTools,
    }),
  });
  hardenWebContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(options.startUrl);
  return win;
}
