import type { HandlerTable } from './dispatch';
import { appHandlers } from './handlers/app';
import { scanHandlers } from './handlers/scan';
import { siteHandlers } from './handlers/site';
import { snapshotHandlers } from './handlers/snapshot';

/** The complete handler table, shared by Electron IPC and the loopback bridge. */
export const handlerTable: HandlerTable = {
  ...appHandlers,
  ...scanHandlers,
  ...siteHandlers,
  ...snapshotHandlers,
};
