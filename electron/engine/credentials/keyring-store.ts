import { AsyncEntry } from '@napi-rs/keyring';

import { RecoveryError } from '../errors';
import type { CredentialStore, CredentialStoreStatus, StoredSecret } from './credential-store';
import { decodeSecret, encodeSecret, KEYCHAIN_SERVICE } from './credential-store';
import { createMemoryStore } from './memory-store';

/**
 * The OS keychain through @napi-rs/keyring (service 'site-rescue', account = site id).
 *
 * Why @napi-rs/keyring and not keytar: keytar is archived upstream (2022) and is a node-gyp addon
 * that must be compiled and rebuilt for Electron's ABI (prebuilds come from GitHub, unreachable on
 * our build machines); @napi-rs/keyring ships prebuilt N-API binaries per platform through npm
 * (`@napi-rs/keyring-<platform>`), loads in Node and Electron unchanged, and on Linux talks to the
 * Secret Service over D-Bus itself (no libsecret at run time). Same job: macOS Keychain, Windows
 * Credential Manager, Secret Service (gnome-keyring, KWallet).
 */
export type KeyringOptions = {
  readonly service?: string;
};

function unavailable(err: unknown): RecoveryError {
  const text = err instanceof Error ? err.message : String(err);
  return new RecoveryError('keychain-unavailable', 'The OS keychain cannot be used right now.', {
    retryable: true,
    detail: text.slice(0, 300),
    cause: err,
  });
}

/** A store that talks to the keychain on every call; failures are `keychain-unavailable`. */
export function createKeyringStore(options: KeyringOptions = {}): CredentialStore {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const entry = (siteId: string): AsyncEntry => new AsyncEntry(service, siteId);
  return {
    status: { kind: 'keychain' },
    async get(siteId) {
      try {
        return decodeSecret(await entry(siteId).getPassword());
      } catch (err) {
        throw unavailable(err);
      }
    },
    async set(siteId, secret) {
      try {
        await entry(siteId).setPassword(encodeSecret(secret));
      } catch (err) {
        throw unavailable(err);
      }
    },
    async delete(siteId) {
      try {
        return await entry(siteId).deletePassword();
      } catch (err) {
        throw unavailable(err);
      }
    },
  };
}

/**
 * Checks that the keychain really stores and returns a value (a locked gnome-keyring answers reads
 * with "nothing there" but fails writes), using a throwaway probe entry.
 */
export async function probeKeychain(
  options: KeyringOptions = {},
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const store = createKeyringStore(options);
  const probeId = `probe-${process.pid}-${Date.now()}`;
  try {
    await store.set(probeId, { password: 'probe' });
    const back = await store.get(probeId);
    await store.delete(probeId);
    if (back?.password !== 'probe')
      return { ok: false, reason: 'The keychain did not return what was stored.' };
    return { ok: true };
  } catch (err) {
    return {
      ok: false,
      reason:
        err instanceof RecoveryError ? `${err.message} ${err.detail ?? ''}`.trim() : String(err),
    };
  }
}

/**
 * The store the app uses: the keychain when a probe succeeds, else an in-memory store for this
 * session whose `status` says why (the Connect screen shows it plainly).
 */
export async function openCredentialStore(options: KeyringOptions = {}): Promise<CredentialStore> {
  const probe = await probeKeychain(options);
  if (probe.ok) return createKeyringStore(options);
  const status: CredentialStoreStatus = { kind: 'memory', reason: probe.reason };
  return createMemoryStore(status);
}

export type { StoredSecret };
