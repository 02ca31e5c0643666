import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openFolderTree } from '../../../../electron/engine/snapshot/tree-reader';
import { checkCoreIntegrity } from '../../../../electron/engine/wordpress/core-integrity';
import { FileHasher } from '../../../../electron/engine/wordpress/file-hashes';
import { findInstalls, indexTree } from '../../../../electron/engine/wordpress/installs';
import { WporgClient } from '../../../../electron/engine/wordpress/wporg-client';

/**
 * Checksum logic on a tiny tree against a minimal wordpress.org double that also answers the
 * stable-check list (which the shared stand-in does not serve): leftovers of older releases are
 * info, unknown files are critical, CRLF copies verify, site-specific files are not "unknown".
 */
const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const VERSION_PHP = "<?php\n$wp_version = '6.2.1';\n";
const LOAD = "<?php\n// load\nfunction wp_load() {\n\treturn 1;\n}\n";
const OLD = "<?php\n// removed in 6.2\n";

let server: Server;
let url: string;
let site: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'application/json');
    if (u.pathname === '/core/stable-check/1.0/') return res.end(JSON.stringify({ '6.1.3': 'insecure', '6.2': 'outdated', '6.2.1': 'latest' }));
    if (u.pathname === '/core/checksums/1.0/') {
      const v = u.searchParams.get('version');
      if (v === '6.2.1') return res.end(JSON.stringify({ checksums: { 'wp-includes/version.php': md5(VERSION_PHP), 'wp-includes/load.php': md5(LOAD), 'wp-admin/index.php': md5('<?php\n') } }));
      if (v === '6.1.3') return res.end(JSON.stringify({ checksums: { 'wp-includes/old-feature.php': md5(OLD), 'wp-includes/load.php': md5('<?php // 6.1 load\n') } }));
      return res.end(JSON.stringify({ checksums: false }));
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site = await mkdtemp(path.join(os.tmpdir(), 'sr-core-'));
  await mkdir(path.join(site, 'wp-includes'), { recursive: true });
  await mkdir(path.join(site, 'wp-admin'), { recursive: true });
  await writeFile(path.join(site, 'wp-includes/version.php'), VERSION_PHP);
  await writeFile(path.join(site, 'wp-includes/load.php'), LOAD.replace(/\n/g, '\r\n')); // ASCII-mode FTP copy
  await writeFile(path.join(site, 'wp-admin/index.php'), '<?php\n');
  await writeFile(path.join(site, 'wp-includes/old-feature.php'), OLD);
  await writeFile(path.join(site, 'wp-includes/wp-vcd.php'), '<?php echo 1;');
  await writeFile(path.join(site, 'wp-admin/.htaccess'), 'Require all granted\n');
  await writeFile(path.join(site, 'wp-admin/error_log'), '[01-Jan-2025] PHP Notice\n');
  await writeFile(path.join(site, 'wp-settings-backup.php'), '<?php');
  await writeFile(path.join(site, 'wp-config.php'), '<?php');
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await rm(site, { recursive: true, force: true });
});

describe('checkCoreIntegrity', () => {
  it('classifies verified, CRLF, leftover, unknown and site-specific files', async () => {
    const tree = openFolderTree(site);
    const entries = [];
    for await (const e of tree.entries()) entries.push(e);
    const index = indexTree(entries);
    const [install] = await findInstalls(tree, index);
    const client = new WporgClient({ cacheDir: null, bases: { apiBase: url, downloadsBase: url, siteBase: url, vulnBase: url } });
    const out = await checkCoreIntegrity({ tree, index, install: install!, otherRoots: [''], client, hasher: new FileHasher(tree) });
    expect(out.verdicts.get('wp-includes/load.php')).toBe('verified');
    expect(out.verdicts.get('wp-includes/version.php')).toBe('verified');
    expect(out.verdicts.get('wp-includes/old-feature.php')).toBe('old-release');
    const by = (p: string): string[] => out.findings.filter((f) => f.path === p).map((f) => `${f.ruleId}:${f.severity}`);
    expect(by('wp-includes/old-feature.php')).toEqual(['core-old-release:info']);
    expect(by('wp-includes/wp-vcd.php')).toEqual(['core-unknown-file:critical']);
    expect(by('wp-settings-backup.php')).toEqual(['core-unknown-root-file:critical']);
    expect(by('wp-admin/.htaccess')).toEqual([]);
    expect(by('wp-admin/error_log')).toEqual([]);
    expect(by('wp-config.php')).toEqual([]);
    expect(out.notVerified).toEqual([]);
  });
});
