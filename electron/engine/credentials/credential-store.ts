/**
 * The CredentialStore port: where a site's secret lives between sessions.
 *
 * Secrets go to the OS keychain (keyring-store.ts: macOS Keychain, Windows Credential Manager,
 * Secret Service on Linux) and nowhere else: not sites.json, case files, logs, reports, error
 * text or argv. When no keychain is reachable (no session bus, locked keyring, headless box) the
 * store says so (`status.kind === 'memory'`, with the reason) and keeps secrets in memory for this
 * session only (memory-store.ts), so the UI can tell the owner plainly that they will be asked
 * again next time.
 */
export type StoredSecret = {
  readonly password?: string;
  /** Private key text (PEM / OpenSSH); stored because the key file may move. */
  readonly privateKey?: string;
  readonly passphrase?: string;
};

export type CredentialStoreStatus =
  | { readonly kind: 'keychain' }
  | {
      readonly kind: 'memory';
      /** Why the keychain could not be used (developer English; the UI shows copy for `keychain-unavailable`). */
      readonly reason: string;
    };

export interface CredentialStore {
  readonly status: CredentialStoreStatus;
  get(siteId: string): Promise<StoredSecret | null>;
  set(siteId: string, secret: StoredSecret): Promise<void>;
  /** True when something was deleted. */
  delete(siteId: string): Promise<boolean>;
}

/** Service name under which every entry is stored (account = site id). */
export const KEYCHAIN_SERVICE = 'site-rescue';

/** Serialises a secret for one keychain entry; only the fields that are set. */
export function encodeSecret(secret: StoredSecret): string {
  return JSON.stringify({
    v: 1,
    ...(secret.password !== undefined ? { password: secret.password } : {}),
    ...(secret.privateKey !== undefined ? { privateKey: secret.privateKey } : {}),
    ...(secret.passphrase !== undefined ? { passphrase: secret.passphrase } : {}),
  });
}

/** Parses a keychain entry; a foreign or damaged value reads as "no secret". */
export function decodeSecret(text: string | null): StoredSecret | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    if (v.v !== 1) return null;
    const pick = (k: string): string | undefined =>
      typeof v[k] === 'string' ? (v[k] as string) : undefined;
    const password = pick('password');
    const privateKey = pick('privateKey');
    const passphrase = pick('passphrase');
    return {
      ...(password !== undefined ? { password } : {}),
      ...(privateKey !== undefined ? { privateKey } : {}),
      ...(passphrase !== undefined ? { passphrase } : {}),
    };
  } catch {
    return null;
  }
}
