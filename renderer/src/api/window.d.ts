import type { RecoveryApi } from '../../../shared/ipc/recovery-api';

/** `window.recovery` exists only in the Electron shell, set by the preload from the contract. */
declare global {
  interface Window {
    readonly recovery?: RecoveryApi;
  }
}

export type { RecoveryApi };
