import type { z } from 'zod';

import { appChannels } from './channels/app';
import { scanChannels } from './channels/scan';
import { siteChannels } from './channels/site';
import { snapshotChannels } from './channels/snapshot';

/**
 * The one IPC contract. Each domain owns a file in ./channels; this object merges them.
 *
 * Keys are the channel names (`domain:action`). Main and the loopback bridge validate every request
 * with `request` (strict objects: unknown keys are rejected) before any handler runs.
 */
export const requests = {
  ...appChannels,
  ...scanChannels,
  ...siteChannels,
  ...snapshotChannels,
} as const;

export type Requests = typeof requests;
export type RequestChannel = keyof Requests;
export type RequestOf<C extends RequestChannel> = z.input<Requests[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<Requests[C]['response']>;

export const REQUEST_CHANNELS = Object.freeze(Object.keys(requests) as RequestChannel[]);

export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}
