import { parseArgs } from 'node:util';

import { startDemoSite } from '../../engine/demo/demo-site';
import type { CliCommand } from './index';

const HELP = `site-rescue demo — serve the built-in infected demo site over FTP on 127.0.0.1.

Usage: site-rescue demo [--json] [--port <n>]

Builds a fresh copy of a hacked Japanese WordPress site on a simulated shared-hosting account
(XServer-like layout, the host's list of infected files, access logs), serves it over plain FTP
on 127.0.0.1 with a random user and password, and starts a local stand-in for wordpress.org. Every
step of the app can be tried on it. Nothing leaves this computer. Stop with Ctrl-C; the copy is
deleted then.

Options:
  --json      Print one JSON line {"url","user","password","wporgUrl","hostList"} and keep serving
  --port <n>  FTP control port on 127.0.0.1 (default: a random free port)`;

/** `site-rescue demo`: the embedded demo site, until SIGINT/SIGTERM. */
export const command: CliCommand = {
  name: 'demo',
  summary: 'Serve the built-in infected demo site over FTP on 127.0.0.1.',
  help: HELP,
  async run(args) {
    let values: { json?: boolean; port?: string };
    try {
      values = parseArgs({
        args,
        options: { json: { type: 'boolean' }, port: { type: 'string' } },
        strict: true,
        allowPositionals: false,
      }).values;
    } catch (err) {
      process.stderr.write(
        `site-rescue demo: ${err instanceof Error ? err.message : String(err)}\n\n${HELP}\n`,
      );
      return 2;
    }
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
      process.stderr.write('site-rescue demo: --port must be a number from 0 to 65535\n');
      return 2;
    }
    // Register the stop handlers before starting, so a signal during the build also cleans up.
    let stopRequested = false;
    let wake: (() => void) | undefined;
    const stop = (): void => {
      stopRequested = true;
      wake?.();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    try {
      const demo = await startDemoSite(port === undefined ? {} : { port });
      try {
        if (values.json) {
          process.stdout.write(
            JSON.stringify({
              url: demo.url,
              user: demo.user,
              password: demo.password,
              wporgUrl: demo.wporgUrl,
              hostList: demo.hostListPath,
            }) + '\n',
          );
        } else {
          process.stdout.write(
            [
              'Site Rescue demo site is running (127.0.0.1 only) / デモサイトを起動しました（このパソコンの中だけ）',
              '',
              `  FTP URL    ${demo.url}`,
              `  User       ${demo.user}`,
              `  Password   ${demo.password}`,
              `  Web root   ${demo.webRoot}`,
              `  wordpress.org stand-in   ${demo.wporgUrl}`,
              `  Host's list of infected files / サーバー会社の不正ファイル一覧   ${demo.hostListPath}`,
              '',
              'What is inside / 中身: a Japanese WordPress site (' +
                `${demo.files} files, ${demo.realWordPress ? 'real WordPress from Debian' : 'small generated WordPress'}) that was broken into:`,
              '  a dropper l.php at the root, a backdoor added to a plugin, PHP hidden in uploads and in a .jpg,',
              '  a tampered core file, a .htaccess redirect, a .user.ini auto_prepend_file, a hidden admin',
              '  mu-plugin, files the host disabled (mode 000), and access logs of the break-in.',
              '  侵入されたWordPressサイトです。不正なファイル、改ざん、ログが入っています。',
              '',
              'Press Ctrl+C to stop. / 停止するには Ctrl+C を押してください。',
              '',
            ].join('\n'),
          );
        }
        if (!stopRequested) await new Promise<void>((resolve) => (wake = resolve));
        if (!values.json) process.stdout.write('Stopping… / 停止しています…\n');
      } finally {
        await demo.close();
      }
      return 0;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
