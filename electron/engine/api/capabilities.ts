/**
 * Which wizard steps are backed by working engine code. A step whose capability is false is shown
 * visibly disabled in the wizard ("coming in a later version"), never faked. Flip a flag only in
 * the change that makes the step work end to end.
 */
export const CAPABILITIES = {
  demo: true,
  connect: true,
  snapshot: true,
  scan: true,
  cleanup: false,
  rebuild: false,
  upload: false,
  harden: false,
  report: false,
} as const;
