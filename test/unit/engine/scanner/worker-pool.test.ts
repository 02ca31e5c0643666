import { afterEach, describe, expect, it } from 'vitest';

import { contextFromPath } from '../../../../electron/engine/scanner/scan-file';
import { createScanPool, type ScanPool } from '../../../../electron/engine/scanner/worker-pool';

const input = (path: string, text: string) => {
  const bytes = Buffer.from(text, 'latin1');
  return { path, bytes, size: bytes.length, mode: null, context: contextFromPath(path) };
};

// The sample is assembled at run time so the source file itself holds no working shell.
const SHELL = ['<?php ', 'sys', 'tem($_GET["c"]);'].join('');

describe('scan worker pool', () => {
  let pool: ScanPool | null = null;
  afterEach(async () => {
    await pool?.close();
    pool = null;
  });

  it('scans files in worker threads and returns the hits', async () => {
    pool = createScanPool({ size: 2 });
    const results = await Promise.all([
      pool.scan(input('wp-content/themes/a/x.php', SHELL)),
      pool.scan(input('wp-content/themes/a/ok.php', '<?php echo "hello";')),
      pool.scan(input('wp-content/themes/a/y.php', SHELL)),
    ]);
    expect(results[0]?.map((h) => h.ruleId)).toContain('php.shell.request');
    expect(results[1]).toEqual([]);
    expect(results[2]?.map((h) => h.ruleId)).toContain('php.shell.request');
  }, 60_000);

  it('kills a stalled worker, reports the file for review and keeps scanning', async () => {
    pool = createScanPool({
      size: 1,
      fileTimeoutMs: 1_500,
      entry: new URL('./stall-worker-entry.ts', import.meta.url),
    });
    const stalled = pool.scan(input('stall.php', '<?php'));
    const after = pool.scan(input('wp-content/themes/a/x.php', SHELL));
    const [s, a] = await Promise.all([stalled, after]);
    expect(s.map((h) => [h.ruleId, h.severity])).toEqual([['scan.timeout', 'low']]);
    expect(a.map((h) => h.ruleId)).toContain('php.shell.request');
    expect(pool.restarts).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('survives a worker that dies and reports the file instead of failing', async () => {
    pool = createScanPool({ size: 1, entry: new URL('./stall-worker-entry.ts', import.meta.url) });
    const crashed = await pool.scan(input('crash.php', '<?php'));
    expect(crashed.map((h) => h.ruleId)).toEqual(['scan.timeout']);
    const ok = await pool.scan(input('wp-content/themes/a/x.php', SHELL));
    expect(ok.map((h) => h.ruleId)).toContain('php.shell.request');
  }, 60_000);

  it('rejects scans after close', async () => {
    pool = createScanPool({ size: 1 });
    await pool.close();
    await expect(pool.scan(input('a.php', '<?php'))).rejects.toThrow(/closed/);
  });
});
