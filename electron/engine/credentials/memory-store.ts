import type { CredentialStore, CredentialStoreStatus, StoredSecret } from './credential-store';

/**
 * Secrets in memory for this session only: the fallback when no keychain is reachable, and the
 * store tests use. Nothing is written anywhere.
 */
export function createMemoryStore(
  status: CredentialStoreStatus = { kind: 'memory', reason: 'memory store' },
): CredentialStore {
  const secrets = new Map<string, StoredSecret>();
  return {
    status,
    async get(siteId) {
      return secrets.get(siteId) ?? null;
    },
    async set(siteId, secret) {
      secrets.set(siteId, { ...secret });
    },
    async delete(siteId) {
      return secrets.delete(siteId);
    },
  };
}
