import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { startBridgeServer } from '../../engine/api/bridge-server';
import { handlerTable } from '../../engine/api/handler-table';
import { createNodeServices, defaultDataDir } from '../../engine/api/node-services';
import type { CliCommand } from './index';

const HELP = `site-rescue web — serve the wizard in your browser over a loopback-only bridge.

Usage: site-rescue web [--port <n>] [--data-dir <dir>] [--static <dir>]

The wizard is served on http://127.0.0.1 only. The printed URL carries a random token that
changes every run; without it nothing can talk to the app. Stop with Ctrl-C.

Options:
  --port <n>        Port on 127.0.0.1 (default: a random free port)
  --data-dir <dir>  Where cases are kept (default: ${defaultDataDir()})
  --static <dir>    The built renderer (default: out/renderer; build it with \`npm run build:web\`)
  --no-open         Only print the URL (the default; no browser is started)`;

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** `site-rescue web`: browser mode, the same handler table as the desktop app. */
export const command: CliCommand = {
  name: 'web',
  summary: 'Serve the wizard in your browser over a loopback-only bridge.',
  help: HELP,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        static: { type: 'string' },
        'no-open': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`site-rescue web: --port must be a number from 0 to 65535\n`);
      return 2;
    }
    const staticDir = path.resolve(values.static ?? path.join(REPO_ROOT, 'out/renderer'));
    if (!existsSync(path.join(staticDir, 'index.html'))) {
      process.stderr.write(
        `site-rescue web: no built wizard in ${staticDir}. Run \`npm run build:web\` first (\`npm run web\` does both).\n`,
      );
      return 2;
    }
    const services = createNodeServices({
      dataDir: path.resolve(values['data-dir'] ?? defaultDataDir()),
      shell: 'browser',
    });
    let bridge;
    try {
      bridge = await startBridgeServer({ services, table: handlerTable, staticDir, port });
    } catch (err) {
      await services.close();
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        process.stderr.write(
          `site-rescue web: port ${port} on 127.0.0.1 is already in use. Choose another with --port, or leave it out for a free one.\n`,
        );
        return 2;
      }
      throw err;
    }
    process.stdout.write(
      [
        'Site Rescue is running in browser mode (127.0.0.1 only).',
        'Open this address in your browser (it contains a one-time key; keep it private):',
        '',
        `  ${bridge.url}`,
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    process.stdout.write('Stopping…\n');
    await bridge.close();
    await services.close();
    return 0;
  },
};
