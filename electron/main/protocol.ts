import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

import { protocol } from 'electron';

import { contentTypeFor } from '../engine/api/content-types';

/** Our private scheme: the renderer is served from `app://renderer/…` and nothing else. */
export const APP_SCHEME = 'app';
/** The only host of the scheme. */
export const APP_HOST = 'renderer';
/** Where the window starts. */
export const APP_START_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The Content-Security-Policy sent with every response of the app scheme.
 *
 * STYLE.md §3: `default-src 'none'`, `'self'` for scripts, styles, images (plus `data:` images),
 * fonts and fetches; no objects, no `<base>`, no form posts, no framing. The renderer's
 * index.html carries the same policy as a meta tag; the browser enforces both.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The Content-Type for a served file; unknown extensions are sent as opaque bytes. */
export function mimeTypeFor(filePath: string): string {
  return contentTypeFor(filePath);
}

/** Backslash, colon, NUL and other control characters never appear in a built asset's name. */
function hasForbiddenChar(segment: string): boolean {
  for (const ch of segment) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\' || ch === ':' || code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Maps an `app://renderer/…` URL to a file path inside `rendererRoot`, or null when the URL must
 * not be served.
 *
 * Lexical check only (the handler adds a realpath check for symlinks). The path is
 * percent-decoded first so `%2e%2e`, `%2f` and `%5c` cannot smuggle a traversal past the URL
 * parser; any `.`/`..`/empty segment, backslash, NUL or colon (Windows drives, NTFS streams) is
 * refused rather than normalised.
 */
export function resolveProtocolPath(rendererRoot: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  if (url.username !== '' || url.password !== '') return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (decoded === '' || decoded === '/') decoded = '/index.html';
  if (!decoded.startsWith('/')) return null;
  const segments = decoded.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') return null;
    if (hasForbiddenChar(segment)) return null;
  }
  const root = path.resolve(rendererRoot);
  const target = path.resolve(root, ...segments);
  const rel = path.relative(root, target);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return target;
}

/** True when `requestUrl` names a file inside `rendererRoot` (lexically; see resolveProtocolPath). */
export function isAllowedProtocolPath(rendererRoot: string, requestUrl: string): boolean {
  return resolveProtocolPath(rendererRoot, requestUrl) !== null;
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function plainResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    },
  });
}

/**
 * Builds the `app:` request handler serving only regular files under `rendererRoot`.
 *
 * A symlink inside the folder that points outside it is refused (realpath containment, as in
 * Signal's protocol filter): under XSS the renderer must never read the quarantined downloads or
 * any other local file. Every response carries the CSP header and `nosniff`.
 */
export function createAppProtocolHandler(
  rendererRoot: string,
): (request: Request) => Promise<Response> {
  // Resolved on first use (not at install time) so a missing build folder is a 404, not a crash.
  let rootReal: string | null = null;
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return plainResponse(405, 'Method not allowed');
    const target = resolveProtocolPath(rendererRoot, request.url);
    if (target === null) return plainResponse(403, 'Forbidden');
    let real: string;
    let root: string;
    try {
      rootReal ??= await realpath(path.resolve(rendererRoot));
      root = rootReal;
      real = await realpath(target);
    } catch {
      return plainResponse(404, 'Not found');
    }
    if (!isInside(root, real)) return plainResponse(403, 'Forbidden');
    try {
      const info = await stat(real);
      if (!info.isFile()) return plainResponse(404, 'Not found');
      const body = request.method === 'HEAD' ? null : await readFile(real);
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': mimeTypeFor(real),
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-cache',
        },
      });
    } catch {
      return plainResponse(404, 'Not found');
    }
  };
}

/**
 * Declares the app scheme as standard and secure. Must run before `app` is ready.
 *
 * `standard` gives it real origins and relative URL resolution; `secure` makes it a secure
 * context; `supportFetchAPI`/`corsEnabled` let Vite's module scripts load from it (no response
 * carries an Access-Control-Allow-Origin header, so no other origin can read it). Deliberately
 * NOT `bypassCSP`.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/**
 * Serves the built renderer on `app://` and refuses every `file:` request (STYLE.md §3, checklist
 * #18): under `file://`, an XSS could read local files, including quarantined downloads.
 */
export function installAppProtocol(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererRoot));
  protocol.handle('file', () => plainResponse(403, 'Forbidden'));
}
