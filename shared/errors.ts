/**
 * Expected failures cross every boundary as a code plus parameters.
 *
 * The renderer turns a code into plain ja/en copy (renderer/src/copy/error-copy.ts); the switch
 * there is exhaustive, so adding a code here without copy fails to compile.
 */
export const ERROR_CODES = [
  'auth-failed',
  'host-not-found',
  'connection-refused',
  'timeout',
  'tls-failed',
  'tls-untrusted',
  'host-key-changed',
  'too-many-connections',
  'remote-permission',
  'remote-not-found',
  'disk-full',
  'local-disk-full',
  'connection-lost',
  'keychain-unavailable',
  'remote-path-unsafe',
  'wp-root-not-found',
  'snapshot-incomplete',
  'scan-limit-exceeded',
  'offline',
  'invalid-request',
  'forbidden-sender',
  'not-implemented',
  'cancelled',
  'bridge-disconnected',
  'unexpected',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Error as it crosses IPC or the bridge. `message` is developer-facing English, never shown as copy. */
export type IpcError = {
  readonly code: ErrorCode;
  readonly message: string;
  readonly retryable: boolean;
  readonly params?: Readonly<Record<string, string | number>>;
  /** Remote text (server banners, replies). Shown only through the untrusted-text component. */
  readonly detail?: string;
};

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Compile-time exhaustiveness guard for switches over unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
