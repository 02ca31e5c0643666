import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readManifest, type Manifest } from '../../../electron/engine/snapshot/manifest';
import { runSnapshot } from '../../../electron/engine/snapshot/mirror';
import { createRemoteSource } from '../../../electron/engine/snapshot/remote-source';
import { execSshdMissing, startExecSshd, type ExecSshd } from '../../../bench/support/exec-sshd';
import { debianServersMissing, startDebianServers, type DebianServers } from '../../support/debian-servers';
import { listAll, makeHostileTree } from '../../unit/engine/snapshot/hostile-tree';
import { expectObjectsIntact, savedShas } from './helpers';

/**
 * The snapshot against Debian's real servers (CI, root): pure-ftpd keeps non-UTF-8 name bytes,
 * OpenSSH with `ForceCommand internal-sftp` refuses exec (per-file SFTP), and a second sshd without
 * it takes the SSH tar fast path. All must end with the same byte-identical objects.
 */
const missing = debianServersMissing(['pure-ftpd', 'sshd']) ?? execSshdMissing();

describe.skipIf(missing !== null)(`snapshot against Debian servers${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let tmp: string;
  let root: string;
  let expected: Map<string, string>;
  let srv: DebianServers;
  let exec: ExecSshd;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'sr-debsnap-'));
    await chmod(tmp, 0o755); // the SSH user must traverse to its home
    root = path.join(tmp, 'home');
    ({ expected } = await makeHostileTree(path.join(root, 'public_html')));
    srv = await startDebianServers({ root, servers: ['pure-ftpd', 'sshd'] });
    await srv.own();
    exec = await startExecSshd({ user: srv.user, authorizedKeys: [srv.sshd?.keys.ed25519.public ?? ''] });
  });
  afterAll(async () => {
    await exec?.close();
    await srv?.close();
    await rm(tmp, { recursive: true, force: true });
  });

  function check(m: Manifest, opts: { nonUtf8: boolean; refused?: string[]; hiddenByServer?: string[] }): void {
    const got = savedShas(m);
    for (const [p, sha] of expected) {
      if (!opts.nonUtf8 && p.startsWith('legacy/')) continue;
      if (opts.hiddenByServer?.includes(p)) {
        expect(m.entries.some((e) => e.path === p), p).toBe(false);
        continue;
      }
      if (opts.refused?.includes(p)) {
        // Accounted for with the server's reason, never silently missing.
        expect(m.entries.find((e) => e.path === p)?.reason, p).toBe('permission-denied');
        continue;
      }
      expect(got.get(p), p).toBe(sha);
    }
    const byPath = new Map(m.entries.map((e) => [e.path, e]));
    expect(byPath.get('wp-content/uploads/shell.php')).toMatchObject({ status: 'unreadable', reason: 'disabled-by-host' });
    expect(byPath.get('passwd-link')).toMatchObject({ status: 'unreadable', reason: 'symlink' });
  }

  it('pure-ftpd (MLSD): every hostile name incl. Shift_JIS / EUC-JP bytes saved byte-identical', async () => {
    const caseDir = path.join(tmp, 'case-pure');
    const source = createRemoteSource({ protocol: 'ftp', host: '127.0.0.1', port: srv.pureFtpd?.port ?? 0, user: srv.pureUser, secret: { password: srv.password } });
    const summary = await runSnapshot({ caseDir, source, webRoot: '/public_html', includeParentConfig: false });
    const m = (await readManifest(caseDir)) as Manifest;
    expect(summary.complete).toBe(true);
    // pure-ftpd's own safety rules: it refuses RETR of a name with a backslash and leaves names with
    // control characters out of its listings entirely (no FTP client can see them; SFTP and the
    // SSH tar path do, see below).
    check(m, { nonUtf8: true, refused: ['back\\slash.php'], hiddenByServer: ['ctl\u0001\u001b.php'] });
    const sjis = m.entries.find((e) => e.path === 'legacy/日本語ファイル.php');
    expect(sjis?.encoding).toBe('shift_jis');
    expect(Buffer.from(sjis?.rawPath ?? '', 'base64').equals(Buffer.concat([Buffer.from('legacy/'), iconv.encode('日本語ファイル.php', 'shift_jis')]))).toBe(true);
    await expectObjectsIntact(caseDir, m);
    for (const rel of await listAll(caseDir)) expect(rel).toMatch(/^(manifest\.json|snapshot(\/(progress\.ndjson|partial|objects(\/[0-9a-f]{2}(\/[0-9a-f]{64})?)?))?)$/u);
  });

  it('OpenSSH with ForceCommand internal-sftp: exec refused, per-file SFTP keeps non-UTF-8 names byte-exact', async () => {
    const caseDir = path.join(tmp, 'case-sftp');
    const source = createRemoteSource({ protocol: 'sftp', host: '127.0.0.1', port: srv.sshd?.port ?? 0, user: srv.user, secret: { privateKey: srv.sshd?.keys.ed25519.private ?? '' } });
    const summary = await runSnapshot({ caseDir, source, webRoot: `${root}/public_html`, includeParentConfig: false });
    const m = (await readManifest(caseDir)) as Manifest;
    expect(m.method).toBe('per-file');
    check(m, { nonUtf8: true });
    const sjis = m.entries.find((e) => e.path === 'legacy/日本語ファイル.php');
    expect(sjis?.status).toBe('saved');
    expect(sjis?.encoding).toBe('shift_jis');
    expect(Buffer.from(sjis?.rawPath ?? '', 'base64').equals(Buffer.concat([Buffer.from('legacy/'), iconv.encode('日本語ファイル.php', 'shift_jis')]))).toBe(true);
    expect(summary.complete).toBe(true);
    await expectObjectsIntact(caseDir, m);
  });

  it('OpenSSH allowing exec: the tar fast path fills the store, checked against the SFTP listing', async () => {
    const caseDir = path.join(tmp, 'case-tar');
    const source = createRemoteSource({ protocol: 'sftp', host: '127.0.0.1', port: exec.port, user: srv.user, secret: { privateKey: srv.sshd?.keys.ed25519.private ?? '' } });
    const summary = await runSnapshot({ caseDir, source, webRoot: `${root}/public_html`, includeParentConfig: false });
    const m = (await readManifest(caseDir)) as Manifest;
    expect(m.method).toBe('ssh-tar');
    check(m, { nonUtf8: true });
    expect(summary.complete).toBe(true);
    await expectObjectsIntact(caseDir, m);
  });
});
