import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readManifest, type Manifest } from '../../../electron/engine/snapshot/manifest';
import { startFtpSrv, type FtpSrvHandle } from '../../support/ftp-servers';
import { expectObjectsIntact, makePlainSite, savedShas } from './helpers';

/** `site-rescue snapshot`: secrets from the environment, --json, exit codes, resume after a kill. */
const BIN = path.resolve(import.meta.dirname, '../../../bin/site-rescue.mjs');
const PASSWORD = 'Cli-secret-pw-77';
let tmp: string;
let plain: Map<string, string>;
let srv: FtpSrvHandle;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sr-clisnap-'));
  plain = await makePlainSite(path.join(tmp, 'account', 'public_html'), { smallFiles: 200, bigFiles: 1 });
  srv = await startFtpSrv({ root: path.join(tmp, 'account'), user: 'owner', password: PASSWORD });
});
afterAll(async () => {
  await srv.close();
  await rm(tmp, { recursive: true, force: true });
});

type Run = { code: number | null; stdout: string; stderr: string };

function cli(args: string[], env: Record<string, string>, killWhen?: () => boolean): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = killWhen
      ? setInterval(() => {
          if (killWhen()) child.kill('SIGKILL');
        }, 20)
      : null;
    child.on('close', (code) => {
      if (timer) clearInterval(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function savedLines(outDir: string): number {
  const file = path.join(outDir, 'snapshot', 'progress.ndjson');
  if (!existsSync(file)) return 0;
  // A synchronous read keeps the kill check simple; the file is small.
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"saved"')).length;
}

describe('site-rescue snapshot (CLI)', () => {
  it('refuses a password in argv or in the URL (exit 2)', async () => {
    const a = await cli(['snapshot', `ftp://owner@127.0.0.1:${srv.port}/public_html`, '--out', path.join(tmp, 'x'), '--password', PASSWORD], {});
    expect(a.code).toBe(2);
    const b = await cli(['snapshot', `ftp://owner:${PASSWORD}@127.0.0.1:${srv.port}/public_html`, '--out', path.join(tmp, 'x'), '--json'], {});
    expect(b.code).toBe(2);
    expect(JSON.parse(b.stdout).error.code).toBe('invalid-request');
    expect(b.stdout + b.stderr).not.toContain(PASSWORD);
  });

  it('wrong password → exit 2 with auth-failed; the secret never appears in the output', async () => {
    const r = await cli(['snapshot', `ftp://owner@127.0.0.1:${srv.port}/public_html`, '--out', path.join(tmp, 'bad'), '--json'], { SITE_RESCUE_PASSWORD: 'not-it-9' });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('auth-failed');
    expect(r.stdout + r.stderr).not.toContain('not-it-9');
  });

  it('a run killed mid-way resumes with the same --out and ends complete and byte-identical', async () => {
    const out = path.join(tmp, 'case');
    const args = ['snapshot', `ftp://owner@127.0.0.1:${srv.port}/public_html`, '--out', out, '--json', '--connections', '1'];
    const env = { SITE_RESCUE_PASSWORD: PASSWORD };
    const first = await cli(args, env, () => savedLines(out) >= 40);
    expect(first.code).toBeNull(); // killed
    const before = savedLines(out);
    expect(before).toBeGreaterThanOrEqual(40);
    expect(before).toBeLessThan(plain.size);

    const second = await cli(args, env);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout) as { files: number; bytes: number; unreadable: unknown[]; seconds: number; complete: boolean };
    expect(summary).toMatchObject({ files: plain.size, unreadable: [], complete: true });
    expect(typeof summary.seconds).toBe('number');
    const m = (await readManifest(out)) as Manifest;
    expect(savedShas(m)).toEqual(plain);
    await expectObjectsIntact(out, m);
    // Finished files were not fetched again: the journal holds one 'saved' line per file.
    expect(savedLines(out)).toBe(plain.size);
    expect(await readFile(path.join(out, 'manifest.json'), 'utf8')).not.toContain(PASSWORD);
  });
});
