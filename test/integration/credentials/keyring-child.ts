/**
 * Child process for keyring.test.ts: runs inside (or outside) a D-Bus session and prints one JSON
 * line with what the credential store did. `mode`: 'roundtrip' or 'open'.
 */
import { execFileSync } from 'node:child_process';

import {
  createKeyringStore,
  openCredentialStore,
} from '../../../electron/engine/credentials/keyring-store';

const mode = process.argv[2] ?? 'roundtrip';
const siteId = `site-${process.pid}`;

async function main(): Promise<Record<string, unknown>> {
  if (mode === 'open') {
    const store = await openCredentialStore();
    await store.set(siteId, { password: 'session-only' });
    return { status: store.status, back: (await store.get(siteId))?.password ?? null };
  }
  const store = createKeyringStore();
  await store.set(siteId, {
    password: 'pässwörd-ü',
    privateKey: '-----BEGIN KEY-----\nabc\n',
    passphrase: 'pp',
  });
  const got = await store.get(siteId);
  // The entry is a real Secret Service item: another client (libsecret's secret-tool) sees it.
  let secretTool: string | null = null;
  try {
    secretTool = execFileSync('secret-tool', ['search', '--all', 'service', 'site-rescue'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch {
    secretTool = null;
  }
  const deleted = await store.delete(siteId);
  const after = await store.get(siteId);
  const deletedAgain = await store.delete(siteId);
  const opened = await openCredentialStore();
  return {
    got,
    secretToolSeesIt: secretTool?.includes(siteId) ?? null,
    deleted,
    after,
    deletedAgain,
    openStatus: opened.status,
  };
}

main().then(
  (r) => console.log(JSON.stringify({ ok: true, ...r })),
  (err: unknown) =>
    console.log(
      JSON.stringify({ ok: false, code: (err as { code?: string }).code, message: String(err) }),
    ),
);
