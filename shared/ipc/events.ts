import { z } from 'zod';

import { IpcErrorSchema, JobKind, JobProgress } from './common';

/** Main → renderer events. Payloads are validated before they are sent. */
export const events = {
  'job:progress': JobProgress,
  'job:finished': z
    .object({
      jobId: z.string(),
      kind: JobKind,
      status: z.enum(['succeeded', 'failed', 'cancelled']),
      result: z.unknown().optional(),
      error: IpcErrorSchema.optional(),
    })
    .strict(),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const EVENT_NAMES = Object.freeze(Object.keys(events) as EventName[]);

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
