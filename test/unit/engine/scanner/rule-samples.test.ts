import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { SEVERITY_RANK } from '../../../../electron/engine/scanner/rules/rule';
import { RULES, contextFromPath, scanFile } from '../../../../electron/engine/scanner/scan-file';
import type { Severity } from '../../../../electron/engine/scanner/types';

/**
 * Table-driven check of every rule against its own inert samples
 * (test/fixtures/samples/<rule-id>.json, base64 so the tree holds no live malware): each
 * positive must hit the rule at or above its severity, each negative must not hit it.
 */

type Sample = { path: string; b64: string; minSeverity?: Severity; maxSeverity?: Severity };
type SampleFile = { ruleId: string; positives: Sample[]; negatives: Sample[] };

const DIR = path.resolve(import.meta.dirname, '../../../fixtures/samples');
const files = new Map<string, SampleFile>(
  readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const data = JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as SampleFile;
      return [data.ruleId, data] as const;
    }),
);

/** Rules that are about the scan itself, not about content (tested elsewhere). */
const NOT_SAMPLED = new Set(['scan.timeout', 'scan.partial']);

function scan(sample: Sample) {
  const bytes = Buffer.from(sample.b64, 'base64');
  return scanFile({
    path: sample.path,
    bytes,
    size: bytes.length,
    mode: null,
    context: contextFromPath(sample.path),
  });
}

describe('rule catalogue', () => {
  it('has unique ids and complete ja/en texts', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.title.ja.length, r.id).toBeGreaterThan(3);
      expect(r.title.en.length, r.id).toBeGreaterThan(3);
      expect(r.explanation.ja.length, r.id).toBeGreaterThan(30);
      expect(r.explanation.en.length, r.id).toBeGreaterThan(30);
    }
  });

  it('every rule ships at least three positive and three negative samples', () => {
    for (const r of RULES) {
      if (NOT_SAMPLED.has(r.id)) continue;
      const f = files.get(r.id);
      expect(f, `samples for ${r.id}`).toBeDefined();
      expect(f?.positives.length ?? 0, r.id).toBeGreaterThanOrEqual(3);
      expect(f?.negatives.length ?? 0, r.id).toBeGreaterThanOrEqual(3);
    }
  });
});

describe.each(RULES.filter((r) => !NOT_SAMPLED.has(r.id)).map((r) => [r.id, r] as const))(
  '%s',
  (id, rule) => {
    const f = files.get(id);
    const positives = f?.positives ?? [];
    const negatives = f?.negatives ?? [];
    it.each(positives.map((s, i) => [i, s] as const))('positive #%i hits', (_i, s) => {
      const hit = scan(s).find((h) => h.ruleId === id);
      expect(hit, `${id} on ${s.path}`).toBeDefined();
      const min = s.minSeverity ?? rule.severity;
      expect(
        SEVERITY_RANK[hit?.severity ?? 'info'],
        `${id} severity on ${s.path}`,
      ).toBeGreaterThanOrEqual(SEVERITY_RANK[min]);
    });
    it.each(negatives.map((s, i) => [i, s] as const))('negative #%i does not hit', (_i, s) => {
      const hit = scan(s).find((h) => h.ruleId === id);
      if (s.maxSeverity !== undefined && hit) {
        expect(SEVERITY_RANK[hit.severity], `${id} on ${s.path}`).toBeLessThanOrEqual(
          SEVERITY_RANK[s.maxSeverity],
        );
      } else {
        expect(hit, `${id} must not hit ${s.path}: ${hit?.excerpt ?? ''}`).toBeUndefined();
      }
    });
  },
);
