import { EventEmitter } from 'node:events';

import { describe, expect, it, vi } from 'vitest';

/**
 * electron/main/scanner-host.ts: the desktop app runs the scanner in utilityProcess workers with an
 * empty environment, driven by the same pool (timeouts, restarts) as worker_threads under Node.
 */
const electron = vi.hoisted(() => {
  type Fake = EventEmitter & { forkArgs: unknown[]; killed: boolean; postMessage(m: unknown): void; kill(): boolean };
  const children: Fake[] = [];
  const utilityProcess = {
    fork: (...args: unknown[]) => {
      const child = new EventEmitter() as Fake;
      child.forkArgs = args;
      child.killed = false;
      // A scanner process that answers every request with no hits, like worker-entry.ts would.
      child.postMessage = (m: unknown) => {
        const req = m as { id: number };
        setImmediate(() => child.emit('message', { kind: 'result', id: req.id, hits: [] }));
      };
      child.kill = () => {
        child.killed = true;
        setImmediate(() => child.emit('exit', 0));
        return true;
      };
      setImmediate(() => child.emit('message', { kind: 'ready' }));
      children.push(child);
      return child;
    },
  };
  return { utilityProcess, children };
});
vi.mock('electron', () => ({ utilityProcess: electron.utilityProcess }));

const { createUtilityScanWorkers } = await import('../../electron/main/scanner-host');
const { createScanPool } = await import('../../electron/engine/scanner/worker-pool');

describe('scanner host (utilityProcess workers)', () => {
  it('forks the built worker entry with an empty environment and scans through the pool', async () => {
    const pool = createScanPool({ size: 2, spawnWorker: createUtilityScanWorkers('/app/out/main/worker-entry.js') });
    const hits = await pool.scan({
      path: 'wp-content/uploads/a.php',
      bytes: Buffer.from('<?php echo 1;'),
      size: 13,
      mode: 0o644,
      context: { inUploads: true, inCoreDir: null, isInstallRoot: false },
    } as never);
    expect(hits).toEqual([]);
    expect(electron.children).toHaveLength(2);
    for (const child of electron.children) {
      const [entry, args, options] = child.forkArgs as [string, string[], { env: object; serviceName: string }];
      expect(entry).toBe('/app/out/main/worker-entry.js');
      expect(args).toEqual([]);
      // No credentials or other environment reach the process that reads attacker-written files.
      expect(options.env).toEqual({});
    }
    await pool.close();
    expect(electron.children.every((c) => c.killed)).toBe(true);
  });

  it('a scanner process that dies is replaced and the file is retried', async () => {
    electron.children.length = 0;
    const pool = createScanPool({ size: 1, spawnWorker: createUtilityScanWorkers('/x/worker-entry.js') });
    const first = electron.children[0];
    // Crash the first process as soon as it gets work.
    first!.postMessage = () => setImmediate(() => first!.emit('exit', 1));
    const hits = await pool.scan({
      path: 'a.php',
      bytes: Buffer.from('<?php'),
      size: 5,
      mode: null,
      context: { inUploads: false, inCoreDir: null, isInstallRoot: true },
    } as never);
    expect(hits).toEqual([]);
    expect(pool.restarts).toBe(1);
    expect(electron.children).toHaveLength(2);
    await pool.close();
  });
});
