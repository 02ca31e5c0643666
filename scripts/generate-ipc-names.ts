/**
 * Regenerates shared/ipc/names.ts from the IPC contract and events.
 *
 * The sandboxed preload imports only these plain name lists (no zod); run this after adding a
 * channel or an event: `npx tsx scripts/generate-ipc-names.ts`. test/main/ipc-names.test.ts fails
 * while the lists are out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { requests } from '../shared/ipc/contract';
import { events } from '../shared/ipc/events';

const target = fileURLToPath(new URL('../shared/ipc/names.ts', import.meta.url));

function formatList(names: string[]): string {
  const oneLine = `Object.freeze([${names.map((n) => `'${n}'`).join(', ')}] as const)`;
  if (oneLine.length <= 70) return oneLine;
  return `Object.freeze([\n${names.map((n) => `  '${n}',`).join('\n')}\n] as const)`;
}

const source = readFileSync(target, 'utf8');
const updated = source
  .replace(
    /export const REQUEST_CHANNEL_NAMES = Object\.freeze\(\[[\s\S]*?\] as const\);/,
    `export const REQUEST_CHANNEL_NAMES = ${formatList(Object.keys(requests).sort())};`,
  )
  .replace(
    /export const EVENT_NAME_LIST = Object\.freeze\(\[[\s\S]*?\] as const\);/,
    `export const EVENT_NAME_LIST = ${formatList(Object.keys(events).sort())};`,
  );
if (updated === source) {
  process.stdout.write('shared/ipc/names.ts is up to date\n');
} else {
  writeFileSync(target, updated);
  process.stdout.write('updated shared/ipc/names.ts\n');
}
