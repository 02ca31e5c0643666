import { z } from 'zod';

import { channel, Empty } from '../common';

/**
 * Sites: host presets, "Test connection", saved profiles (no secrets), pinned identities.
 *
 * A secret (password, or private key text + passphrase) travels only inside `site:test-connection`
 * and `site:save` requests; main stores it in the OS keychain on save and never sends it back.
 */
export const TransferProtocol = z.enum(['ftp', 'ftps', 'ftps-implicit', 'sftp']);
export type TransferProtocol = z.infer<typeof TransferProtocol>;

const Text = z.object({ ja: z.string(), en: z.string() }).strict();

export const SecretInput = z
  .object({
    password: z.string().max(1024).optional(),
    privateKey: z
      .string()
      .max(64 * 1024)
      .optional(),
    passphrase: z.string().max(1024).optional(),
  })
  .strict();
export type SecretInput = z.infer<typeof SecretInput>;

export const HostIdentityInfo = z
  .object({
    kind: z.enum(['ssh-host-key', 'tls-certificate', 'none']),
    fingerprint: z.string().max(200).nullable(),
    algorithm: z.string().max(100).optional(),
  })
  .strict();
export type HostIdentityInfo = z.infer<typeof HostIdentityInfo>;

export const WebRootInfo = z
  .object({
    path: z.string(),
    domain: z.string().nullable(),
    hasWordPress: z.boolean(),
    wpConfigAbove: z.string().nullable(),
    logDir: z.string().nullable(),
  })
  .strict();
export type WebRootInfo = z.infer<typeof WebRootInfo>;

export const PresetInfo = z
  .object({
    id: z.string(),
    name: Text,
    panel: Text,
    hostExample: z.string(),
    userLabel: Text,
    where: Text,
    protocols: z.array(
      z
        .object({
          protocol: TransferProtocol,
          port: z.number().int(),
          auth: z.enum(['password', 'key']),
          note: Text.optional(),
        })
        .strict(),
    ),
    hostPatterns: z.array(z.string()),
  })
  .strict();
export type PresetInfo = z.infer<typeof PresetInfo>;

/**
 * Things the owner should know about a connection that worked:
 * - plain-ftp: nothing is encrypted (password and files travel in clear text);
 * - keychain-unavailable: the secret is kept in memory for this session only;
 * - no-web-root: no known web-root layout was found, pick the folder by hand;
 * - untrusted-certificate-pinned: the certificate is self-signed/unknown and trusted because the
 *   owner confirmed its fingerprint.
 */
export const ConnectWarning = z.enum([
  'plain-ftp',
  'keychain-unavailable',
  'no-web-root',
  'untrusted-certificate-pinned',
]);
export type ConnectWarning = z.infer<typeof ConnectWarning>;

export const KeychainState = z.enum(['keychain', 'memory']);

export const SiteInfo = z
  .object({
    id: z.string(),
    label: z.string(),
    host: z.string(),
    port: z.number().int(),
    protocol: TransferProtocol,
    user: z.string(),
    auth: z.enum(['password', 'key']),
    preset: z.string(),
    webRoot: z.string().nullable(),
    logDir: z.string().nullable(),
    wpConfigAbove: z.string().nullable(),
    identity: HostIdentityInfo.extend({ pinnedAt: z.string() }).strict().nullable(),
    /** True for the embedded demo (not saved to disk). */
    demo: z.boolean(),
  })
  .strict();
export type SiteInfo = z.infer<typeof SiteInfo>;

const Host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[^\s/\\@:]+$|^\[[0-9a-fA-F:]+\]$/u, 'host name only, no scheme, path or user');

export const TestConnectionRequest = z
  .object({
    /** An existing site: its pinned identity applies, and its stored secret when `secret` is absent. */
    siteId: z.string().max(64).optional(),
    host: Host,
    port: z.number().int().min(1).max(65535),
    /** 'auto': FTPS first; plain FTP only when `allowPlainFtp` (the owner accepted the warning). */
    protocol: z.union([TransferProtocol, z.literal('auto')]),
    user: z.string().min(1).max(256),
    secret: SecretInput.optional(),
    preset: z.string().max(64),
    allowPlainFtp: z.boolean().optional(),
    /** A fingerprint the owner just confirmed (first contact with a self-signed certificate). */
    trustFingerprint: z.string().max(200).optional(),
  })
  .strict();
export type TestConnectionRequest = z.infer<typeof TestConnectionRequest>;

export const TestConnectionResult = z
  .object({
    protocol: TransferProtocol,
    identity: HostIdentityInfo,
    /** No identity pinned for this site yet: show the fingerprint and ask the owner to confirm. */
    firstContact: z.boolean(),
    home: z.string(),
    webRoots: z.array(WebRootInfo),
    warnings: z.array(ConnectWarning),
  })
  .strict();
export type TestConnectionResult = z.infer<typeof TestConnectionResult>;

export const SaveSiteRequest = z
  .object({
    /** Update this site; a new one is created when absent. */
    id: z.string().max(64).optional(),
    label: z.string().max(200).optional(),
    host: Host,
    port: z.number().int().min(1).max(65535),
    protocol: TransferProtocol,
    user: z.string().min(1).max(256),
    preset: z.string().max(64),
    webRoot: z.string().max(4096).nullable(),
    logDir: z.string().max(4096).nullable().optional(),
    wpConfigAbove: z.string().max(4096).nullable().optional(),
    /** The identity the owner confirmed; pinned with the site. */
    identity: HostIdentityInfo.nullable(),
    /** Stored in the keychain, never in the profile. Absent: keep the stored one. */
    secret: SecretInput.optional(),
  })
  .strict();

export const siteChannels = {
  'site:presets': channel(Empty, z.object({ presets: z.array(PresetInfo) }).strict()),
  'site:test-connection': channel(TestConnectionRequest, TestConnectionResult),
  'site:save': channel(
    SaveSiteRequest,
    z.object({ site: SiteInfo, keychain: KeychainState }).strict(),
  ),
  'site:list': channel(
    Empty,
    z
      .object({
        sites: z.array(SiteInfo),
        keychain: KeychainState,
        keychainReason: z.string().optional(),
      })
      .strict(),
  ),
  'site:forget': channel(
    z.object({ id: z.string().max(64) }).strict(),
    z.object({ forgotten: z.boolean(), secretDeleted: z.boolean() }).strict(),
  ),
  'site:pin-identity': channel(
    z.object({ id: z.string().max(64), identity: HostIdentityInfo }).strict(),
    z.object({ site: SiteInfo }).strict(),
  ),
} as const;
