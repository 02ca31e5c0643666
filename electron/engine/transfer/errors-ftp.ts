import type { RecoveryError } from '../errors';
import type { ErrorLike, ErrorRow } from './errors-net';
import { mapWithTable, NET_ROWS } from './errors-net';

/**
 * THE table from FTP/FTPS failures (basic-ftp `FTPError` with a numeric reply code, socket and TLS
 * errors) to ErrorCodes. Reply codes per RFC 959 / 2228; the texts are what real servers send
 * (vsftpd, pure-ftpd, ftp-srv, ProFTPD on shared hosts); samples are in the unit test.
 */
const reply =
  (...codes: number[]) =>
  (e: ErrorLike) =>
    typeof e.code === 'number' && codes.includes(e.code);
const NOT_FOUND =
  /no such file|not found|does not exist|can't check for file existence|file unavailable|couldn't open the file or directory/iu;
const QUOTA = /quota|disk full|no space|insufficient storage|exceeded storage/iu;

export const FTP_ERROR_TABLE: readonly ErrorRow[] = [
  {
    when: reply(530),
    code: 'auth-failed',
    retryable: false,
    message: 'The server rejected the user name or password.',
  },
  {
    when: reply(421),
    code: 'too-many-connections',
    retryable: true,
    message: 'The server has too many connections open or is closing this one.',
  },
  {
    when: reply(425, 426),
    code: 'connection-lost',
    retryable: true,
    message: 'The data connection could not be opened or was closed.',
  },
  {
    when: (e) => reply(452, 552)(e) || (reply(451, 550, 553)(e) && QUOTA.test(e.message)),
    code: 'disk-full',
    retryable: false,
    message: 'The server has no space left for this account.',
  },
  {
    when: (e) => reply(550, 450)(e) && NOT_FOUND.test(e.message),
    code: 'remote-not-found',
    retryable: false,
    message: 'The file or folder does not exist on the server.',
  },
  {
    when: reply(550, 551, 553, 532, 450),
    code: 'remote-permission',
    retryable: false,
    message: 'The server did not allow this operation on the file or folder.',
  },
  // Reply to AUTH TLS from a server without TLS: the caller may offer plain FTP after a warning.
  {
    when: (e) => reply(500, 502, 504, 534, 431)(e) && /AUTH|TLS|SSL/iu.test(e.message),
    code: 'tls-failed',
    retryable: false,
    message: 'The server does not offer FTPS (TLS).',
    params: { reason: 'not-supported' },
  },
  {
    when: reply(451),
    code: 'connection-lost',
    retryable: true,
    message: 'The server aborted the transfer (local error on the server).',
  },
  {
    when: (e) => typeof e.code === 'number' && e.code >= 400 && e.code < 500,
    code: 'connection-lost',
    retryable: true,
    message: 'The server reported a temporary failure.',
  },
  ...NET_ROWS,
];

/** Maps any error from basic-ftp or the sockets under it to a RecoveryError (secrets scrubbed). */
export function mapFtpError(
  err: unknown,
  secrets: readonly (string | undefined)[] = [],
): RecoveryError {
  return mapWithTable(FTP_ERROR_TABLE, err, {
    secrets,
    fallbackMessage: 'The FTP server answered in an unexpected way.',
  });
}
