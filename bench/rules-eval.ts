/**
 * Quick evaluation of the per-file rules (no integrity checks): recall on our own malware corpus
 * and false positives on clean code from Debian packages.
 *
 *   npx tsx bench/rules-eval.ts [--verbose]
 *
 * Malware: bench/corpus/malware/samples.jsonl ({id, family, path, b64}); a sample counts as
 * detected when any hit is at medium or above. Clean: every regular file under .cache/debian
 * (run `bash scripts/fetch-debian-fixtures.sh` first); a clean file with a hit at medium or above
 * is a false positive. Files are scanned with the context their path implies.
 */
import { readFileSync, existsSync } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { contextFromPath, scanFile } from '../electron/engine/scanner/scan-file';
import { SEVERITY_RANK } from '../electron/engine/scanner/rules/rule';
import type { RuleHit } from '../electron/engine/scanner/types';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = path.join(ROOT, 'bench/corpus/malware/samples.jsonl');
const DEBIAN = path.join(ROOT, '.cache/debian');
const verbose = process.argv.includes('--verbose');

type Sample = { id: string; family: string; path: string; b64: string };

const serious = (hits: RuleHit[]): RuleHit[] =>
  hits.filter((h) => SEVERITY_RANK[h.severity] >= SEVERITY_RANK.medium);

function evalMalware(): { detected: number; total: number } {
  if (!existsSync(CORPUS)) {
    console.log('No malware corpus at', CORPUS);
    return { detected: 0, total: 0 };
  }
  const samples = readFileSync(CORPUS, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Sample);
  const perFamily = new Map<string, { total: number; hit: number; missed: string[] }>();
  for (const s of samples) {
    const bytes = Buffer.from(s.b64, 'base64');
    const hits = serious(
      scanFile({
        path: s.path,
        bytes,
        size: bytes.length,
        mode: null,
        context: contextFromPath(s.path),
      }),
    );
    const f = perFamily.get(s.family) ?? { total: 0, hit: 0, missed: [] };
    f.total++;
    if (hits.length > 0) f.hit++;
    else f.missed.push(`${s.id} (${s.path})`);
    perFamily.set(s.family, f);
    if (verbose) console.log(s.id, hits.map((h) => `${h.ruleId}:${h.severity}`).join(' '));
  }
  let total = 0;
  let detected = 0;
  console.log('\nRecall per family (hit at medium or above):');
  for (const [fam, f] of [...perFamily].sort()) {
    total += f.total;
    detected += f.hit;
    console.log(`  ${fam.padEnd(14)} ${f.hit}/${f.total}`);
    for (const m of f.missed) console.log(`      missed: ${m}`);
  }
  console.log(
    `  TOTAL          ${detected}/${total} = ${((100 * detected) / Math.max(1, total)).toFixed(1)}%`,
  );
  return { detected, total };
}

async function* walk(dir: string): AsyncGenerator<string> {
  for (const name of await readdir(dir)) {
    const full = path.join(dir, name);
    const st = await lstat(full);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) yield* walk(full);
    else if (st.isFile()) yield full;
  }
}

async function evalClean(): Promise<void> {
  if (!existsSync(DEBIAN)) {
    console.log('No Debian fixtures: run `bash scripts/fetch-debian-fixtures.sh` first.');
    return;
  }
  let files = 0;
  let phpFiles = 0;
  let jsFiles = 0;
  let bytes = 0;
  const fps: string[] = [];
  let phpFp = 0;
  let jsFp = 0;
  const lowHits = new Map<string, number>();
  const started = Date.now();
  for (const pkg of (await readdir(DEBIAN)).sort()) {
    if (pkg === 'debs') continue;
    const pkgDir = path.join(DEBIAN, pkg);
    for await (const full of walk(pkgDir)) {
      const rel = path.relative(pkgDir, full).split(path.sep).join('/');
      if (rel.startsWith('usr/share/doc/')) continue;
      const buf = await readFile(full);
      files++;
      bytes += buf.length;
      const isPhp = /\.(?:php\d?|phtml|inc)$/i.test(rel);
      const isJs = /\.m?js$/i.test(rel);
      if (isPhp) phpFiles++;
      if (isJs) jsFiles++;
      const app = /^usr\/share\/(phpmyadmin|roundcube|php)\//.exec(rel);
      const ctx = contextFromPath(rel, app ? `usr/share/${app[1]}` : undefined);
      const hits = scanFile({ path: rel, bytes: buf, size: buf.length, mode: null, context: ctx });
      const bad = serious(hits);
      for (const h of hits)
        if (!bad.includes(h)) lowHits.set(h.ruleId, (lowHits.get(h.ruleId) ?? 0) + 1);
      if (bad.length > 0) {
        if (isPhp) phpFp++;
        if (isJs) jsFp++;
        fps.push(
          `${pkg}/${rel}: ${bad.map((h) => `${h.ruleId}:${h.severity}@${h.line ?? '-'} ${JSON.stringify((h.excerpt ?? '').slice(0, 80))}`).join(', ')}`,
        );
      }
    }
  }
  const secs = (Date.now() - started) / 1000;
  console.log(
    `\nClean Debian files: ${files} (${phpFiles} PHP, ${jsFiles} JS, ${(bytes / 1e6).toFixed(1)} MB) in ${secs.toFixed(1)} s`,
  );
  console.log(
    `False positives at medium or above: ${fps.length} files; PHP ${phpFp}/${phpFiles} = ${((100 * phpFp) / Math.max(1, phpFiles)).toFixed(2)}%; JS ${jsFp}/${jsFiles}`,
  );
  for (const f of fps) console.log('  FP', f);
  if (lowHits.size > 0) console.log('Low/info hits on clean files:', Object.fromEntries(lowHits));
}

const mal = evalMalware();
await evalClean();
if (mal.total > 0) console.log(`\nRecall: ${mal.detected}/${mal.total}`);
