import { isMainThread, parentPort } from 'node:worker_threads';

import { handleScanMessage } from './worker-protocol';

/**
 * Entry of a scanner worker: wires the transport to `handleScanMessage`. Under Node it is
 * `worker_threads`' parentPort; in the Electron app a utilityProcess forks this file and
 * `process.parentPort` carries the same messages.
 */

type ElectronParentPort = {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
};

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (msg: unknown) => port.postMessage(handleScanMessage(msg)));
  // Loading the rules takes a moment; the pool starts a file's timer only after this.
  port.postMessage({ kind: 'ready' });
} else {
  // Electron utilityProcess: `process.parentPort` exists only there; the engine never imports Electron itself.
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    electronPort.on('message', (e) => electronPort.postMessage(handleScanMessage(e.data)));
    electronPort.postMessage({ kind: 'ready' });
  }
}
