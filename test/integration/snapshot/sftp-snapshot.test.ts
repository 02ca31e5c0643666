import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readManifest, type Manifest } from '../../../electron/engine/snapshot/manifest';
import { runSnapshot } from '../../../electron/engine/snapshot/mirror';
import { createRemoteSource } from '../../../electron/engine/snapshot/remote-source';
import { generateSshKey, startSftpServer, type SftpServerHandle } from '../../support/sftp-server';
import { expectObjectsIntact, makePlainSite, savedShas } from './helpers';

/** The snapshot over the in-process ssh2 SFTP server: many requests in flight, drops, host key. */
let tmp: string;
let plain: Map<string, string>;
let srv: SftpServerHandle;
const key = generateSshKey('ed25519');

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sr-sftpsnap-'));
  plain = await makePlainSite(path.join(tmp, 'account', 'public_html'), { bigFiles: 2, smallFiles: 120 });
  srv = await startSftpServer({ root: path.join(tmp, 'account'), user: 'owner', password: 'Sftp-pw-123', authorizedKey: key.public });
});
afterAll(async () => {
  await srv.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('snapshot over SFTP (in-process ssh2 server)', () => {
  it('mirrors byte-identical with 2 connections × 4 requests in flight; exec is refused, so no tar fast path', async () => {
    const caseDir = path.join(tmp, 'case-key');
    const source = createRemoteSource({ protocol: 'sftp', host: srv.host, port: srv.port, user: 'owner', secret: { privateKey: key.private } });
    const summary = await runSnapshot({ caseDir, source, webRoot: '/public_html', connections: 2 });
    expect(summary.complete).toBe(true);
    expect(summary.method).toBe('per-file');
    const m = (await readManifest(caseDir)) as Manifest;
    expect(savedShas(m)).toEqual(plain);
    expect(m.source.fingerprint).toBe(srv.hostKeyFingerprint);
    await expectObjectsIntact(caseDir, m);
  });

  it('survives dropped connections mid-run and resumes to byte-identical sha256s', async () => {
    const caseDir = path.join(tmp, 'case-drop');
    const source = createRemoteSource({ protocol: 'sftp', host: srv.host, port: srv.port, user: 'owner', secret: { password: 'Sftp-pw-123' } });
    let drops = 0;
    let next = 1024 * 1024;
    const summary = await runSnapshot({
      caseDir,
      source,
      webRoot: '/public_html',
      backoffMs: 20,
      // After a mass disconnect the in-process server sometimes never finishes a new login.
      connectTimeoutMs: 5000,
      onProgress: (p) => {
        if (drops < 2 && p.bytesDone > next) {
          drops += 1;
          next += 4 * 1024 * 1024;
          srv.dropAllConnections();
        }
      },
    });
    expect(summary.complete).toBe(true);
    expect(drops).toBeGreaterThanOrEqual(1);
    const m = (await readManifest(caseDir)) as Manifest;
    expect(savedShas(m)).toEqual(plain);
    await expectObjectsIntact(caseDir, m);
  });

  it('stops with host-key-changed when the pinned fingerprint differs, before any download', async () => {
    const caseDir = path.join(tmp, 'case-pin');
    const source = createRemoteSource({
      protocol: 'sftp',
      host: srv.host,
      port: srv.port,
      user: 'owner',
      secret: { password: 'Sftp-pw-123' },
      pinnedFingerprint: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    await expect(runSnapshot({ caseDir, source, webRoot: '/public_html' })).rejects.toMatchObject({ code: 'host-key-changed' });
    expect((await readManifest(caseDir))?.totals.files).toBe(0);
  });
});
