import { fileURLToPath } from 'node:url';

import { utilityProcess } from 'electron';

import type { ScanWorker, ScanWorkerFactory } from '../engine/scanner/worker-pool';
import type { ScanRequest, ScanResponse } from '../engine/scanner/worker-protocol';

/** Heap cap of one scanner process, like the worker_threads pool under Node. */
const SCANNER_HEAP_MB = 256;

/**
 * Scanner workers for the desktop app: each is an Electron `utilityProcess` running the built
 * `worker-entry.js` (beside out/main/index.js).
 *
 * The scanner parses attacker-written files with regexes and a PHP lexer, so it runs in its own OS
 * process with an empty environment: it holds no credentials, and a stuck or crashed scan is
 * killed and restarted by the pool (worker-pool.ts) without touching the main process.
 */
export function createUtilityScanWorkers(
  entryPath: string = fileURLToPath(new URL('./worker-entry.js', import.meta.url)),
): ScanWorkerFactory {
  return () => forkScanner(entryPath);
}

function forkScanner(entryPath: string): ScanWorker {
  const child = utilityProcess.fork(entryPath, [], {
    serviceName: 'Site Rescue scanner',
    env: {},
    execArgv: [`--max-old-space-size=${SCANNER_HEAP_MB}`],
    stdio: 'ignore',
  });
  const messageListeners: Array<(message: ScanResponse) => void> = [];
  const exitListeners: Array<() => void> = [];
  let alive = true;
  child.on('message', (message: ScanResponse) => {
    for (const listener of messageListeners) listener(message);
  });
  child.on('exit', () => {
    alive = false;
    for (const listener of exitListeners) listener();
  });
  return {
    postMessage: (message: ScanRequest) => child.postMessage(message),
    onMessage: (listener) => void messageListeners.push(listener),
    onExit: (listener) => void exitListeners.push(listener),
    async terminate() {
      messageListeners.length = 0;
      exitListeners.length = 0;
      if (alive) child.kill();
    },
    // A utility process does not keep the app alive the way a worker thread keeps Node alive.
    ref: () => undefined,
    unref: () => undefined,
  };
}
