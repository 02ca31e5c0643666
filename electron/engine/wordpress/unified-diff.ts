/**
 * A small unified diff (`diff -u` style) between a clean original and the file found on the
 * site, for the owner and support to see what was injected. Both sides are untrusted text for
 * display only. Cost is bounded: the common head and tail are skipped and the middle is compared
 * with an LCS table only when it is small; otherwise it is shown as one replaced block.
 */
const MAX_TABLE = 2_000_000;
const MAX_OUTPUT = 24_000;
const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; text: string; a: number; b: number };

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function middleOps(a: string[], b: string[], aOff: number, bOff: number): Op[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || n * m > MAX_TABLE) {
    return [
      ...a.map((t, i) => ({ kind: '-' as const, text: t, a: aOff + i, b: bOff })),
      ...b.map((t, j) => ({ kind: '+' as const, text: t, a: aOff + n, b: bOff + j })),
    ];
  }
  const w = m + 1;
  const dp = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i * w + j] = a[i] === b[j] ? (dp[(i + 1) * w + j + 1] as number) + 1 : Math.max(dp[(i + 1) * w + j] as number, dp[i * w + j + 1] as number);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i] as string, a: aOff + i, b: bOff + j });
      i++;
      j++;
    } else if (j < m && (i === n || (dp[i * w + j + 1] as number) >= (dp[(i + 1) * w + j] as number))) {
      ops.push({ kind: '+', text: b[j] as string, a: aOff + i, b: bOff + j });
      j++;
    } else {
      ops.push({ kind: '-', text: a[i] as string, a: aOff + i, b: bOff + j });
      i++;
    }
  }
  return ops;
}

/** Unified diff of `original` → `current`, labelled with `label`; '' when the texts are equal. */
export function unifiedDiff(original: string, current: string, label: string): string {
  const a = splitLines(original);
  const b = splitLines(current);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  if (pre === a.length && pre === b.length) return '';
  const ops: Op[] = [];
  for (let k = Math.max(0, pre - CONTEXT); k < pre; k++) ops.push({ kind: ' ', text: a[k] as string, a: k, b: k });
  ops.push(...middleOps(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf), pre, pre));
  for (let k = 0; k < suf; k++) {
    ops.push({ kind: ' ', text: a[a.length - suf + k] as string, a: a.length - suf + k, b: b.length - suf + k });
  }
  // Group into hunks with CONTEXT lines around changes.
  const out: string[] = [`--- original/${label}`, `+++ found/${label}`];
  let size = out.join('\n').length;
  let idx = 0;
  while (idx < ops.length) {
    while (idx < ops.length && ops[idx]!.kind === ' ') idx++;
    if (idx >= ops.length) break;
    let start = idx;
    let back = 0;
    while (start > 0 && ops[start - 1]!.kind === ' ' && back < CONTEXT) {
      start--;
      back++;
    }
    let end = idx;
    let lastChange = idx;
    while (end < ops.length) {
      if (ops[end]!.kind !== ' ') lastChange = end;
      else if (end - lastChange > CONTEXT * 2) break;
      end++;
    }
    end = Math.min(ops.length, lastChange + CONTEXT + 1);
    const hunk = ops.slice(start, end);
    const aLines = hunk.filter((o) => o.kind !== '+').length;
    const bLines = hunk.filter((o) => o.kind !== '-').length;
    const first = hunk[0]!;
    out.push(`@@ -${first.a + 1},${aLines} +${first.b + 1},${bLines} @@`);
    for (const o of hunk) {
      const line = `${o.kind}${o.text.length > 400 ? `${o.text.slice(0, 400)}… (${o.text.length} characters)` : o.text}`;
      size += line.length + 1;
      if (size > MAX_OUTPUT) {
        out.push('… (diff shortened)');
        return out.join('\n');
      }
      out.push(line);
    }
    idx = end;
  }
  return out.join('\n');
}
