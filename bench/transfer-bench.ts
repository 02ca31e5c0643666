/**
 * `npm run bench`: our snapshot against lftp on the same WordPress-sized tree and the same servers.
 *
 * Tree: bench/support/make-wp-tree.ts (real Debian WordPress core + generated uploads, ~20,000
 * files, cached under /var/tmp/site-rescue-bench). Servers: Debian pure-ftpd (MLSD) and OpenSSH sshd
 * (`ForceCommand internal-sftp`, key auth) on 127.0.0.1, plus an sshd that allows exec for the SSH
 * tar fast path. Each configuration is timed REPEAT times (best and slowest shown), alternating
 * tools; every run is verified (file count and bytes). Where the machine allows (root + TUN), the
 * same is repeated over a 40 ms RTT link (bench/netsim.sh) on the wp-admin subtree (564 files).
 *
 *   npm run bench                      # loopback + rtt40
 *   npm run bench -- --repeat 3 --no-rtt --files 20000
 *
 * Targets (issue 3): ratio ours/lftp ≤ 1.0 with the same number of connections; our peak memory
 * under 300 MB.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';

import { debianServersMissing, startDebianServers, type DebianServers } from '../test/support/debian-servers';
import { startExecSshd, type ExecSshd } from './support/exec-sshd';
import { makeWpTree } from './support/make-wp-tree';
import { startPureFtpd, type PureFtpd } from './support/pure-ftpd';

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, '..');
const WORK = '/var/tmp/site-rescue-bench';
const HOME = path.join(WORK, 'home');
const TREE = path.join(HOME, 'public_html');
const NETSIM = path.join(REPO, 'bench/netsim.sh');
const NS_ADDR = '10.201.0.2';

type Result = {
  link: 'loopback' | 'rtt40';
  proto: 'ftp' | 'sftp';
  tool: string;
  seconds: number[];
  /** Client CPU seconds (user+sys) per run, when GNU time is available. */
  cpu: number[];
  files: number;
  bytes: number;
  maxRssMb?: number;
  ok: boolean;
  note?: string;
};

async function countTree(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        files += 1;
        bytes += (await stat(p)).size;
      }
    }
  };
  await walk(dir);
  return { files, bytes };
}

const TIME_BIN = '/usr/bin/time';

/**
 * Runs a command and measures wall time; with GNU time also the client's CPU seconds (user+sys) and
 * peak RSS, which stay comparable when other processes load the machine (wall time does not).
 */
function timed(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ seconds: number; cpuSeconds: number | null; maxRssMb: number | null; stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const useTime = existsSync(TIME_BIN);
    const timeFile = path.join(WORK, `time-${process.pid}-${Date.now()}.txt`);
    const [c, a] = useTime ? [TIME_BIN, ['-f', '%U %S %M', '-o', timeFile, cmd, ...args]] : [cmd, args];
    const t0 = process.hrtime.bigint();
    const child = spawn(c, a, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      let cpuSeconds: number | null = null;
      let maxRssMb: number | null = null;
      if (useTime) {
        try {
          const [u, s2, m] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()?.split(' ').map(Number) ?? [];
          if (u !== undefined && s2 !== undefined) cpuSeconds = u + s2;
          if (m !== undefined) maxRssMb = m / 1024;
          rmSync(timeFile, { force: true });
        } catch {
          // no figures from time(1); wall time still counts
        }
      }
      resolve({ seconds, cpuSeconds, maxRssMb, stdout, stderr, code });
    });
  });
}

type Target = { host: string; ftpPort: number; ftpUser: string; sshPort: number; execPort: number; webRootFtp: string; webRootSsh: string };

async function runOurs(t: Target, proto: 'ftp' | 'sftp', connections: number, sshTar: boolean, secrets: { password: string; keyFile: string }, out: string) {
  await rm(out, { recursive: true, force: true });
  const cfg = {
    protocol: proto,
    host: t.host,
    port: proto === 'ftp' ? t.ftpPort : sshTar ? t.execPort : t.sshPort,
    user: proto === 'ftp' ? t.ftpUser : secrets.keyFile ? USER.name : '',
    webRoot: proto === 'ftp' ? t.webRootFtp : t.webRootSsh,
    out,
    connections,
    sshTar,
  };
  const env: Record<string, string> = proto === 'ftp' ? { SITE_RESCUE_PASSWORD: secrets.password } : { SITE_RESCUE_KEY: secrets.keyFile };
  const r = await timed(process.execPath, [...RUNNER.args, JSON.stringify(cfg)], env);
  if (r.code !== 0) throw new Error(`our snapshot failed: ${r.stderr.slice(-600)}`);
  const res = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { seconds: number; files: number; bytes: number; complete: boolean; method: string; maxRssMb: number };
  return { ...res, maxRssMb: Math.max(res.maxRssMb, r.maxRssMb ?? 0), cpuSeconds: r.cpuSeconds, wall: r.seconds };
}

