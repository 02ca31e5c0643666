import type { ErrorCode } from '../../../shared/errors';
import { RecoveryError } from '../errors';

/**
 * Rows shared by the FTP and SFTP error tables: socket, DNS and TLS failures that look the same
 * whichever protocol runs on top. Each transport's table (errors-ftp.ts, errors-sftp.ts) puts its
 * own rows first and these last.
 */
export type ErrorLike = {
  readonly code?: unknown;
  readonly message: string;
  readonly name?: string;
  readonly level?: unknown;
  readonly syscall?: unknown;
};

export type ErrorRow = {
  readonly when: (e: ErrorLike) => boolean;
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /** Developer-facing English; never includes remote text or secrets (those go to `detail`). */
  readonly message: string;
  readonly params?: Record<string, string>;
};

const TLS_UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

const codeIs =
  (...codes: string[]) =>
  (e: ErrorLike) =>
    typeof e.code === 'string' && codes.includes(e.code);

export const NET_ROWS: readonly ErrorRow[] = [
  {
    when: (e) => e.name === 'AbortError' || e.code === 'ABORT_ERR',
    code: 'cancelled',
    retryable: true,
    message: 'The operation was cancelled.',
  },
  {
    when: codeIs('ECONNREFUSED'),
    code: 'connection-refused',
    retryable: true,
    message: 'The server refused the connection on this port.',
  },
  {
    when: codeIs('ENOTFOUND'),
    code: 'host-not-found',
    retryable: false,
    message: 'The host name could not be found.',
  },
  {
    when: codeIs('EAI_AGAIN', 'EAI_FAIL'),
    code: 'host-not-found',
    retryable: true,
    message: 'The host name could not be looked up (DNS did not answer).',
  },
  {
    when: codeIs('ENETUNREACH', 'ENETDOWN'),
    code: 'offline',
    retryable: true,
    message: 'The network is unreachable.',
  },
  {
    when: codeIs('ETIMEDOUT', 'EHOSTUNREACH', 'EHOSTDOWN'),
    code: 'timeout',
    retryable: true,
    message: 'The server did not answer in time.',
  },
  {
    when: (e) =>
      /^Timeout \((control|data) socket\)/u.test(e.message) ||
      /Timed out while waiting for handshake/u.test(e.message),
    code: 'timeout',
    retryable: true,
    message: 'The server did not answer in time.',
  },
  {
    when: (e) => typeof e.code === 'string' && TLS_UNTRUSTED_CODES.has(e.code),
    code: 'tls-untrusted',
    retryable: false,
    message: 'The server certificate is not trusted.',
  },
  {
    when: (e) =>
      codeIs(
        'EPROTO',
        'ERR_SSL_WRONG_VERSION_NUMBER',
        'ERR_SSL_UNSUPPORTED_PROTOCOL',
        'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
        'ERR_TLS_HANDSHAKE_TIMEOUT',
      )(e) ||
      /\bSSL routines\b|ssl3_get_record|wrong version number|handshake failure|Client network socket disconnected before secure TLS connection was established/u.test(
        e.message,
      ),
    code: 'tls-failed',
    retryable: false,
    message: 'The secure (TLS) connection could not be set up.',
  },
  {
    when: codeIs('ENOSPC', 'EDQUOT'),
    code: 'local-disk-full',
    retryable: false,
    message: 'The local disk is full.',
  },
  {
    when: (e) => codeIs('EACCES', 'EPERM', 'EROFS')(e) && typeof e.syscall === 'string',
    code: 'unexpected',
    retryable: false,
    message: 'A local file could not be written (permission denied).',
  },
  {
    when: (e) =>
      codeIs(
        'ECONNRESET',
        'EPIPE',
        'ECONNABORTED',
        'ERR_STREAM_PREMATURE_CLOSE',
        'ERR_SOCKET_CLOSED',
      )(e) ||
      /closed connection unexpectedly|sent FIN packet unexpectedly|socket hang up|Not connected|No response from server|Connection lost/iu.test(
        e.message,
      ),
    code: 'connection-lost',
    retryable: true,
    message: 'The connection to the server was lost.',
  },
];

/** Replaces every secret (password, passphrase) that might echo back in remote text. */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 3) out = out.split(s).join('***');
  }
  // Remote text is attacker-controlled: keep it short and single-line for the Details area.
  return out.replace(/[\r\n]+/gu, ' ').slice(0, 500);
}

function asErrorLike(err: unknown): ErrorLike {
  if (err instanceof Error) return err as ErrorLike;
  return { message: String(err) };
}

/** Runs one table over an error. Already-mapped RecoveryErrors pass through unchanged. */
export function mapWithTable(
  table: readonly ErrorRow[],
  err: unknown,
  options: { secrets?: readonly (string | undefined)[]; fallbackMessage: string },
): RecoveryError {
  if (err instanceof RecoveryError) return err;
  const e = asErrorLike(err);
  const detail = scrub(
    `${typeof e.code === 'number' || typeof e.code === 'string' ? `${String(e.code)} ` : ''}${e.message}`,
    options.secrets ?? [],
  );
  for (const row of table) {
    if (row.when(e)) {
      return new RecoveryError(row.code, row.message, {
        retryable: row.retryable,
        detail,
        ...(row.params ? { params: row.params } : {}),
        cause: err,
      });
    }
  }
  return new RecoveryError('unexpected', options.fallbackMessage, {
    retryable: false,
    detail,
    cause: err,
  });
}
