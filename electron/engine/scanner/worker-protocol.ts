import { scanFile } from './scan-file';
import type { FileContext, RuleHit } from './types';

/**
 * The scanner worker's message protocol, independent of the transport (worker_threads under
 * Node, utilityProcess in the app). The worker holds no credentials and no connections: it
 * receives file bytes, runs `scanFile()` and answers with the hits.
 */

export type ScanRequest = {
  readonly kind: 'scan';
  readonly id: number;
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly size: number;
  readonly mode: number | null;
  readonly context: FileContext;
  readonly timeBudgetMs?: number;
};

export type ScanResponse =
  | { readonly kind: 'ready' }
  | { readonly kind: 'result'; readonly id: number; readonly hits: RuleHit[] }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };

/** Handles one request message; never throws (bad input becomes an 'error' response). */
export function handleScanMessage(msg: unknown): ScanResponse {
  const m = msg as Partial<ScanRequest> | null;
  const id = typeof m?.id === 'number' ? m.id : -1;
  if (
    !m ||
    m.kind !== 'scan' ||
    typeof m.path !== 'string' ||
    !(m.bytes instanceof Uint8Array) ||
    typeof m.context !== 'object' ||
    m.context === null
  ) {
    return { kind: 'error', id, message: 'Malformed scan request.' };
  }
  try {
    const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
    const hits = scanFile(
      {
        path: m.path,
        bytes,
        size: typeof m.size === 'number' ? m.size : bytes.length,
        mode: typeof m.mode === 'number' ? m.mode : null,
        context: m.context,
      },
      m.timeBudgetMs !== undefined ? { timeBudgetMs: m.timeBudgetMs } : {},
    );
    return { kind: 'result', id, hits };
  } catch (err) {
    return { kind: 'error', id, message: err instanceof Error ? err.message : String(err) };
  }
}
