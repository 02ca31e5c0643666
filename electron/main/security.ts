import type { IpcMainInvokeEvent, Session, WebContents } from 'electron';

import { APP_HOST, APP_SCHEME } from './protocol';

/** What sender validation needs to know about one IPC message, extracted from the event. */
export type SenderInfo = {
  readonly senderId: number;
  /** URL of the frame that sent the message; null when the frame is gone or navigated away. */
  readonly frameUrl: string | null;
  readonly isMainFrame: boolean;
};

/** The origins our renderer may run at: always `app://renderer`, plus the dev server in dev. */
export type TrustedOrigins = {
  /** `http://localhost:5173`-style origin of `electron-vite dev`; never set in packaged builds. */
  readonly devServerOrigin?: string | undefined;
};

/** True when `url` is a page of our renderer (the app scheme, or the dev server in development). */
export function isTrustedRendererUrl(url: string, origins: TrustedOrigins = {}): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Node gives non-special schemes an opaque "null" origin, so compare scheme and host instead.
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  return origins.devServerOrigin !== undefined && parsed.origin === origins.devServerOrigin;
}

/**
 * Sender validation (Electron security checklist #17): only our own window's main frame, showing
 * our own renderer, may drive transfers that delete or upload files.
 */
export function isTrustedSenderInfo(
  info: SenderInfo,
  trustedIds: ReadonlySet<number>,
  origins: TrustedOrigins = {},
): boolean {
  if (!trustedIds.has(info.senderId)) return false;
  if (!info.isMainFrame || info.frameUrl === null) return false;
  return isTrustedRendererUrl(info.frameUrl, origins);
}

/** Extracts the fields sender validation needs from an invoke event. */
export function senderInfoOf(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  let isMainFrame = false;
  try {
    const main = event.sender.mainFrame;
    isMainFrame =
      frame !== null &&
      frame.parent === null &&
      (frame === main || frame.frameTreeNodeId === main.frameTreeNodeId);
  } catch {
    // A frame being torn down may throw on access; treat it as untrusted.
    isMainFrame = false;
  }
  return { senderId: event.sender.id, frameUrl: frame?.url ?? null, isMainFrame };
}

/** Sender validation for a live invoke event; see isTrustedSenderInfo. */
export function isTrustedSender(
  event: IpcMainInvokeEvent,
  trustedIds: ReadonlySet<number>,
  origins: TrustedOrigins = {},
): boolean {
  return isTrustedSenderInfo(senderInfoOf(event), trustedIds, origins);
}

/**
 * Denies every permission request and check (checklist #5): the wizard needs no camera,
 * notifications, clipboard-read, USB or similar.
 */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/**
 * The only URLs any web contents may request: our scheme, inline images, devtools, and the dev
 * server in development. Remote content is never loaded (DESIGN.md invariant 7).
 */
export function isAllowedRequestUrl(url: string, origins: TrustedOrigins = {}): boolean {
  if (isTrustedRendererUrl(url, origins)) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'data:' || parsed.protocol === 'devtools:') return true;
  if (origins.devServerOrigin !== undefined) {
    // Vite's hot-reload socket lives on the same host and port as the dev server.
    const dev = new URL(origins.devServerOrigin);
    if ((parsed.protocol === 'ws:' || parsed.protocol === 'wss:') && parsed.host === dev.host)
      return true;
  }
  return false;
}

/** Cancels every network request to anything but our renderer (defence in depth behind the CSP). */
export function blockForeignRequests(session: Session, origins: TrustedOrigins = {}): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url, origins) });
  });
}

/**
 * Guards applied to every WebContents the app creates (checklist #13, #14): no navigation away,
 * no redirects, no new windows, no <webview>. Links in remote text are never followed.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
