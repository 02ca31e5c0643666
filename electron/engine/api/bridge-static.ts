import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

import { contentTypeFor } from './content-types';

/** The Content-Security-Policy the bridge sends with every page: the meta tag's, plus our socket. */
export function bridgeCsp(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ws://127.0.0.1:${port}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Security headers sent with every HTTP response of the bridge. */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': bridgeCsp(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Maps a request path to a file inside `root`, or null.
 *
 * The request path is attacker-reachable from any page the user has open (a local page can make
 * requests to 127.0.0.1): reject encoded NULs, backslashes and dot segments outright, then check
 * containment again on the resolved and the real path so a symlink cannot lead outside.
 */
export async function resolveStaticFile(root: string, rawUrl: string): Promise<string | null> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(rawUrl, 'http://127.0.0.1').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) return null;
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const realRoot = await realpath(root).catch(() => null);
  if (!realRoot) return null;
  const target = path.resolve(realRoot, relative);
  if (!isInside(realRoot, target)) return null;
  const real = await realpath(target).catch(() => null);
  if (!real || !isInside(realRoot, real)) return null;
  const info = await stat(real).catch(() => null);
  return info?.isFile() ? real : null;
}

function plain(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string>,
): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/** Serves one GET/HEAD request for a file of the built renderer. */
export async function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    plain(res, 405, 'Method not allowed\n', { ...headers, Allow: 'GET, HEAD' });
    return;
  }
  const file = await resolveStaticFile(root, req.url ?? '/');
  if (!file) {
    plain(res, 404, 'Not found\n', headers);
    return;
  }
  const type = contentTypeFor(file);
  const info = await stat(file);
  res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': String(info.size) });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
