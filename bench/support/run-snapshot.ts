/**
 * One timed snapshot in its own process (so peak memory is ours alone), for the transfer bench.
 * Reads a JSON config from argv[2]; prints one JSON line with seconds, files, bytes, peak RSS.
 * The secret comes from SITE_RESCUE_PASSWORD or SITE_RESCUE_KEY (a key file), never argv.
 */
import { readFileSync } from 'node:fs';

import { runSnapshot } from '../../electron/engine/snapshot/mirror';
import { createRemoteSource } from '../../electron/engine/snapshot/remote-source';
import type { Protocol } from '../../electron/engine/transfer/transport';

type Config = {
  protocol: Protocol;
  host: string;
  port: number;
  user: string;
  webRoot: string;
  out: string;
  connections: number;
  inFlight?: number;
  sshTar: boolean;
};

const cfg = JSON.parse(process.argv[2] ?? '{}') as Config;
const keyFile = process.env['SITE_RESCUE_KEY'];
const secret = keyFile ? { privateKey: readFileSync(keyFile, 'utf8') } : { password: process.env['SITE_RESCUE_PASSWORD'] ?? '' };
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
const started = process.hrtime.bigint();
const summary = await runSnapshot({
  caseDir: cfg.out,
  source: createRemoteSource({
    protocol: cfg.protocol,
    host: cfg.host,
    port: cfg.port,
    user: cfg.user,
    secret,
    sshTar: cfg.sshTar,
    acceptUntrusted: true,
    ...(cfg.inFlight !== undefined ? { inFlightPerConnection: cfg.inFlight } : {}),
  }),
  webRoot: cfg.webRoot,
  connections: cfg.connections,
  includeParentConfig: false,
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
clearInterval(sampler);
const maxRssMb = Math.max(peak, process.resourceUsage().maxRSS * 1024) / (1024 * 1024);
process.stdout.write(
  JSON.stringify({ seconds, files: summary.files, bytes: summary.bytes, complete: summary.complete, method: summary.method, unreadable: summary.unreadable.length, maxRssMb }) + '\n',
);
