import { connect, type ConnectOptions } from '../transfer/connect';
import type { Transport } from '../transfer/transport';
import type { SnapshotSource } from './mirror';
import { prefetchWithSshTar } from './ssh-tar';

/**
 * A SnapshotSource over a real server: each pool slot opens its own connection through the
 * transfer layer (FTP/FTPS via basic-ftp, SFTP via ssh2), all pinned to the same identity. For
 * SFTP the SSH tar fast path is offered; it is used only when the account can run commands.
 * When `pinnedFingerprint` is absent, the first connection's identity is pinned for the rest;
 * `acceptUntrusted` (FTPS first contact) applies only until then.
 */
export type RemoteSourceOptions = Omit<ConnectOptions, 'signal'> & {
  /** Try the SSH exec/tar fast path on SFTP (default true). */
  readonly sshTar?: boolean;
  /** SFTP requests in flight per connection (default 4). */
  readonly inFlightPerConnection?: number;
};

export function createRemoteSource(options: RemoteSourceOptions): SnapshotSource & { readonly seenFingerprint: () => string | null } {
  let pinned: string | null = options.pinnedFingerprint ?? null;
  const source: SnapshotSource & { readonly seenFingerprint: () => string | null } = {
    protocol: options.protocol,
    host: options.host,
    port: options.port,
    user: options.user,
    ...(options.inFlightPerConnection !== undefined ? { inFlightPerConnection: options.inFlightPerConnection } : {}),
    seenFingerprint: () => pinned,
    async connect(signal: AbortSignal): Promise<Transport> {
      const t = await connect({
        protocol: options.protocol,
        host: options.host,
        port: options.port,
        user: options.user,
        secret: options.secret,
        // Every later connection of this snapshot must meet the same server as the first one.
        pinnedFingerprint: pinned,
        ...(options.acceptUntrusted && pinned === null ? { acceptUntrusted: true } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        signal,
      });
      pinned ??= t.identity.fingerprint;
      return t;
    },
  };
  if (options.protocol === 'sftp' && options.sshTar !== false) {
    source.prefetchTar = async (remoteRoot, store, ctx) => {
      const found = await prefetchWithSshTar(
        {
          host: options.host,
          port: options.port,
          user: options.user,
          ...(options.secret.password !== undefined ? { password: options.secret.password } : {}),
          ...(options.secret.privateKey !== undefined ? { privateKey: options.secret.privateKey } : {}),
          ...(options.secret.passphrase !== undefined ? { passphrase: options.secret.passphrase } : {}),
          expectedFingerprint: pinned,
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        },
        remoteRoot,
        store,
        ctx,
      );
      if (!found) return null;
      const byKey = new Map<string, { sha256: string; size: number }>();
      for (const [b64, v] of found) byKey.set(`web:${b64}`, { sha256: v.sha256, size: v.size });
      return byKey;
    };
  }
  return source;
}
