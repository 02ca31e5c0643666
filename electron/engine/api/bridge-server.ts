import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

import { WebSocket, WebSocketServer, type RawData } from 'ws';

import type { IpcError, Result } from '../../../shared/errors';
import { events, isEventName } from '../../../shared/ipc/events';
import { securityHeaders, serveStatic } from './bridge-static';
import { dispatch, type HandlerTable } from './dispatch';
import type { NodeServices } from './node-services';
import type { AppServices } from './services';

/** Largest message a client may send; requests are small JSON objects. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Message ids are echoed back; keep them short and simple. */
const MAX_ID_LENGTH = 64;

export type BridgeServer = {
  /** `http://127.0.0.1:<port>/#token=<token>`: open this in a browser. */
  readonly url: string;
  /** `http://127.0.0.1:<port>`, the only Origin the socket accepts. */
  readonly origin: string;
  readonly token: string;
  readonly port: number;
  /** Disconnects every client and stops listening. Does not close the services. */
  close(): Promise<void>;
};

export type BridgeOptions = {
  readonly services: AppServices & Pick<NodeServices, 'subscribe'>;
  readonly table: HandlerTable;
  /** The built renderer (`out/renderer`). */
  readonly staticDir: string;
  /** 0 or absent: a random free port. */
  readonly port?: number;
};

/** Client → server message. */
type BridgeRequest = {
  readonly id: string | number;
  readonly channel: unknown;
  readonly request: unknown;
};

function invalid(message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code: 'invalid-request', message, retryable: false } };
}

/** Compares secrets in constant time (hashing first makes the lengths equal). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

function parseMessage(raw: RawData, isBinary: boolean): BridgeRequest | null {
  if (isBinary) return null;
  let value: unknown;
  try {
    value = JSON.parse(
      Buffer.isBuffer(raw) ? raw.toString('utf8') : Buffer.concat(raw as Buffer[]).toString('utf8'),
    );
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const msg = value as Record<string, unknown>;
  const id = msg.id;
  const isValidId =
    (typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH) ||
    (typeof id === 'number' && Number.isSafeInteger(id));
  if (!isValidId || !('channel' in msg)) return null;
  const extra = Object.keys(msg).filter((k) => k !== 'id' && k !== 'channel' && k !== 'request');
  if (extra.length > 0) return null;
  return { id: id as string | number, channel: msg.channel, request: msg.request };
}

function reject(socket: Duplex, status: 401 | 403 | 404 | 421, reason: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length + 1}\r\n\r\n${reason}\n`,
  );
  socket.destroy();
}

/**
 * Serves the built renderer and the handler table to a browser over a loopback-only WebSocket.
 *
 * This is the browser-mode twin of Electron IPC (DESIGN.md "the same handler table is served over
 * a second transport"). Any web page the user has open can reach 127.0.0.1, so: the socket needs
 * the random per-run token (constant-time compare) AND our own Origin AND our own Host header
 * (against DNS rebinding); anything else is refused before a handler can run. Every request then
 * goes through `dispatch()`, which validates it exactly as Electron IPC does.
 */
export async function startBridgeServer(options: BridgeOptions): Promise<BridgeServer> {
  const token = randomBytes(32).toString('hex');
  const clients = new Set<WebSocket>();
  let nextConnection = 1;
  let port = 0;
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const expectedHost = (): string => `127.0.0.1:${port}`;
  const origin = (): string => `http://${expectedHost()}`;

  server.on('request', (req, res) => {
    const headers = securityHeaders(port);
    // A page on another name that resolves to 127.0.0.1 (DNS rebinding) must not read our files.
    if (req.headers.host !== expectedHost()) {
      res.writeHead(421, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Misdirected request\n');
      return;
    }
    serveStatic(options.staticDir, req, res, headers).catch(() => {
      if (!res.headersSent) res.writeHead(500, headers);
      res.end();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      reject(socket, 404, 'Not Found');
      return;
    }
    if (url.pathname !== '/bridge') return reject(socket, 404, 'Not Found');
    if (req.headers.host !== expectedHost()) return reject(socket, 421, 'Misdirected Request');
    // No token, no access: the token only ever appears in the URL printed to the owner.
    const given = url.searchParams.get('token');
    if (given === null || !sameSecret(given, token)) return reject(socket, 401, 'Unauthorized');
    // Browsers always send Origin on WebSocket handshakes; only our own page may connect.
    if (req.headers.origin !== origin()) return reject(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const senderId = `bridge-${nextConnection++}`;
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => ws.terminate());
    ws.on('message', (raw, isBinary) => {
      const msg = parseMessage(raw, isBinary);
      const send = (id: string | number | null, result: Result<unknown>): void => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id, result }));
      };
      if (!msg) {
        send(null, invalid('Malformed bridge message.'));
        return;
      }
      void dispatch(options.table, msg.channel, msg.request, {
        services: options.services,
        senderId,
      }).then((result) => send(msg.id, result));
    });
  });

  const unsubscribe = options.services.subscribe((event, payload) => {
    if (!isEventName(event)) return;
    const parsed = events[event].safeParse(payload);
    if (!parsed.success) {
      process.stderr.write(`site-rescue: dropped invalid ${event} event\n`);
      return;
    }
    const text = JSON.stringify({ event, payload: parsed.data });
    for (const ws of clients) if (ws.readyState === WebSocket.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', rejectListen);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `${origin()}/#token=${token}`,
    origin: origin(),
    token,
    port,
    close: () => {
      closing ??= (async () => {
        unsubscribe();
        for (const ws of clients) ws.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
