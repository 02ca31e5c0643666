import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';

import { startBridgeServer, type BridgeServer } from '../../../electron/engine/api/bridge-server';
import { handlerTable } from '../../../electron/engine/api/handler-table';
import { createNodeServices, type NodeServices } from '../../../electron/engine/api/node-services';

let dir: string;
let staticDir: string;
let services: NodeServices;
let bridge: BridgeServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bridge-test-'));
  staticDir = path.join(dir, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the web root');
  await symlink(path.join(dir, 'secret.txt'), path.join(staticDir, 'link.txt'));
  services = createNodeServices({
    dataDir: path.join(dir, 'data'),
    shell: 'browser',
    osLocale: 'ja',
  });
  bridge = await startBridgeServer({ services, table: handlerTable, staticDir });
});

afterAll(async () => {
  await bridge?.close();
  await services?.close();
  await rm(dir, { recursive: true, force: true });
});

type HttpAnswer = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};

/** A raw HTTP GET so the test controls the exact path and Host header (fetch would normalise them). */
function get(rawPath: string, host = `127.0.0.1:${bridge.port}`): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: bridge.port, path: rawPath, headers: { Host: host } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket; resolves with the socket or the HTTP status that refused it. */
function connect(
  url: string,
  origin: string | undefined,
): Promise<{ ws: WebSocket; status: null } | { ws: null; status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.once('open', () => resolve({ ws, status: null }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ ws: null, status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', (err) => {
      if (!/Unexpected server response/.test(String(err))) reject(err);
    });
  });
}

function socketUrl(token: string | null): string {
  return `ws://127.0.0.1:${bridge.port}/bridge${token === null ? '' : `?token=${token}`}`;
}

async function openAuthorised(): Promise<WebSocket> {
  const answer = await connect(socketUrl(bridge.token), bridge.origin);
  if (!answer.ws) throw new Error(`refused with ${answer.status}`);
  return answer.ws;
}

/** Sends one raw text frame and waits for the next message. */
function exchange(ws: WebSocket, text: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const msg = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      if ('event' in msg) return; // events may interleave; wait for the answer
      ws.off('message', onMessage);
      resolve(msg);
    };
    ws.on('message', onMessage);
    ws.send(text);
  });
}

describe('bridge server: static files', () => {
  it('prints a loopback URL with a 64-hex-digit token in the hash', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/#token=${bridge.token}`);
    expect(bridge.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves the renderer with content types and a strict CSP header', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src ws://127.0.0.1:${bridge.port}`);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const js = await get('/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/link.txt',
    '/%00',
    '/nope.html',
  ])('refuses %s (traversal, symlink out, NUL, missing)', async (p) => {
    const answer = await get(p);
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('outside the web root');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get('/', `evil.example:${bridge.port}`)).status).toBe(421);
    expect((await get('/', `localhost:${bridge.port}`)).status).toBe(421);
  });
});

describe('bridge server: WebSocket access', () => {
  it('rejects a socket without a token', async () => {
    expect(await connect(socketUrl(null), bridge.origin)).toMatchObject({ status: 401 });
  });

  it('rejects a wrong token, including one that differs in one character or length', async () => {
    const last = bridge.token.at(-1) === '0' ? '1' : '0';
    for (const token of [
      '0'.repeat(64),
      bridge.token.slice(0, -1) + last,
      bridge.token.slice(0, 10),
      `${bridge.token}0`,
    ]) {
      expect(await connect(socketUrl(token), bridge.origin)).toMatchObject({ status: 401 });
    }
  });

  it('rejects the right token from a foreign or missing Origin', async () => {
    for (const origin of [
      'http://evil.example',
      `http://localhost:${bridge.port}`,
      'null',
      undefined,
    ]) {
      expect(await connect(socketUrl(bridge.token), origin)).toMatchObject({ status: 403 });
    }
  });

  it('answers app:info over an authorised socket', async () => {
    const ws = await openAuthorised();
    const answer = await exchange(ws, JSON.stringify({ id: 1, channel: 'app:info', request: {} }));
    expect(answer.id).toBe(1);
    expect(answer.result).toMatchObject({ ok: true, value: { shell: 'browser', osLocale: 'ja' } });
    ws.close();
  });

  it('answers malformed messages with an invalid-request Result', async () => {
    const ws = await openAuthorised();
    for (const text of [
      'not json',
      '[1,2]',
      '{"channel":"app:info"}',
      '{"id":{},"channel":"app:info"}',
      '{"id":2,"channel":"app:info","request":{},"x":1}',
    ]) {
      const answer = await exchange(ws, text);
      expect(answer).toMatchObject({
        id: null,
        result: { ok: false, error: { code: 'invalid-request' } },
      });
    }
    // A well-formed envelope with a bad request body is rejected by the contract's schema.
    const bad = await exchange(
      ws,
      JSON.stringify({ id: 'r3', channel: 'app:info', request: { extra: true } }),
    );
    expect(bad).toMatchObject({
      id: 'r3',
      result: { ok: false, error: { code: 'invalid-request' } },
    });
    const missing = await exchange(
      ws,
      JSON.stringify({ id: 'r4', channel: 'job:get', request: {} }),
    );
    expect(missing).toMatchObject({
      id: 'r4',
      result: { ok: false, error: { code: 'invalid-request' } },
    });
    ws.close();
  });

  it('rejects unknown channels before any handler runs', async () => {
    const ws = await openAuthorised();
    for (const channel of ['fs:read', '__proto__', 'constructor', 42]) {
      const answer = await exchange(ws, JSON.stringify({ id: 7, channel, request: {} }));
      expect(answer).toMatchObject({
        id: 7,
        result: { ok: false, error: { code: 'invalid-request', message: 'Unknown channel.' } },
      });
    }
    ws.close();
  });

  it('broadcasts validated job events to authorised clients and drops invalid ones', async () => {
    const ws = await openAuthorised();
    const received: Array<Record<string, unknown>> = [];
    const finished = new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => {
        const msg = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
        if ('event' in msg) received.push(msg);
        if (msg.event === 'job:finished') resolve();
      });
    });
    // An invalid payload (negative count) never reaches the socket.
    services.emit('job:progress', {
      jobId: 'x',
      kind: 'demo',
      phase: 'p',
      completed: -1,
      total: null,
    });
    const handle = services.jobs.start('demo', async ({ progress }) => {
      progress({ phase: 'working', completed: 1, total: 2 });
      return { done: true };
    });
    await finished;
    expect(
      received.some(
        (m) => m.event === 'job:progress' && (m.payload as { jobId: string }).jobId === 'x',
      ),
    ).toBe(false);
    expect(received.at(-1)).toMatchObject({
      event: 'job:finished',
      payload: { jobId: handle.jobId, status: 'succeeded' },
    });
    ws.close();
  });
});
