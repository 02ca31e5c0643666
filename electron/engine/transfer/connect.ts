import { RecoveryError } from '../errors';
import { connectFtp } from './ftp-transport';
import { connectSftp } from './sftp-transport';
import type { Protocol, Transport } from './transport';

/** The secret for one connection; lives only in memory (from the keychain or the request). */
export type Secret = {
  readonly password?: string;
  /** Private key text (PEM / OpenSSH). */
  readonly privateKey?: string;
  readonly passphrase?: string;
};

export type ConnectOptions = {
  readonly protocol: Protocol;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly secret: Secret;
  /** The pinned identity (SSH `SHA256:…` or TLS hex SHA-256); a different one stops with `host-key-changed`. */
  readonly pinnedFingerprint?: string | null;
  /** FTPS only: let an untrusted certificate through without a pin, for the owner's first look. */
  readonly acceptUntrusted?: boolean;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
};

/** Default port per protocol. */
export function defaultPort(protocol: Protocol): number {
  return protocol === 'sftp' ? 22 : protocol === 'ftps-implicit' ? 990 : 21;
}

/** Opens one connection of the right kind. Every failure is a RecoveryError with an ErrorCode. */
export async function connect(options: ConnectOptions): Promise<Transport> {
  const common = {
    host: options.host,
    port: options.port,
    user: options.user,
    ...(options.pinnedFingerprint !== undefined
      ? { pinnedFingerprint: options.pinnedFingerprint }
      : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  if (options.protocol === 'sftp') {
    if (options.secret.password === undefined && options.secret.privateKey === undefined) {
      throw new RecoveryError('invalid-request', 'SFTP needs a password or a private key.');
    }
    return connectSftp({
      ...common,
      ...(options.secret.password !== undefined ? { password: options.secret.password } : {}),
      ...(options.secret.privateKey !== undefined ? { privateKey: options.secret.privateKey } : {}),
      ...(options.secret.passphrase ? { passphrase: options.secret.passphrase } : {}),
    });
  }
  if (options.secret.password === undefined)
    throw new RecoveryError('invalid-request', 'FTP needs a password.');
  return connectFtp({
    ...common,
    protocol: options.protocol,
    password: options.secret.password,
    ...(options.acceptUntrusted ? { acceptUntrusted: true } : {}),
  });
}
