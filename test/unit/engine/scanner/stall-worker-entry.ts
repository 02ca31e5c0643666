import { parentPort } from 'node:worker_threads';

import { handleScanMessage } from '../../../../electron/engine/scanner/worker-protocol';

/**
 * Test worker entry: behaves like the real one, except that a file named `stall.php` blocks the
 * thread forever (standing in for a pathological input) and `crash.php` kills the worker.
 */
const port = parentPort;
if (port) {
  port.on('message', (msg: { path?: string }) => {
    if (msg.path === 'stall.php') {
      for (;;) {
        // Busy loop: only terminate() can stop this.
      }
    }
    if (msg.path === 'crash.php') process.exit(3);
    port.postMessage(handleScanMessage(msg));
  });
  port.postMessage({ kind: 'ready' });
}
