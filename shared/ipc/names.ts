/**
 * The IPC channel and event names as plain strings, with no schemas attached.
 *
 * The sandboxed preload is bundled to CommonJS and must stay tiny: it imports these lists instead
 * of `contract.ts`/`events.ts` so zod never lands in the renderer's privileged context.
 * `test/main/ipc-names.test.ts` fails when these lists drift from the contract; regenerate them
 * with `npx tsx scripts/generate-ipc-names.ts` after adding a channel or event.
 */

/** Every request channel of `shared/ipc/contract.ts` (`requests`), sorted. */
export const REQUEST_CHANNEL_NAMES = Object.freeze([
  'app:info',
  'demo:start',
  'demo:stop',
  'job:cancel',
  'job:get',
  'job:list',
  'scan:add-vendor-zip',
  'scan:demo-host-list',
  'scan:get-findings',
  'scan:start',
  'site:forget',
  'site:list',
  'site:pin-identity',
  'site:presets',
  'site:save',
  'site:test-connection',
  'snapshot:export-zip',
  'snapshot:get',
  'snapshot:latest',
  'snapshot:start',
] as const);

/** Every main → renderer event of `shared/ipc/events.ts` (`events`), sorted. */
export const EVENT_NAME_LIST = Object.freeze(['job:finished', 'job:progress'] as const);

export type RequestChannelName = (typeof REQUEST_CHANNEL_NAMES)[number];
export type EventNameString = (typeof EVENT_NAME_LIST)[number];
