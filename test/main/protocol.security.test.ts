import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  protocol: { handle: vi.fn(), registerSchemesAsPrivileged: vi.fn() },
}));
vi.mock('electron', () => electron);

const {
  CONTENT_SECURITY_POLICY,
  createAppProtocolHandler,
  installAppProtocol,
  isAllowedProtocolPath,
  registerAppScheme,
  resolveProtocolPath,
} = await import('../../electron/main/protocol');

const base = mkdtempSync(path.join(tmpdir(), 'site-rescue-protocol-'));
const root = path.join(base, 'renderer');
mkdirSync(path.join(root, 'assets'), { recursive: true });
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>ok</title>');
writeFileSync(path.join(root, 'assets', 'app-1.js'), 'console.log(1)');
writeFileSync(path.join(root, 'assets', 'app.css'), 'body{}');
writeFileSync(path.join(base, 'secret.txt'), 'quarantined webshell');
symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
symlinkSync(base, path.join(root, 'up'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function isInsideRoot(p: string | null): boolean {
  if (p === null) return true;
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

describe('app:// path containment (electron/main/protocol.ts)', () => {
  it('serves index.html for the root and maps asset URLs inside the renderer folder', () => {
    expect(resolveProtocolPath(root, 'app://renderer/')).toBe(path.join(root, 'index.html'));
    expect(resolveProtocolPath(root, 'app://renderer/assets/app-1.js?v=1#x')).toBe(
      path.join(root, 'assets', 'app-1.js'),
    );
  });

  it.each([
    'app://renderer/..%2f..%2fetc%2fpasswd',
    'app://renderer/assets/..%2f..%2fsecret.txt',
    'app://renderer/%2e%2e%5c%2e%2e%5csecret.txt',
    'app://renderer/..%5c..%5cwindows%5cwin.ini',
    'app://renderer//etc/passwd',
    'app://renderer/%2fetc%2fpasswd',
    'app://renderer/C:%5cWindows%5cwin.ini',
    'app://renderer/index.html%00.js',
    'app://renderer/index.html::$DATA',
    'app://renderer/assets/%E0%A4%A',
    'app://evil/index.html',
    'app://user:pw@renderer/index.html',
    'file:///etc/passwd',
    'https://renderer/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveProtocolPath(root, url)).toBeNull();
    expect(isAllowedProtocolPath(root, url)).toBe(false);
  });

  // The URL parser already collapses these dot segments (as Chromium does before the handler runs).
  it.each([
    'app://renderer/../../etc/passwd',
    'app://renderer/%2e%2e/%2e%2e/etc/passwd',
    'app://renderer/assets/../../../secret.txt',
    'app://renderer/./../x',
  ])('never resolves %s outside the renderer folder', (url) => {
    expect(isInsideRoot(resolveProtocolPath(root, url))).toBe(true);
  });
});

describe('app:// handler', () => {
  const handle = createAppProtocolHandler(root);

  it('serves files with the right MIME type, the CSP header and nosniff', async () => {
    const html = await handle(new Request('app://renderer/index.html'));
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await html.text()).toContain('<title>ok</title>');
    const js = await handle(new Request('app://renderer/assets/app-1.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const css = await handle(new Request('app://renderer/assets/app.css'));
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('refuses symlinks that lead outside the renderer folder', async () => {
    const viaFile = await handle(new Request('app://renderer/assets/link.txt'));
    expect(viaFile.status).toBe(403);
    expect(await viaFile.text()).not.toContain('webshell');
    const viaDir = await handle(new Request('app://renderer/up/secret.txt'));
    expect(viaDir.status).toBe(403);
  });

  it('answers 404 for missing files and folders, 403 for traversal, 405 for writes', async () => {
    expect((await handle(new Request('app://renderer/missing.js'))).status).toBe(404);
    expect((await handle(new Request('app://renderer/assets'))).status).toBe(404);
    expect((await handle(new Request('app://renderer/..%2fsecret.txt'))).status).toBe(403);
    expect(
      (await handle(new Request('app://renderer/index.html', { method: 'POST', body: 'x' })))
        .status,
    ).toBe(405);
  });

  it('answers 404 (and does not crash) when the renderer was never built', async () => {
    const missing = createAppProtocolHandler(path.join(base, 'not-built'));
    expect((await missing(new Request('app://renderer/index.html'))).status).toBe(404);
  });

  it('the CSP allows nothing remote and no inline script or eval', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("base-uri 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("form-action 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)|https?:|\*/);
  });

  it('registers app:// as a standard secure scheme without CSP bypass and blocks file:', async () => {
    registerAppScheme();
    const schemes = electron.protocol.registerSchemesAsPrivileged.mock.calls[0]?.[0] as Array<{
      scheme: string;
      privileges: Record<string, boolean>;
    }>;
    expect(schemes).toHaveLength(1);
    expect(schemes[0]?.scheme).toBe('app');
    expect(schemes[0]?.privileges).toMatchObject({ standard: true, secure: true });
    expect(schemes[0]?.privileges['bypassCSP']).toBeUndefined();

    installAppProtocol(root);
    const handlers = new Map(
      electron.protocol.handle.mock.calls.map((c) => [
        c[0] as string,
        c[1] as (r: Request) => Promise<Response>,
      ]),
    );
    expect([...handlers.keys()].sort()).toEqual(['app', 'file']);
    const fileResponse = await handlers.get('file')?.(new Request('file:///etc/passwd'));
    expect(fileResponse?.status).toBe(403);
  });
});
