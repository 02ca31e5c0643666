import { RecoveryError } from '../errors';
import type { Transport } from '../transfer/transport';

/**
 * Connection slots for the mirror. `target` connections, each shared by several workers (SFTP
 * multiplexes many requests on one connection; FTP uses 1). A slot reconnects lazily after a drop;
 * `shrink()` lowers the number of connections when the server says it has too many (421).
 */
export class Lanes {
  private readonly slots: Array<Promise<Transport> | null>;
  private readonly epochs: number[];
  private currentTarget: number;
  private consecutiveConnectFailures = 0;

  constructor(
    private readonly connect: (signal: AbortSignal) => Promise<Transport>,
    readonly maxConnections: number,
    private readonly signal: AbortSignal,
    private readonly connectTimeoutMs = 30_000,
  ) {
    this.slots = Array.from({ length: maxConnections }, () => null);
    this.epochs = Array.from({ length: maxConnections }, () => 0);
    this.currentTarget = maxConnections;
  }

  get target(): number {
    return this.currentTarget;
  }

  get connectFailures(): number {
    return this.consecutiveConnectFailures;
  }

  /** The transport of a slot, connecting if needed; returns it with the epoch it belongs to. */
  async get(slot: number): Promise<{ transport: Transport; epoch: number }> {
    let p = this.slots[slot];
    if (!p) {
      p = this.connectWithTimeout();
      this.slots[slot] = p;
      p.then(
        () => {
          this.consecutiveConnectFailures = 0;
        },
        () => {
          this.consecutiveConnectFailures += 1;
          if (this.slots[slot] === p) this.slots[slot] = null;
        },
      );
    }
    const epoch = this.epochs[slot] ?? 0;
    return { transport: await p, epoch };
  }

  /**
   * One connect attempt with a deadline: a server that accepts TCP and then never finishes the
   * login (seen after mass disconnects) must not stall a worker forever.
   */
  private connectWithTimeout(): Promise<Transport> {
    const child = new AbortController();
    const onAbort = (): void => child.abort(this.signal.reason);
    this.signal.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.abort(new RecoveryError('timeout', 'Connecting took too long.', { retryable: true }));
    }, this.connectTimeoutMs);
    const attempt = this.connect(child.signal);
    const deadline = new Promise<never>((_, reject) => {
      child.signal.addEventListener('abort', () => {
        reject(timedOut ? new RecoveryError('timeout', 'Connecting took too long.', { retryable: true }) : child.signal.reason);
      }, { once: true });
    });
    deadline.catch(() => undefined);
    // A connection that completes after the deadline is closed, not leaked.
    attempt.then((t) => { if (child.signal.aborted) void t.close().catch(() => undefined); }, () => undefined);
    return Promise.race([attempt, deadline]).finally(() => {
      clearTimeout(timer);
      this.signal.removeEventListener('abort', onAbort);
    });
  }

  /**
   * Drops a slot's connection (after an error); only the first caller of an epoch closes it.
   * Returns true for that first caller (one lost connection, however many requests it carried).
   */
  drop(slot: number, epoch: number): boolean {
    if ((this.epochs[slot] ?? 0) !== epoch) return false;
    this.epochs[slot] = epoch + 1;
    const p = this.slots[slot];
    this.slots[slot] = null;
    if (p) p.then((t) => t.close()).catch(() => undefined);
    return true;
  }

  /** One connection fewer (never below one); the dropped slot's workers stop taking work. */
  shrink(): void {
    if (this.currentTarget <= 1) return;
    this.currentTarget -= 1;
    this.drop(this.currentTarget, this.epochs[this.currentTarget] ?? 0);
  }

  async closeAll(): Promise<void> {
    const all = this.slots.splice(0, this.slots.length, ...this.slots.map(() => null));
    await Promise.all(all.map((p) => (p ? p.then((t) => t.close()).catch(() => undefined) : undefined)));
  }
}
