import type { RecoveryError } from '../errors';
import type { ErrorLike, ErrorRow } from './errors-net';
import { mapWithTable, NET_ROWS } from './errors-net';

/**
 * THE table from SSH/SFTP failures (ssh2 client errors with `level`, SFTP status codes from the
 * server, socket and DNS errors) to ErrorCodes. SFTP status codes per draft-ietf-secsh-filexfer-02:
 * 2 NO_SUCH_FILE, 3 PERMISSION_DENIED, 4 FAILURE, 6 NO_CONNECTION, 7 CONNECTION_LOST,
 * 8 OP_UNSUPPORTED. Samples are in the unit test.
 */
export const HOST_KEY_MISMATCH = 'Host key does not match the pinned fingerprint';

const status =
  (...codes: number[]) =>
  (e: ErrorLike) =>
    typeof e.code === 'number' && codes.includes(e.code);
const msg = (re: RegExp) => (e: ErrorLike) => re.test(e.message);
const QUOTA = /quota|no space|disk full/iu;

export const SFTP_ERROR_TABLE: readonly ErrorRow[] = [
  {
    when: (e) => e.message === HOST_KEY_MISMATCH || msg(/Host denied \(verification failed\)/u)(e),
    code: 'host-key-changed',
    retryable: false,
    message: 'The server presented a different SSH host key than the one pinned for this site.',
  },
  {
    when: (e) =>
      e.level === 'client-authentication' ||
      msg(/All configured authentication methods failed/u)(e),
    code: 'auth-failed',
    retryable: false,
    message: 'The server rejected the user name, password or key.',
  },
  {
    when: msg(/Encrypted private (OpenSSH )?key detected, but no passphrase given/u),
    code: 'auth-failed',
    retryable: false,
    message: 'The private key is protected by a passphrase; none was given.',
    params: { reason: 'key-passphrase-needed' },
  },
  {
    when: msg(
      /Cannot parse privateKey|does not contain a \(valid\) private key|integrity check failed|bad decrypt|Failed to decrypt/u,
    ),
    code: 'auth-failed',
    retryable: false,
    message: 'The private key could not be read (wrong passphrase or not a private key).',
    params: { reason: 'key-unreadable' },
  },
  {
    when: (e) =>
      e.level === 'client-timeout' ||
      msg(/Timed out while waiting for handshake|Keepalive timeout/u)(e),
    code: 'timeout',
    retryable: true,
    message: 'The server did not answer in time.',
  },
  {
    when: (e) => status(4)(e) && QUOTA.test(e.message),
    code: 'disk-full',
    retryable: false,
    message: 'The server has no space left for this account.',
  },
  {
    when: status(2),
    code: 'remote-not-found',
    retryable: false,
    message: 'The file or folder does not exist on the server.',
  },
  {
    when: status(3),
    code: 'remote-permission',
    retryable: false,
    message: 'The server did not allow this operation on the file or folder.',
  },
  {
    when: status(6, 7),
    code: 'connection-lost',
    retryable: true,
    message: 'The SFTP connection was lost.',
  },
  // FAILURE is what OpenSSH answers for "directory not empty", "exists", a full disk (mapped above
  // when the text says so) …: a property of this entry, not of the link.
  {
    when: status(4),
    code: 'remote-permission',
    retryable: false,
    message: 'The server refused the operation (SFTP failure).',
  },
  {
    when: (e) =>
      e.level === 'protocol' ||
      e.level === 'handshake' ||
      msg(/Connection lost before handshake|No response from server/u)(e),
    code: 'connection-lost',
    retryable: true,
    message: 'The SSH connection was lost.',
  },
  ...NET_ROWS,
];

/** Maps any error from ssh2 or the sockets under it to a RecoveryError (secrets scrubbed). */
export function mapSftpError(
  err: unknown,
  secrets: readonly (string | undefined)[] = [],
): RecoveryError {
  return mapWithTable(SFTP_ERROR_TABLE, err, {
    secrets,
    fallbackMessage: 'The SSH/SFTP server answered in an unexpected way.',
  });
}
