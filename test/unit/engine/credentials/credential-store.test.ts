import { describe, expect, it } from 'vitest';

import {
  decodeSecret,
  encodeSecret,
} from '../../../../electron/engine/credentials/credential-store';
import { createMemoryStore } from '../../../../electron/engine/credentials/memory-store';

describe('credential store', () => {
  it('encodes only the fields that are set and reads them back', () => {
    const text = encodeSecret({ password: 'p', passphrase: 'q' });
    expect(JSON.parse(text)).toEqual({ v: 1, password: 'p', passphrase: 'q' });
    expect(decodeSecret(text)).toEqual({ password: 'p', passphrase: 'q' });
  });

  it('a foreign or damaged keychain value reads as no secret', () => {
    expect(decodeSecret(null)).toBeNull();
    expect(decodeSecret('plain old password')).toBeNull();
    expect(decodeSecret('{"v":2,"password":"x"}')).toBeNull();
    expect(decodeSecret('{"v":1,"password":42}')).toEqual({});
  });

  it('memory store: set, get, delete, and says it is memory-only', async () => {
    const store = createMemoryStore({ kind: 'memory', reason: 'no session bus' });
    expect(store.status).toEqual({ kind: 'memory', reason: 'no session bus' });
    await store.set('s1', { password: 'pw' });
    expect(await store.get('s1')).toEqual({ password: 'pw' });
    expect(await store.delete('s1')).toBe(true);
    expect(await store.get('s1')).toBeNull();
    expect(await store.delete('s1')).toBe(false);
  });
});
