import type { z } from 'zod';

import type { Result } from '../../../shared/errors';
import {
  isRequestChannel,
  requests,
  type RequestChannel,
  type Requests,
  type ResponseOf,
} from '../../../shared/ipc/contract';
import { RecoveryError, toIpcError } from '../errors';
import type { HandlerContext } from './services';

export type Handler<C extends RequestChannel> = (
  request: z.output<Requests[C]['request']>,
  ctx: HandlerContext,
) => Promise<ResponseOf<C>>;

/** One handler per channel; the type makes a missing handler a compile error. */
export type HandlerTable = { readonly [C in RequestChannel]: Handler<C> };
export type PartialHandlerTable<K extends RequestChannel> = { readonly [C in K]: Handler<C> };

/**
 * Validates and runs one request, always answering with a Result envelope.
 *
 * Used by both the Electron IPC registration and the loopback WebSocket bridge, so the renderer
 * cannot tell them apart. Unknown channels and malformed requests never reach a handler.
 */
export async function dispatch(
  table: HandlerTable,
  channelName: unknown,
  rawRequest: unknown,
  ctx: HandlerContext,
): Promise<Result<unknown>> {
  try {
    if (!isRequestChannel(channelName)) {
      throw new RecoveryError('invalid-request', `Unknown channel.`);
    }
    const spec = requests[channelName];
    const parsed = spec.request.safeParse(rawRequest);
    if (!parsed.success) {
      throw new RecoveryError('invalid-request', `Invalid request for ${channelName}.`, {
        detail: parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; '),
      });
    }
    const handler = table[channelName] as Handler<RequestChannel>;
    const value = await handler(parsed.data as never, ctx);
    const checked = spec.response.safeParse(value);
    if (!checked.success) {
      throw new Error(`Handler for ${channelName} returned an invalid response: ${checked.error.message}`);
    }
    return { ok: true, value: checked.data };
  } catch (err) {
    return { ok: false, error: toIpcError(err) };
  }
}
