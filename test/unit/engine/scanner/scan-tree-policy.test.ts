import { describe, expect, it } from 'vitest';

import { applySeverityPolicy, fileContext, isSerious } from '../../../../electron/engine/scanner/scan-tree';
import { inRange, parseWpVulnerability, severityFromCvss } from '../../../../electron/engine/scanner/vulns';
import type { DraftFinding } from '../../../../electron/engine/wordpress/integrity-types';
import type { InstallInfo } from '../../../../shared/ipc/channels/scan';

const base: DraftFinding = {
  path: 'wp-content/plugins/x/a.php',
  ruleId: 'r',
  family: 'webshell',
  severity: 'critical',
  action: 'delete',
  group: 'malicious',
  message: { en: 'e', ja: 'j' },
  source: 'content',
};

describe('severity policy', () => {
  it('"could not be verified" is info, never medium or above', () => {
    const f = applySeverityPolicy({ ...base, group: 'unverified', severity: 'high', source: 'integrity' }, undefined);
    expect(f?.severity).toBe('info');
  });

  it('drops content findings at medium+ on checksum-verified files, keeps low/info', () => {
    expect(applySeverityPolicy(base, 'verified')).toBeNull();
    expect(applySeverityPolicy({ ...base, severity: 'medium' }, 'verified')).toBeNull();
    expect(applySeverityPolicy({ ...base, severity: 'low' }, 'verified')).not.toBeNull();
  });

  it('content hits on a modified known file mean "replace with the original", not delete', () => {
    expect(applySeverityPolicy(base, 'modified')).toMatchObject({ action: 'replace-with-clean', group: 'tampered-core' });
    expect(applySeverityPolicy({ ...base, action: 'review' }, 'modified')).toMatchObject({ action: 'replace-with-clean', group: 'tampered-core' });
    expect(applySeverityPolicy(base, undefined)?.action).toBe('delete');
  });

  it('medium and above are serious', () => {
    expect(['critical', 'high', 'medium', 'low', 'info'].map((s) => isSerious({ severity: s as 'low' }))).toEqual([true, true, true, false, false]);
  });
});

describe('file context for the rules', () => {
  const installs: InstallInfo[] = [
    { root: 'public_html', version: '6.1.9', locale: 'ja', plugins: [], themes: [], muPlugins: [], dropIns: [] },
  ];
  it('knows uploads, core folders, install root and packages', () => {
    expect(fileContext(installs, 'public_html/wp-content/uploads/2024/a.php', undefined)).toMatchObject({ inUploads: true, installRoot: 'public_html', pathInInstall: 'wp-content/uploads/2024/a.php' });
    expect(fileContext(installs, 'public_html/wp-includes/x.php', 'unknown-in-core')).toMatchObject({ inCoreDir: 'wp-includes', packageKind: 'core', verifiedClean: false });
    expect(fileContext(installs, 'public_html/l.php', undefined)).toMatchObject({ isInstallRoot: true });
    expect(fileContext(installs, 'public_html/wp-content/plugins/a/b.php', 'verified')).toMatchObject({ packageKind: 'plugin', verifiedClean: true });
    expect(fileContext(installs, 'other/x.php', 'verified')).toMatchObject({ inCoreDir: null, verifiedClean: true });
  });
});

describe('vulnerability matching', () => {
  it('matches WPVulnerability operator ranges with PHP version_compare', () => {
    const body = {
      error: 0,
      data: {
        vulnerability: [
          { name: 'Upload', operator: { min_version: null, min_operator: null, max_version: '2.3.1', max_operator: 'lt', unfixed: '0' }, source: [{ id: 'CVE-2025-0001' }], impact: { cvss: { score: '9.8' } } },
          { name: 'XSS', operator: { min_version: '1.0', min_operator: 'ge', max_version: '1.4.0', max_operator: 'le', unfixed: '1' }, source: [], impact: {} },
        ],
      },
    };
    const [upload, xss] = parseWpVulnerability(body);
    expect(upload).toMatchObject({ fixedIn: '2.3.1', cvss: 9.8, cve: 'CVE-2025-0001' });
    expect(inRange('2.3.0', upload!.ranges[0]!)).toBe(true);
    expect(inRange('2.3.1', upload!.ranges[0]!)).toBe(false);
    expect(inRange('2.10', upload!.ranges[0]!)).toBe(false);
    expect(xss!.fixedIn).toBeNull();
    expect(inRange('1.4.0', xss!.ranges[0]!)).toBe(true);
    expect(inRange('0.9', xss!.ranges[0]!)).toBe(false);
    expect(parseWpVulnerability({ error: 1, data: null })).toEqual([]);
    expect(parseWpVulnerability('garbage')).toEqual([]);
  });

  it('maps CVSS to severity', () => {
    expect([9.8, 7.5, 6.4, 2, null].map(severityFromCvss)).toEqual(['critical', 'high', 'medium', 'low', 'low']);
  });
});

describe('scanTree on a folder with a symlink', () => {
  it('lists the link for checking and never follows it', async () => {
    const { mkdtemp, mkdir, rm, symlink, writeFile } = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const { scanTree } = await import('../../../../electron/engine/scanner/scan-tree');
    const { openFolderTree } = await import('../../../../electron/engine/snapshot/tree-reader');
    const { WporgClient } = await import('../../../../electron/engine/wordpress/wporg-client');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sr-link-'));
    try {
      await mkdir(path.join(dir, 'site'));
      await writeFile(path.join(dir, 'secret.php'), '<?php $password = "x";');
      await symlink(path.join(dir, 'secret.php'), path.join(dir, 'site', 'other-wp-config.txt'));
      const result = await scanTree(openFolderTree(path.join(dir, 'site')), {
        client: new WporgClient({ cacheDir: null, offline: true }),
        pool: { scan: async () => [] },
      });
      expect(result.findings.map((f) => [f.path, f.ruleId, f.severity])).toEqual([['other-wp-config.txt', 'location.symlink', 'low']]);
      expect(result.stats.files).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
