import { z } from 'zod';

import { channel, Empty, JobHandle, JobRef, JobSnapshot } from '../common';

export const Locale = z.enum(['ja', 'en']);
export type Locale = z.infer<typeof Locale>;

export const AppInfo = z
  .object({
    version: z.string(),
    /** Locale the OS prefers, mapped to one we ship. */
    osLocale: Locale,
    /** 'electron' when running in the desktop shell, 'browser' over the loopback bridge. */
    shell: z.enum(['electron', 'browser']),
    /** Which issues' capabilities are available; a step whose capability is false is shown disabled. */
    capabilities: z
      .object({
        demo: z.boolean(),
        connect: z.boolean(),
        snapshot: z.boolean(),
        scan: z.boolean(),
        cleanup: z.boolean(),
        rebuild: z.boolean(),
        upload: z.boolean(),
        harden: z.boolean(),
        report: z.boolean(),
      })
      .strict(),
  })
  .strict();
export type AppInfo = z.infer<typeof AppInfo>;

export const DemoInfo = z
  .object({
    /** ftp://user@127.0.0.1:port/path (no password). */
    url: z.string(),
    host: z.string(),
    port: z.number().int(),
    user: z.string(),
    webRoot: z.string(),
    wporgUrl: z.string(),
    /** The site profile main created for the demo; the password stays in main. */
    siteId: z.string(),
    files: z.number().int().nonnegative(),
    realWordPress: z.boolean(),
  })
  .strict();
export type DemoInfo = z.infer<typeof DemoInfo>;

export const appChannels = {
  'app:info': channel(Empty, AppInfo),
  'demo:start': channel(Empty, DemoInfo),
  'demo:stop': channel(Empty, z.object({ stopped: z.boolean() }).strict()),
  'job:cancel': channel(JobRef, z.object({ accepted: z.boolean() }).strict()),
  'job:get': channel(JobRef, JobSnapshot),
  'job:list': channel(Empty, z.object({ jobs: z.array(JobSnapshot) }).strict()),
} as const;

export { JobHandle };
