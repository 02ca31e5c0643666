import type { ErrorCode, IpcError } from '../../shared/errors';

/**
 * An expected failure with a code the renderer can explain.
 *
 * Adapters map low-level errors (socket codes, FTP replies, SSH messages) to codes in one table
 * per transport; anything that is not a RecoveryError is a bug and crosses the boundary as
 * 'unexpected'. Messages must never contain secrets.
 */
export class RecoveryError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly params: Readonly<Record<string, string | number>> | undefined;
  readonly detail: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      retryable?: boolean;
      params?: Record<string, string | number>;
      detail?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RecoveryError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.params = options.params;
    this.detail = options.detail;
  }
}

export function isAbortError(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err.name === 'AbortError' || (err instanceof RecoveryError && err.code === 'cancelled'))
  );
}

/** Converts anything thrown into the wire shape. Non-RecoveryErrors become 'unexpected'. */
export function toIpcError(err: unknown): IpcError {
  if (err instanceof RecoveryError) {
    return {
      code: err.code,
      message: err.message,
      retryable: err.retryable,
      ...(err.params ? { params: err.params } : {}),
      ...(err.detail !== undefined ? { detail: err.detail } : {}),
    };
  }
  if (isAbortError(err)) {
    return { code: 'cancelled', message: 'The operation was cancelled.', retryable: true };
  }
  return {
    code: 'unexpected',
    message: 'An unexpected problem occurred.',
    retryable: false,
    detail: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
  };
}
