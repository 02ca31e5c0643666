/**
 * Chooses how the renderer reaches the engine: the preload's `window.recovery` in Electron, else
 * the loopback WebSocket bridge of browser mode (`npm run web`). Both speak the same contract and
 * answer with the same Result envelope, so nothing above this file can tell them apart.
 */
import type { IpcError, Result } from '../../../shared/errors';
import type { RequestChannel, ResponseOf } from '../../../shared/ipc/contract';
import type { EventName, EventPayload } from '../../../shared/ipc/events';
import { EVENT_NAME_LIST } from '../../../shared/ipc/names';
import type { RecoveryApi } from '../../../shared/ipc/recovery-api';

export type Transport = RecoveryApi;

type Listener = (payload: never) => void;

function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAME_LIST as readonly string[]).includes(name);
}

function disconnected(message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code: 'bridge-disconnected', message, retryable: true } };
}

/** Reads the bridge URL from the page address: `#token=…` in the hash, same host as the page. */
export function bridgeUrlFromLocation(
  location: Pick<Location, 'hash' | 'host' | 'protocol'>,
): string | null {
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (!token || !/^[0-9a-f]{16,128}$/i.test(token)) return null;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/bridge?token=${encodeURIComponent(token)}`;
}

/**
 * A RecoveryApi over the bridge's WebSocket.
 *
 * Messages: `{id, channel, request}` → `{id, result}`; events arrive as `{event, payload}`.
 * The socket opens on first use and again on the next call after it drops; calls made while it
 * is down answer with a `bridge-disconnected` failure instead of hanging.
 */
export function createBridgeTransport(url: string | null): Transport {
  const pending = new Map<number, { ws: WebSocket; resolve: (result: Result<unknown>) => void }>();
  const listeners = new Map<EventName, Set<Listener>>();
  let socket: WebSocket | null = null;
  let opened: Promise<boolean> | null = null;
  let nextId = 1;

  /** Answers every call still waiting on `ws`; calls on a newer socket are not touched. */
  const failPending = (ws: WebSocket): void => {
    for (const [id, entry] of pending) {
      if (entry.ws !== ws) continue;
      pending.delete(id);
      entry.resolve(disconnected('The bridge connection closed before the answer arrived.'));
    }
  };

  const onMessage = (event: MessageEvent): void => {
    if (typeof event.data !== 'string') return;
    let msg: unknown;
    try {
      msg = JSON.parse(event.data);
    } catch {
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as { id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
    if (typeof m.id === 'number' && pending.has(m.id)) {
      const entry = pending.get(m.id);
      pending.delete(m.id);
      entry?.resolve(m.result as Result<unknown>);
      return;
    }
    if (isEventName(m.event)) {
      for (const listener of listeners.get(m.event) ?? []) listener(m.payload as never);
    }
  };

  const connect = (): Promise<boolean> => {
    if (url === null) return Promise.resolve(false);
    if (opened && socket && socket.readyState <= WebSocket.OPEN) return opened;
    const ws = new WebSocket(url);
    socket = ws;
    opened = new Promise<boolean>((resolve) => {
      ws.addEventListener('open', () => resolve(true), { once: true });
      ws.addEventListener('close', () => {
        resolve(false);
        if (socket === ws) {
          socket = null;
          opened = null;
        }
        failPending(ws);
      });
    });
    ws.addEventListener('message', onMessage);
    return opened;
  };

  return {
    async invoke<C extends RequestChannel>(
      channel: C,
      request: unknown,
    ): Promise<Result<ResponseOf<C>>> {
      if (url === null) {
        return disconnected('This page was opened without the bridge key (#token=…).');
      }
      const isOpen = await connect();
      if (!isOpen || !socket) return disconnected('Could not connect to the bridge.');
      const id = nextId++;
      const ws = socket;
      return new Promise<Result<ResponseOf<C>>>((resolve) => {
        pending.set(id, { ws, resolve: resolve as (r: Result<unknown>) => void });
        ws.send(JSON.stringify({ id, channel, request }));
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener as Listener);
      // Events only flow while a socket is open; subscribing opens it.
      void connect();
      return () => {
        set.delete(listener as Listener);
      };
    },
  };
}

let current: Transport | null = null;

/** The transport for this page, chosen once. */
export function getTransport(): Transport {
  current ??= window.recovery ?? createBridgeTransport(bridgeUrlFromLocation(window.location));
  return current;
}

/** Replaces the transport (component tests use an in-memory fake). */
export function setTransport(transport: Transport | null): void {
  current = transport;
}
