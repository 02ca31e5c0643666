/**
 * A connection pool for one site: how the snapshot, cleanup and upload steps talk to a server.
 *
 *   const pool = createPool({
 *     connect: (signal) => connect({ ...siteOptions, signal }),   // from ./connect
 *     size: 4,                                                    // default 4
 *     signal,                                                     // aborting closes every socket
 *   });
 *   const entries = await pool.run((t) => t.list('/public_html'));
 *   await pool.run((t, s) => t.download(path, freshSink(), { offset, signal: s }));
 *   pool.size;        // current target: lowered by one after each 421 / repeated drops (min 1)
 *   await pool.close();
 *
 * `run(fn)` borrows a connection (SFTP connections take several calls at once, `Transport.concurrency`;
 * FTP one), runs `fn`, and on a retryable failure (RecoveryError.retryable: FTP 421/425/426, lost
 * link, timeout, refused) drops that connection, waits with exponential backoff plus jitter and runs
 * `fn` again on a fresh one, up to `retries` times (default 5). So `fn` must be safe to repeat:
 * give it a fresh sink, or resume from the bytes you already have. Non-retryable errors
 * (auth-failed, host-key-changed, remote-permission …) are thrown at once. An abort rejects with
 * `cancelled` and closes all sockets.
 */
import { isAbortError, RecoveryError } from '../errors';
import type { Transport } from './transport';

export type PoolOptions = {
  readonly connect: (signal: AbortSignal) => Promise<Transport>;
  /** Most connections at once; default 4. */
  readonly size?: number;
  /** Retries per `run` call; default 5. */
  readonly retries?: number;
  /** First backoff delay; default 500 ms, doubling up to `maxDelayMs` (default 15 s). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly signal?: AbortSignal;
  /** Observability: size changes and retries (for progress text and tests). */
  readonly onEvent?: (event: PoolEvent) => void;
};

export type PoolEvent =
  | {
      readonly type: 'size';
      readonly size: number;
      readonly reason: 'too-many-connections' | 'connection-lost';
    }
  | {
      readonly type: 'retry';
      readonly attempt: number;
      readonly code: string;
      readonly delayMs: number;
    };

export interface TransferPool {
  /** Current number of connections the pool may open. */
  readonly size: number;
  run<T>(
    fn: (transport: Transport, signal: AbortSignal) => Promise<T>,
    options?: { retries?: number },
  ): Promise<T>;
  close(): Promise<void>;
}

type Conn = {
  ready: Promise<Transport>;
  transport: Transport | null;
  busy: number;
  dead: boolean;
};

const LINK_CODES = new Set([
  'too-many-connections',
  'connection-lost',
  'timeout',
  'connection-refused',
  'offline',
]);

function toRecovery(err: unknown): RecoveryError {
  if (err instanceof RecoveryError) return err;
  if (isAbortError(err))
    return new RecoveryError('cancelled', 'The operation was cancelled.', {
      retryable: true,
      cause: err,
    });
  return new RecoveryError('unexpected', 'Unexpected transfer failure.', {
    cause: err,
    detail: err instanceof Error ? err.message : String(err),
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted)
      return reject(
        new RecoveryError('cancelled', 'The operation was cancelled.', { retryable: true }),
      );
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new RecoveryError('cancelled', 'The operation was cancelled.', { retryable: true }));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Creates a pool; connections open lazily on the first `run` calls. */
export function createPool(options: PoolOptions): TransferPool {
  const controller = new AbortController();
  const signal = options.signal
    ? AbortSignal.any([options.signal, controller.signal])
    : controller.signal;
  const retriesDefault = options.retries ?? 5;
  const base = options.baseDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 15_000;
  let target = Math.max(1, options.size ?? 4);
  let conns: Conn[] = [];
  let waiters: Array<() => void> = [];
  let dropsWithoutSuccess = 0;
  let closed = false;

  const wake = (): void => {
    const w = waiters;
    waiters = [];
    for (const fn of w) fn();
  };
  const kill = (c: Conn): void => {
    if (c.dead) return;
    c.dead = true;
    conns = conns.filter((x) => x !== c);
    void c.ready.then((t) => t.close()).catch(() => undefined);
    wake();
  };
  const lower = (reason: 'too-many-connections' | 'connection-lost'): void => {
    if (target <= 1) return;
    target -= 1;
    options.onEvent?.({ type: 'size', size: target, reason });
    // Close idle connections above the new target; busy ones close when released.
    for (const c of conns.slice(target)) if (c.busy === 0) kill(c);
  };
  signal.addEventListener(
    'abort',
    () => {
      for (const c of [...conns]) kill(c);
      wake();
    },
    { once: true },
  );

  const acquire = async (): Promise<Conn> => {
    for (;;) {
      if (signal.aborted || closed)
        throw new RecoveryError('cancelled', 'The operation was cancelled.', { retryable: true });
      const live = conns.filter((c) => !c.dead);
      const free = live.find((c) => c.busy < (c.transport?.concurrency ?? 1));
      if (free) {
        free.busy += 1;
        return free;
      }
      if (live.length < target) {
        const c: Conn = { ready: options.connect(signal), transport: null, busy: 1, dead: false };
        c.ready.then(
          (t) => {
            c.transport = t;
            if (c.dead) void t.close().catch(() => undefined);
            wake(); // an SFTP connection may now take more calls
          },
          () => kill(c),
        );
        conns.push(c);
        return c;
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const release = (c: Conn): void => {
    c.busy -= 1;
    if (!c.dead && c.busy === 0 && conns.indexOf(c) >= target) kill(c);
    wake();
  };

  return {
    get size() {
      return target;
    },
    async run<T>(
      fn: (transport: Transport, signal: AbortSignal) => Promise<T>,
      runOptions: { retries?: number } = {},
    ): Promise<T> {
      const retries = runOptions.retries ?? retriesDefault;
      for (let attempt = 0; ; attempt++) {
        const c = await acquire();
        try {
          const t = await c.ready;
          const value = await fn(t, signal);
          dropsWithoutSuccess = 0;
          return value;
        } catch (raw) {
          const err = signal.aborted
            ? new RecoveryError('cancelled', 'The operation was cancelled.', {
                retryable: true,
                cause: raw,
              })
            : toRecovery(raw);
          if (err.code === 'cancelled') throw err;
          if (LINK_CODES.has(err.code)) {
            kill(c);
            if (err.code === 'too-many-connections') lower('too-many-connections');
            else if (err.code === 'connection-lost' && ++dropsWithoutSuccess >= 2) {
              dropsWithoutSuccess = 0;
              lower('connection-lost');
            }
          }
          if (!err.retryable || attempt >= retries) throw err;
          const delayMs = Math.round(
            Math.min(maxDelay, base * 2 ** attempt) * (0.5 + Math.random() / 2),
          );
          options.onEvent?.({ type: 'retry', attempt: attempt + 1, code: err.code, delayMs });
          await sleep(delayMs, signal);
        } finally {
          release(c);
        }
      }
    },
    async close() {
      closed = true;
      const all = conns;
      conns = [];
      wake();
      await Promise.all(all.map((c) => c.ready.then((t) => t.close()).catch(() => undefined)));
    },
  };
}