async function runLftp(t: Target, proto: 'ftp' | 'sftp', n: number, secrets: { password: string; keyFile: string }, dl: string) {
  await rm(dl, { recursive: true, force: true });
  let r;
  if (proto === 'ftp') {
    r = await timed('lftp', ['-u', `${t.ftpUser},${secrets.password}`, '-p', String(t.ftpPort), '-e', `set ftp:ssl-allow no; set net:max-retries 2; mirror --parallel=${n} ${t.webRootFtp} ${dl}; bye`, t.host]);
  } else {
    const sshc = `ssh -a -x -i ${secrets.keyFile} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR`;
    r = await timed('lftp', ['-u', `${USER.name},`, '-p', String(t.sshPort), '-e', `set sftp:connect-program '${sshc}'; mirror --parallel=${n} ${t.webRootSsh} ${dl}; bye`, `sftp://${t.host}`]);
  }
  if (r.code !== 0) throw new Error(`lftp failed: ${r.stderr.slice(-600)}`);
  const counted = await countTree(dl);
  return { seconds: r.seconds, cpuSeconds: r.cpuSeconds, maxRssMb: r.maxRssMb, ...counted };
}

const USER = { name: '' };

/**
 * How our snapshot runs: bundled to plain JS with esbuild like the shipped app (no tsx loader or
 * source-map stack traces in the timed process); tsx when esbuild cannot be loaded.
 */
const RUNNER: { args: string[]; kind: string } = { args: ['--import', 'tsx', path.join(REPO, 'bench/support/run-snapshot.ts')], kind: 'tsx' };

