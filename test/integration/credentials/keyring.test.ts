import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../../..');
const CHILD = 'test/integration/credentials/keyring-child.ts';
const TSX = resolve(REPO, 'node_modules/.bin/tsx');

const missing = ['/usr/bin/dbus-run-session', '/usr/bin/gnome-keyring-daemon'].find(
  (p) => !existsSync(p),
);
if (missing)
  console.warn(
    `[skip] keyring.test.ts: ${missing} is not installed (apt-get install dbus gnome-keyring); runs in CI.`,
  );

/** Last JSON line of the child's stdout. */
function result(stdout: string): Record<string, unknown> {
  const line = stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  if (!line) throw new Error(`no result from child: ${stdout}`);
  return JSON.parse(line) as Record<string, unknown>;
}

describe.skipIf(missing !== undefined)('OS keychain (gnome-keyring over D-Bus)', () => {
  it('stores, reads back, deletes; the entry is a real Secret Service item', async () => {
    // The bus must exist before the native module talks to it: hence a child process.
    const { stdout } = await run(
      'dbus-run-session',
      ['--', 'bash', 'test/support/keyring-session.sh', TSX, CHILD, 'roundtrip'],
      {
        cwd: REPO,
        timeout: 60_000,
      },
    );
    const r = result(stdout);
    expect(r).toMatchObject({
      ok: true,
      got: { password: 'pässwörd-ü', privateKey: '-----BEGIN KEY-----\nabc\n', passphrase: 'pp' },
      deleted: true,
      after: null,
      deletedAgain: false,
      openStatus: { kind: 'keychain' },
    });
    if (existsSync('/usr/bin/secret-tool')) expect(r.secretToolSeesIt).toBe(true);
  });

  it('without a session bus: keychain-unavailable, secrets kept in memory for this session', async () => {
    const env = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/sr-bus',
      DISPLAY: '',
    };
    const { stdout } = await run(TSX, [CHILD, 'open'], { cwd: REPO, env, timeout: 60_000 });
    const r = result(stdout);
    expect(r).toMatchObject({ ok: true, status: { kind: 'memory' }, back: 'session-only' });
    expect(String((r.status as { reason: string }).reason)).toMatch(/keychain/iu);
  });

  it('with a bus but no unlocked keyring: falls back to memory instead of hanging', async () => {
    const env = { ...process.env, HOME: '/nonexistent-home', XDG_RUNTIME_DIR: '', DISPLAY: '' };
    const { stdout } = await run('dbus-run-session', ['--', TSX, CHILD, 'open'], {
      cwd: REPO,
      env,
      timeout: 90_000,
    });
    const r = result(stdout);
    expect(r).toMatchObject({ ok: true, status: { kind: 'memory' }, back: 'session-only' });
  });
});
