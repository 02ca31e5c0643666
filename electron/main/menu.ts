import type { MenuItemConstructorOptions } from 'electron';

import type { Locale } from '../../shared/ipc/channels/app';

type Labels = {
  file: string;
  edit: string;
  view: string;
  help: string;
  quit: string;
  undo: string;
  redo: string;
  cut: string;
  copy: string;
  paste: string;
  selectAll: string;
  reload: string;
  devTools: string;
  zoomIn: string;
  zoomOut: string;
  resetZoom: string;
  fullScreen: string;
  about: string;
};

const LABELS: Readonly<Record<Locale, Labels>> = {
  ja: {
    file: 'ファイル',
    edit: '編集',
    view: '表示',
    help: 'ヘルプ',
    quit: '終了',
    undo: '元に戻す',
    redo: 'やり直す',
    cut: '切り取り',
    copy: 'コピー',
    paste: '貼り付け',
    selectAll: 'すべて選択',
    reload: '再読み込み',
    devTools: '開発者ツール',
    zoomIn: '拡大',
    zoomOut: '縮小',
    resetZoom: '実際のサイズ',
    fullScreen: '全画面表示',
    about: 'Site Rescue について',
  },
  en: {
    file: 'File',
    edit: 'Edit',
    view: 'View',
    help: 'Help',
    quit: 'Quit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    reload: 'Reload',
    devTools: 'Developer Tools',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    resetZoom: 'Actual Size',
    fullScreen: 'Full Screen',
    about: 'About Site Rescue',
  },
};

/**
 * The application menu: File / Edit / View / Help, labelled in the OS language.
 *
 * Pure (no Electron calls) so it is unit-tested; `onAbout` is the only custom action. There is no
 * menu item that opens a URL: nothing here calls `shell.openExternal`. Reload and developer tools
 * appear only in development builds, where a reload cannot interrupt a user's recovery.
 */
export function buildMenuTemplate(options: {
  locale: Locale;
  isMac: boolean;
  isDev: boolean;
  onAbout: () => void;
}): MenuItemConstructorOptions[] {
  const l = LABELS[options.locale];
  const template: MenuItemConstructorOptions[] = [];
  if (options.isMac) {
    template.push({
      label: 'Site Rescue',
      submenu: [
        { label: l.about, click: options.onAbout },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit', label: l.quit },
      ],
    });
  }
  template.push(
    {
      label: l.file,
      submenu: [options.isMac ? { role: 'close' } : { role: 'quit', label: l.quit }],
    },
    {
      label: l.edit,
      submenu: [
        { role: 'undo', label: l.undo },
        { role: 'redo', label: l.redo },
        { type: 'separator' },
        { role: 'cut', label: l.cut },
        { role: 'copy', label: l.copy },
        { role: 'paste', label: l.paste },
        { role: 'selectAll', label: l.selectAll },
      ],
    },
    {
      label: l.view,
      submenu: [
        ...(options.isDev
          ? ([
              { role: 'reload', label: l.reload },
              { role: 'toggleDevTools', label: l.devTools },
              { type: 'separator' },
            ] satisfies MenuItemConstructorOptions[])
          : []),
        { role: 'zoomIn', label: l.zoomIn },
        { role: 'zoomOut', label: l.zoomOut },
        { role: 'resetZoom', label: l.resetZoom },
        { type: 'separator' },
        { role: 'togglefullscreen', label: l.fullScreen },
      ],
    },
    {
      label: l.help,
      role: 'help',
      submenu: [{ label: l.about, click: options.onAbout }],
    },
  );
  return template;
}