async function bundleRunner(): Promise<void> {
  try {
    const esbuild = (await import('esbuild')) as typeof import('esbuild');
    const outfile = path.join(WORK, 'run-snapshot.mjs');
    await esbuild.build({
      entryPoints: [path.join(REPO, 'bench/support/run-snapshot.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile,
      logLevel: 'warning',
    });
    // Bare imports resolve from the repo's node_modules.
    const linked = path.join(REPO, '.cache', 'bench-run-snapshot.mjs');
    await mkdir(path.dirname(linked), { recursive: true });
    await writeFile(linked, await readFile(outfile));
    RUNNER.args = [linked];
    RUNNER.kind = 'bundled (esbuild)';
  } catch (err) {
    process.stderr.write(`bench: esbuild bundle failed, timing under tsx instead: ${(err as Error).message}\n`);
  }
}

async function matrix(link: Result['link'], t: Target, expect: { files: number; bytes: number }, repeat: number, secrets: { password: string; keyFile: string }, configs: string[]): Promise<Result[]> {
  const results = new Map<string, Result>();
  const add = (proto: Result['proto'], tool: string, seconds: number, cpu: number | null, files: number, bytes: number, rss?: number | null): void => {
    const key = `${proto}:${tool}`;
    const ok = files === expect.files && bytes === expect.bytes;
    const prev = results.get(key) ?? { link, proto, tool, seconds: [], cpu: [], files, bytes, ok: true };
    prev.seconds.push(seconds);
    if (cpu !== null) prev.cpu.push(cpu);
    prev.ok &&= ok;
    if (!ok) prev.note = `got ${files} files / ${bytes} B, expected ${expect.files} / ${expect.bytes}`;
    if (rss !== undefined && rss !== null) prev.maxRssMb = Math.max(prev.maxRssMb ?? 0, rss);
    results.set(key, prev);
  };
  const out = path.join(WORK, 'out');
  for (let i = 0; i < repeat; i += 1) {
    for (const c of configs) {
      const [proto, tool] = c.split(':') as ['ftp' | 'sftp', string];
      process.stderr.write(`  ${link} ${c} run ${i + 1}/${repeat} … `);
      try {
        if (tool === 'lftp4') {
          const r = await runLftp(t, proto, 4, secrets, out);
          add(proto, 'lftp N=4', r.seconds, r.cpuSeconds, r.files, r.bytes, r.maxRssMb);
          process.stderr.write(`${r.seconds.toFixed(1)} s, CPU ${r.cpuSeconds?.toFixed(1) ?? '?'} s\n`);
        } else {
          const n = Number(tool.replace(/\D/gu, '')) || 4;
          const tar = tool.startsWith('tar');
          const r = await runOurs(t, proto, n, tar, secrets, out);
          const label = tar ? 'ours ssh-tar' : proto === 'sftp' ? `ours ${n}×4` : `ours N=${n}`;
          if (tar && r.method !== 'ssh-tar') throw new Error('the tar fast path was not used');
          add(proto, label, r.seconds, r.cpuSeconds, r.complete ? r.files : -1, r.bytes, r.maxRssMb);
          process.stderr.write(`${r.seconds.toFixed(1)} s, CPU ${r.cpuSeconds?.toFixed(1) ?? '?'} s, ${r.maxRssMb.toFixed(0)} MB\n`);
        }
      } catch (err) {
        process.stderr.write(`FAILED: ${(err as Error).message}\n`);
        const key = `${proto}:${tool}`;
        results.set(key, { link, proto, tool, seconds: [], cpu: [], files: 0, bytes: 0, ok: false, note: (err as Error).message.slice(0, 200) });
      }
    }
  }
  await rm(out, { recursive: true, force: true });
  return [...results.values()];
}

function table(results: Result[], trees: Record<string, { files: number; bytes: number }>): string {
  const lines = [
    '| link | proto | tool | best s | slowest s | files/s | MB/s | client CPU s (min) | peak RSS MB | ratio vs lftp N=4 (best) | verified |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of results) {
    const tree = trees[r.link] ?? { files: 0, bytes: 0 };
    const best = r.seconds.length ? Math.min(...r.seconds) : NaN;
    const worst = r.seconds.length ? Math.max(...r.seconds) : NaN;
    const lftp = results.find((x) => x.link === r.link && x.proto === r.proto && x.tool === 'lftp N=4');
    const lbest = lftp && lftp.seconds.length ? Math.min(...lftp.seconds) : NaN;
    const ratio = r.tool === 'lftp N=4' ? '1.00' : Number.isFinite(lbest) && Number.isFinite(best) ? (best / lbest).toFixed(2) : '–';
    lines.push(
      `| ${r.link} | ${r.proto} | ${r.tool} | ${best.toFixed(1)} | ${worst.toFixed(1)} | ${(tree.files / best).toFixed(0)} | ${(tree.bytes / 1048576 / best).toFixed(1)} | ${r.cpu.length ? Math.min(...r.cpu).toFixed(1) : '–'} | ${r.maxRssMb !== undefined ? r.maxRssMb.toFixed(0) : '–'} | ${ratio} | ${r.ok ? 'yes' : `NO ${r.note ?? ''}`} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      repeat: { type: 'string', default: '2' },
      files: { type: 'string', default: '20000' },
      'no-rtt': { type: 'boolean' },
      'no-loopback': { type: 'boolean' },
      regen: { type: 'boolean' },
      json: { type: 'string' },
      /** Comma-separated subset, e.g. `ftp:ours4,ftp:lftp4` (tools: ours4, ours8, lftp4, tar4). */
      configs: { type: 'string' },
    },
  });
  const only = values.configs ? new Set(values.configs.split(',')) : null;
  const pick = (list: string[]): string[] => (only ? list.filter((c) => only.has(c)) : list);
  const repeat = Math.max(1, Number(values.repeat));
  const missing = debianServersMissing(['pure-ftpd', 'sshd']);
  if (missing) {
    process.stderr.write(`transfer bench: ${missing}\n`);
    process.exitCode = 2;
    return;
  }
  if (!existsSync('/usr/bin/lftp')) {
    process.stderr.write('transfer bench: lftp is not installed (apt-get install lftp).\n');
    process.exitCode = 2;
    return;
  }
  if (!existsSync(path.join(REPO, '.cache/debian/wordpress'))) await run('bash', [path.join(REPO, 'scripts/fetch-debian-fixtures.sh')]);

  await mkdir(WORK, { recursive: true });
  await chmod(WORK, 0o755);
  const marker = path.join(WORK, `tree-${values.files}.json`);
  if (values.regen || !existsSync(marker)) {
    process.stderr.write(`generating a ${values.files}-file WordPress tree in ${TREE} …\n`);
    const s = await makeWpTree(TREE, Number(values.files));
    await writeFile(marker, JSON.stringify(s));
  }
  const stats = await countTree(TREE);
  const admin = await countTree(path.join(TREE, 'wp-admin'));
  process.stderr.write(`tree: ${stats.files} files, ${(stats.bytes / 1048576).toFixed(1)} MB; wp-admin subset ${admin.files} files\n`);

  await bundleRunner();
  process.stderr.write(`our snapshot runs ${RUNNER.kind}\n`);
  const srv: DebianServers = await startDebianServers({ root: HOME, servers: ['pure-ftpd', 'sshd'] });
  USER.name = srv.user;
  const keyFile = path.join(WORK, 'bench_ed25519');
  await writeFile(keyFile, srv.sshd?.keys.ed25519.private ?? '', { mode: 0o600 });
  const secrets = { password: srv.password, keyFile };
  let exec: ExecSshd | null = null;
  const all: Result[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  try {
    exec = await startExecSshd({ user: srv.user, authorizedKeys: [srv.sshd?.keys.ed25519.public ?? ''] });
    if (!values['no-loopback']) {
      const t: Target = {
        host: '127.0.0.1',
        ftpPort: srv.pureFtpd?.port ?? 0,
        ftpUser: srv.pureUser,
        sshPort: srv.sshd?.port ?? 0,
        execPort: exec.port,
        webRootFtp: '/public_html',
        webRootSsh: TREE,
      };
      process.stderr.write('loopback, full tree:\n');
      all.push(...(await matrix('loopback', t, stats, repeat, secrets, pick(['ftp:ours4', 'ftp:lftp4', 'sftp:ours4', 'sftp:lftp4', 'sftp:tar4']))));
    }
    if (!values['no-rtt']) {
      const why = !existsSync('/dev/net/tun') ? 'no /dev/net/tun' : null;
      if (why) process.stderr.write(`rtt40 skipped: ${why}\n`);
      else try {
        await run('bash', [NETSIM, 'up', '20']);
        cleanups.push(async () => {
          await run('bash', [NETSIM, 'down']).catch(() => undefined);
        });
        const wrap = ['ip', 'netns', 'exec', 'wphost'];
        const pure: PureFtpd = await startPureFtpd({ unixUser: srv.user, virtualUser: srv.pureUser, password: srv.password, root: HOME, host: NS_ADDR, port: 2321, pasvBase: 33000, wrap });
        cleanups.unshift(() => pure.close());
        const nsSftp = await startExecSshd({ user: srv.user, authorizedKeys: [srv.sshd?.keys.ed25519.public ?? ''], listenAddress: NS_ADDR, port: 2222, wrap, forceInternalSftp: true });
        cleanups.unshift(() => nsSftp.close());
        const nsExec = await startExecSshd({ user: srv.user, authorizedKeys: [srv.sshd?.keys.ed25519.public ?? ''], listenAddress: NS_ADDR, port: 2223, wrap });
        cleanups.unshift(() => nsExec.close());
        const t: Target = {
          host: NS_ADDR,
          ftpPort: pure.port,
          ftpUser: srv.pureUser,
          sshPort: nsSftp.port,
          execPort: nsExec.port,
          webRootFtp: '/public_html/wp-admin',
          webRootSsh: path.join(TREE, 'wp-admin'),
        };
        process.stderr.write('40 ms RTT (netsim), wp-admin subset:\n');
        all.push(...(await matrix('rtt40', t, admin, Math.max(1, repeat - 1), secrets, pick(['ftp:ours4', 'ftp:lftp4', 'ftp:ours8', 'sftp:ours4', 'sftp:lftp4', 'sftp:tar4']))));
      } catch (err) {
        // The loopback figures are still worth printing when the netsim cannot run here.
        process.stderr.write(`rtt40 failed: ${(err as Error).message}\n`);
      }
    }
  } finally {
    for (const c of cleanups) await c().catch(() => undefined);
    await exec?.close();
    await srv.close();
  }
  const trees = { loopback: stats, rtt40: admin };
  const out = table(all, trees);
  process.stdout.write(`\nTransfer bench (snapshot = download; ${stats.files} files / ${(stats.bytes / 1048576).toFixed(1)} MB loopback, ${admin.files} files rtt40; ours ${RUNNER.kind})\n\n${out}\n`);
  const peak = Math.max(...all.filter((r) => r.tool.startsWith('ours')).map((r) => r.maxRssMb ?? 0));
  const ratios = all
    .filter((r) => r.tool === 'ours N=4' || r.tool === 'ours 4×4')
    .map((r) => {
      const l = all.find((x) => x.link === r.link && x.proto === r.proto && x.tool === 'lftp N=4');
      return { link: r.link, proto: r.proto, ratio: l && r.seconds.length && l.seconds.length ? Math.min(...r.seconds) / Math.min(...l.seconds) : NaN };
    });
  const load = (await readFile('/proc/loadavg', 'utf8').catch(() => '')).split(' ').slice(0, 3).join(' ');
  process.stdout.write(`\nLoad average at the end: ${load} (2 cores; wall times are noisy when other work runs, client CPU seconds less so)`);
  process.stdout.write(`\nPeak memory of our snapshot: ${peak.toFixed(0)} MB (target < 300 MB)\n`);
  for (const r of ratios) process.stdout.write(`Ratio ours/lftp (${r.link}, ${r.proto}, 4 connections): ${r.ratio.toFixed(2)} (target ≤ 1.0)\n`);
  if (values.json) await writeFile(values.json, JSON.stringify({ results: all, trees }, null, 2));
}

await main();
