import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from 'basic-ftp';
import { afterEach, describe, expect, it } from 'vitest';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(REPO, 'bin', 'site-rescue.mjs');

type Running = {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
};

function runCli(args: string[]): Running {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves once stdout contains `marker` (the process is event-driven; no sleeps). */
function waitFor(r: Running, marker: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (r.stdout().includes(marker)) {
        r.child.stdout.off('data', check);
        resolve();
      }
    };
    r.child.stdout.on('data', check);
    r.exited.then((code) => reject(new Error(`exited ${code} before "${marker}": ${r.stderr()}`)));
    check();
  });
}

describe('site-rescue demo (child process)', () => {
  const running: Running[] = [];
  afterEach(() => {
    for (const r of running.splice(0)) if (r.child.exitCode === null) r.child.kill('SIGKILL');
  });

  it('--json prints one JSON line, serves FTP, and stops cleanly on SIGTERM', async () => {
    const r = runCli(['demo', '--json']);
    running.push(r);
    await waitFor(r, '\n');
    const line = r.stdout().trim();
    const info = JSON.parse(line) as {
      url: string;
      user: string;
      password: string;
      wporgUrl: string;
      hostList: string;
    };
    expect(Object.keys(info).sort()).toEqual(['hostList', 'password', 'url', 'user', 'wporgUrl']);
    expect(info.url).toMatch(/^ftp:\/\/[^:@/]+@127\.0\.0\.1:\d+\/example\.jp\/public_html$/);
    expect(existsSync(info.hostList)).toBe(true);
    const u = new URL(info.url);
    const client = new Client(30_000);
    try {
      await client.access({
        host: u.hostname,
        port: Number(u.port),
        user: info.user,
        password: info.password,
      });
      expect((await client.list(u.pathname)).map((e) => e.name)).toEqual(
        expect.arrayContaining(['wp-config.php', 'l.php']),
      );
    } finally {
      client.close();
    }
    const res = await fetch(`${info.wporgUrl}/core/stable-check/1.0/`);
    expect(res.status).toBe(200);
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
    expect(r.stdout().trim().split('\n')).toHaveLength(1);
    expect(existsSync(path.dirname(info.hostList))).toBe(false);
  });

  it('prints human text and stops on SIGINT', async () => {
    const r = runCli(['demo']);
    running.push(r);
    await waitFor(r, 'Press Ctrl+C to stop');
    expect(r.stdout()).toMatch(/FTP URL\s+ftp:\/\/\S+@127\.0\.0\.1:\d+\/example\.jp\/public_html/);
    expect(r.stdout()).toMatch(/Password\s+\S{8,}/);
    expect(r.stdout()).toMatch(/wordpress\.org stand-in\s+http:\/\/127\.0\.0\.1:\d+/);
    r.child.kill('SIGINT');
    expect(await r.exited).toBe(0);
  });

  it('rejects a bad --port with exit code 2', async () => {
    const r = runCli(['demo', '--port', 'abc']);
    expect(await r.exited).toBe(2);
    expect(r.stderr()).toContain('--port');
  });
});
