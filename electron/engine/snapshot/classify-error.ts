import { isAbortError, RecoveryError } from '../errors';

/**
 * What the mirror does with an error from a transport call.
 * - abort: the user cancelled; stop everything.
 * - fatal: retrying cannot help (wrong password, changed host key, local disk full); stop the run.
 * - busy: the server has too many connections (FTP 421): use fewer, back off, retry.
 * - retry: the link dropped or timed out (FTP 425/426, ECONNRESET …): reconnect, back off, retry.
 * - permission / vanished: a property of this entry: record it and move on.
 */
export type ErrorClass = 'abort' | 'fatal' | 'busy' | 'retry' | 'permission' | 'vanished';

const FATAL_CODES = new Set([
  'auth-failed',
  'host-key-changed',
  'tls-untrusted',
  'tls-failed',
  'host-not-found',
  'local-disk-full',
  'keychain-unavailable',
  'invalid-request',
]);

const RETRY_SOCKET = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_STREAM_PREMATURE_CLOSE']);

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Maps any error a transport may throw (RecoveryError or raw library errors) to an action. */
export function classifyTransferError(err: unknown): ErrorClass {
  if (isAbortError(err)) return 'abort';
  if (err instanceof RecoveryError) {
    if (err.code === 'cancelled') return 'abort';
    if (FATAL_CODES.has(err.code)) return 'fatal';
    if (err.code === 'too-many-connections') return 'busy';
    if (err.code === 'remote-permission') return 'permission';
    if (err.code === 'remote-not-found') return 'vanished';
    if (err.code === 'disk-full') return 'retry';
    return 'retry';
  }
  const e = err as { code?: unknown; message?: unknown };
  const code = e?.code;
  if (code === 'ENOSPC') return 'fatal';
  if (typeof code === 'number') {
    // basic-ftp FTPError: the reply code.
    if (code === 421) return 'busy';
    if (code === 530) return 'fatal';
    if (code === 550) return /no such|not found|does not exist|can't check for file existence/iu.test(messageOf(err)) ? 'vanished' : 'permission';
    if (code === 2) return 'vanished'; // SFTP NO_SUCH_FILE
    if (code === 3) return 'permission'; // SFTP PERMISSION_DENIED
    return 'retry';
  }
  if (code === 'ENOENT') return 'vanished';
  if (code === 'EACCES' || code === 'EPERM') return 'permission';
  if (typeof code === 'string' && RETRY_SOCKET.has(code)) return 'retry';
  const msg = messageOf(err);
  if (/no such file/iu.test(msg)) return 'vanished';
  if (/permission denied/iu.test(msg)) return 'permission';
  return 'retry';
}

/** Short one-line detail for the manifest (server text is untrusted; capped). */
export function errorDetail(err: unknown): string {
  const base = err instanceof RecoveryError ? `${err.code}: ${err.message}` : messageOf(err);
  return base.replace(/\s+/gu, ' ').slice(0, 200);
}
