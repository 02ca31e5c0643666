import type { Result } from '../errors';
import type { RequestChannel, RequestOf, ResponseOf } from './contract';
import type { EventName, EventPayload } from './events';

/**
 * The shape of `window.recovery`, exposed by the Electron preload (and mirrored by the browser
 * bridge client) — the renderer's only door to main.
 *
 * Type-only: importing it pulls no runtime code (the sandboxed preload must not bundle zod).
 * The renderer augments `Window` with it in its own `.d.ts`.
 */
export type RecoveryApi = {
  /** Sends one request object on a contract channel; always resolves with a Result envelope. */
  readonly invoke: <C extends RequestChannel>(
    channel: C,
    request: RequestOf<C>,
  ) => Promise<Result<ResponseOf<C>>>;
  /** Listens to one main → renderer event; returns the function that removes the listener. */
  readonly on: <E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ) => () => void;
};
