import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ZipFile } from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildDemoAccount, type DemoAccount } from '../../../electron/engine/demo/demo-account';
import { demoPluginCatalog } from '../../../electron/engine/demo/demo-plugins';
import { startWporgStandin, type WporgStandin } from '../../../electron/engine/demo/wporg-standin';
import { readFindings } from '../../../electron/engine/scanner/findings-store';
import { createLocalSource } from '../../../electron/engine/snapshot/local-transport';
import { runSnapshot } from '../../../electron/engine/snapshot/mirror';
import { loadWordPressTree, materializeWordPressTree } from '../../../electron/engine/wordpress/wp-tree';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(REPO, 'bin/site-rescue.mjs');

/** Runs the real CLI as a child process (as a user or CI would). */
function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let work: string;
let standin: WporgStandin;
let demo: DemoAccount;
let clean: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'sr-scan-cli-'));
  standin = await startWporgStandin();
  const tree = await loadWordPressTree();
  demo = await buildDemoAccount({ workDir: path.join(work, 'demo'), tree });
  clean = path.join(work, 'clean');
  await materializeWordPressTree(tree, 'en_US', clean);
}, 180_000);

afterAll(async () => {
  await standin?.close();
  await rm(work, { recursive: true, force: true });
});

describe('site-rescue scan (child process)', () => {
  it('exits 1 on the infected demo site and prints one JSON object', async () => {
    const r = await runCli(['scan', demo.webRootDir, '--json', '--wporg', standin.url, '--host-list', demo.hostListPath, '--data-dir', path.join(work, 'data')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { findings: { path: string; ruleId: string; severity: string; action: string; message: string; line?: number }[]; installs: unknown[]; stats: { files: number; bytes: number; seconds: number } };
    expect(out.stats.files).toBe(demo.webFiles);
    expect(out.stats.bytes).toBeGreaterThan(0);
    expect(out.installs).toHaveLength(1);
    for (const f of out.findings) {
      expect(typeof f.path).toBe('string');
      expect(['critical', 'high', 'medium', 'low', 'info']).toContain(f.severity);
      expect(['delete', 'replace-with-clean', 'review']).toContain(f.action);
      expect(f.message.length).toBeGreaterThan(10);
    }
    // Every artefact of the demo compromise is found at medium or above.
    for (const a of demo.artefacts) {
      expect(out.findings.some((f) => f.path === a.path && ['critical', 'high', 'medium'].includes(f.severity)), a.path).toBe(true);
    }
    // The host's list: every entry is a critical "reported by your host" finding.
    expect(out.findings.filter((f) => f.ruleId === 'host-list').length).toBe(demo.artefacts.filter((a) => a.hostList).length);
    expect(out.findings.find((f) => f.ruleId === 'core-modified' && f.path === 'wp-includes/load.php')).toBeDefined();
  });

  it('verifies a premium plugin against the vendor zip given with --vendor-zip', async () => {
    const release = demoPluginCatalog().find((l) => l.slug === 'pro-gallery-suite')!.releases[0]!;
    const z = new ZipFile();
    for (const f of release.files) z.addBuffer(Buffer.from(f.text), `pro-gallery-suite/${f.path}`);
    z.end();
    const chunks: Buffer[] = [];
    for await (const c of z.outputStream as AsyncIterable<Buffer>) chunks.push(c);
    const zipFile = path.join(work, 'pro-gallery-suite.zip');
    await writeFile(zipFile, Buffer.concat(chunks));
    const r = await runCli(['scan', demo.webRootDir, '--json', '--wporg', standin.url, '--vendor-zip', zipFile, '--data-dir', path.join(work, 'data')]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { findings: { path: string; ruleId: string }[] };
    const premium = out.findings.filter((f) => f.path.startsWith('wp-content/plugins/pro-gallery-suite'));
    expect(premium.map((f) => f.ruleId)).not.toContain('plugin-not-on-wporg');
  });

  it('exits 0 on a clean WordPress tree', async () => {
    const r = await runCli(['scan', clean, '--json', '--wporg', standin.url, '--data-dir', path.join(work, 'data')]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { findings: { severity: string }[] };
    expect(out.findings.filter((f) => ['critical', 'high', 'medium'].includes(f.severity))).toEqual([]);
  });

  it('scans a case folder (snapshot) and saves findings.json in it', async () => {
    const caseDir = path.join(work, 'case');
    await mkdir(caseDir, { recursive: true });
    const summary = await runSnapshot({ caseDir, source: createLocalSource(), webRoot: demo.webRootDir, includeParentConfig: false });
    expect(summary.complete).toBe(true);
    const r = await runCli(['scan', caseDir, '--json', '--offline', '--data-dir', path.join(work, 'data-offline')]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { findings: { ruleId: string }[]; stats: { files: number } };
    expect(out.stats.files).toBe(demo.webFiles); // saved files plus the ones the host locked (mode 000)
    expect(out.findings.filter((f) => f.ruleId === 'integrity-offline')).toHaveLength(1);
    const stored = await readFindings(caseDir);
    expect(stored.findings.length).toBe(out.findings.length);
    expect(stored.offline).toBe(true);
  });

  it('exits 2 with a clear message on a folder that does not exist', async () => {
    const r = await runCli(['scan', path.join(work, 'no-such-folder'), '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/No such folder/);
  });

  it('exits 2 on a bad option', async () => {
    const r = await runCli(['scan', clean, '--wporg', 'not a url']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--wporg|URL/);
  });
});
