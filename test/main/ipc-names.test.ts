import { describe, expect, expectTypeOf, it } from 'vitest';

import { requests, type RequestChannel } from '../../shared/ipc/contract';
import { events, type EventName } from '../../shared/ipc/events';
import {
  EVENT_NAME_LIST,
  REQUEST_CHANNEL_NAMES,
  type EventNameString,
  type RequestChannelName,
} from '../../shared/ipc/names';

/**
 * The preload's allowlist (shared/ipc/names.ts) must equal the contract exactly: a missing name
 * makes a channel unusable from the UI, an extra one would expose a channel main does not serve.
 * Fix a failure with `npx tsx scripts/generate-ipc-names.ts`.
 */
const FIX = 'shared/ipc/names.ts is out of date: run `npx tsx scripts/generate-ipc-names.ts`';

describe('shared/ipc/names.ts', () => {
  it('lists exactly the request channels of the contract', () => {
    expect([...REQUEST_CHANNEL_NAMES].sort(), FIX).toEqual(Object.keys(requests).sort());
  });

  it('lists exactly the events of shared/ipc/events.ts', () => {
    expect([...EVENT_NAME_LIST].sort(), FIX).toEqual(Object.keys(events).sort());
  });

  it('has the same name types as the contract (checked by npm run typecheck)', () => {
    expectTypeOf<RequestChannelName>().toEqualTypeOf<RequestChannel>();
    expectTypeOf<EventNameString>().toEqualTypeOf<EventName>();
  });

  it('is frozen', () => {
    expect(Object.isFrozen(REQUEST_CHANNEL_NAMES)).toBe(true);
    expect(Object.isFrozen(EVENT_NAME_LIST)).toBe(true);
  });
});
