import type {
  ConnectWarning,
  HostIdentityInfo,
  SecretInput,
  SiteInfo,
  TestConnectionRequest,
  TestConnectionResult,
  TransferProtocol,
} from '../../../shared/ipc/channels/site';
import type { AppServices } from '../api/services';
import type { CredentialStore, StoredSecret } from '../credentials/credential-store';
import { openCredentialStore } from '../credentials/keyring-store';
import { RecoveryError } from '../errors';
import type { ConnectOptions } from '../transfer/connect';
import { connect } from '../transfer/connect';
import type { Transport } from '../transfer/transport';
import { discoverWebRoots, getHostPreset } from './host-presets';
import type { PinnedIdentity, SiteProfile, SiteStore } from './site-store';
import { createSiteStore, newSiteId } from './site-store';

/**
 * Site operations behind the `site:*` channels, plus what later steps need:
 * `connectOptionsForSite(services, siteId)` gives the snapshot/upload code everything to open a
 * pool (secret from the keychain, pinned identity), without the secret ever leaving main.
 *
 * The embedded demo (siteId 'demo') is read from the running demo (services.state 'demo', started
 * by `demo:start`); its random password stays in that object and is never saved.
 */
const CREDENTIALS_KEY = 'sites:credentials';
const STORE_KEY = 'sites:store';
const DEMO_STATE_KEY = 'demo';
const DEMO_OVERRIDES_KEY = 'sites:demo-overrides';
export const DEMO_SITE_ID = 'demo';
const SEEN_KEY = 'sites:seen-identities';

/**
 * Fingerprints main itself saw for an endpoint (in a test connection, or in the error that
 * reported a changed or untrusted identity). Only these can be pinned: the renderer cannot make
 * main trust a fingerprint no server presented.
 */
function seenIdentities(services: AppServices): Map<string, Set<string>> {
  let m = services.state.get(SEEN_KEY) as Map<string, Set<string>> | undefined;
  if (!m) {
    m = new Map();
    services.state.set(SEEN_KEY, m);
  }
  return m;
}
function endpointKey(host: string, port: number): string {
  return `${host.toLowerCase()}:${port}`;
}
function recordSeen(
  services: AppServices,
  host: string,
  port: number,
  fingerprint: string | null | undefined,
): void {
  if (!fingerprint) return;
  const m = seenIdentities(services);
  const key = endpointKey(host, port);
  const set = m.get(key) ?? new Set<string>();
  set.add(fingerprint);
  m.set(key, set);
}
function assertSeen(services: AppServices, host: string, port: number, fingerprint: string): void {
  if (!seenIdentities(services).get(endpointKey(host, port))?.has(fingerprint)) {
    throw new RecoveryError(
      'invalid-request',
      'This fingerprint was not presented by the server in this session; test the connection first.',
    );
  }
}

type DemoLike = { host: string; port: number; user: string; password: string; webRoot: string };

/** The app's credential store (the keychain, or memory for this session when none is reachable). */
export function credentialStoreFor(services: AppServices): Promise<CredentialStore> {
  let p = services.state.get(CREDENTIALS_KEY) as Promise<CredentialStore> | undefined;
  if (!p) {
    p = openCredentialStore();
    services.state.set(CREDENTIALS_KEY, p);
  }
  return p;
}

/** Lets a host process (or a test) supply its own credential store. */
export function setCredentialStore(services: AppServices, store: CredentialStore): void {
  services.state.set(CREDENTIALS_KEY, Promise.resolve(store));
}

function siteStoreFor(services: AppServices): SiteStore {
  let s = services.state.get(STORE_KEY) as SiteStore | undefined;
  if (!s) {
    s = createSiteStore(services.dataDir);
    services.state.set(STORE_KEY, s);
  }
  return s;
}

function runningDemo(services: AppServices): DemoLike | null {
  const d = services.state.get(DEMO_STATE_KEY) as Partial<DemoLike> | undefined;
  if (
    !d ||
    typeof d.host !== 'string' ||
    typeof d.port !== 'number' ||
    typeof d.password !== 'string'
  )
    return null;
  return d as DemoLike;
}

function demoProfile(services: AppServices): SiteProfile | null {
  const demo = runningDemo(services);
  if (!demo) return null;
  const overrides =
    (services.state.get(DEMO_OVERRIDES_KEY) as Partial<SiteProfile> | undefined) ?? {};
  const now = new Date(0).toISOString();
  return {
    id: DEMO_SITE_ID,
    label: 'Demo (example.jp)',
    host: demo.host,
    port: demo.port,
    protocol: 'ftp',
    user: demo.user,
    auth: 'password',
    preset: 'xserver',
    webRoot: null,
    logDir: null,
    wpConfigAbove: null,
    identity: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

function toSiteInfo(p: SiteProfile): SiteInfo {
  const { createdAt: _c, updatedAt: _u, ...rest } = p;
  return { ...rest, demo: p.id === DEMO_SITE_ID };
}

function cleanSecret(secret: SecretInput | undefined): StoredSecret | null {
  if (!secret) return null;
  const out: { password?: string; privateKey?: string; passphrase?: string } = {};
  if (secret.password) out.password = secret.password;
  if (secret.privateKey?.trim()) out.privateKey = secret.privateKey;
  if (secret.passphrase) out.passphrase = secret.passphrase;
  return out.password === undefined && out.privateKey === undefined ? null : out;
}

async function findSite(services: AppServices, id: string): Promise<SiteProfile | null> {
  if (id === DEMO_SITE_ID) return demoProfile(services);
  return siteStoreFor(services).get(id);
}

async function storedSecret(
  services: AppServices,
  site: SiteProfile,
): Promise<StoredSecret | null> {
  if (site.id === DEMO_SITE_ID) {
    const demo = runningDemo(services);
    return demo ? { password: demo.password } : null;
  }
  return (await credentialStoreFor(services)).get(site.id);
}

/**
 * Everything needed to open connections to a saved site (for the snapshot, cleanup and upload
 * steps): `connect(options)` or `createPool({ connect: (signal) => connect({ ...options, signal }) })`.
 */
export async function connectOptionsForSite(
  services: AppServices,
  siteId: string,
): Promise<{ site: SiteProfile; options: ConnectOptions }> {
  const site = await findSite(services, siteId);
  if (!site) throw new RecoveryError('invalid-request', 'No such site.');
  const secret = await storedSecret(services, site);
  if (!secret) {
    throw new RecoveryError(
      'keychain-unavailable',
      'The password for this site is not available; the owner must enter it again.',
      {
        params: { siteId },
      },
    );
  }
  return {
    site,
    options: {
      protocol: site.protocol,
      host: site.host,
      port: site.port,
      user: site.user,
      secret,
      pinnedFingerprint: site.identity?.fingerprint ?? null,
    },
  };
}

/**
 * "Test connection": connects (pinning rules apply), lists the web roots the preset's layout finds,
 * and disconnects. Every failure is a RecoveryError with an ErrorCode; nothing is written.
 */
export async function testConnection(
  services: AppServices,
  req: TestConnectionRequest,
  signal?: AbortSignal,
): Promise<TestConnectionResult> {
  const site = req.siteId ? await findSite(services, req.siteId) : null;
  if (req.siteId && !site) throw new RecoveryError('invalid-request', 'No such site.');
  const secret = cleanSecret(req.secret) ?? (site ? await storedSecret(services, site) : null);
  if (!secret)
    throw new RecoveryError('invalid-request', 'A password or a private key is needed to connect.');
  const pinned = site?.identity?.fingerprint ?? null;
  const trust = req.trustFingerprint?.trim() || null;
  const preset = getHostPreset(req.preset);
  const warnings: ConnectWarning[] = [];
  const keychain = await credentialStoreFor(services);
  if (keychain.status.kind === 'memory' && req.siteId !== DEMO_SITE_ID)
    warnings.push('keychain-unavailable');

  const attempt = (protocol: TransferProtocol): Promise<Transport> =>
    connectRecording({
      protocol,
      host: req.host,
      port: req.port,
      user: req.user,
      secret,
      pinnedFingerprint: pinned ?? trust,
      timeoutMs: 20_000,
      ...(signal ? { signal } : {}),
    });
  // Fingerprints in identity errors (tls-untrusted, host-key-changed) are what the owner may confirm.
  const connectRecording = async (options: ConnectOptions): Promise<Transport> => {
    try {
      const t = await connect(options);
      recordSeen(services, req.host, req.port, t.identity.fingerprint);
      return t;
    } catch (err) {
      if (err instanceof RecoveryError && typeof err.params?.fingerprint === 'string')
        recordSeen(services, req.host, req.port, err.params.fingerprint);
      throw err;
    }
  };

  let transport: Transport;
  if (req.protocol === 'auto') {
    try {
      transport = await attempt('ftps');
    } catch (err) {
      const e = err instanceof RecoveryError ? err : null;
      // Only a server that does not speak TLS at all may fall back, and only with consent.
      const noTls = e?.code === 'tls-failed';
      if (!noTls) throw err;
      if (!req.allowPlainFtp) {
        throw new RecoveryError('tls-failed', 'The server does not offer encrypted FTP (FTPS).', {
          params: { reason: 'not-supported', plainFtpAvailable: 'yes' },
          ...(e?.detail !== undefined ? { detail: e.detail } : {}),
          cause: err,
        });
      }
      transport = await attempt('ftp');
    }
  } else {
    if (req.protocol === 'ftp' && !req.allowPlainFtp && req.siteId !== DEMO_SITE_ID) {
      throw new RecoveryError(
        'invalid-request',
        'Plain FTP needs the owner to accept the warning first.',
        { params: { reason: 'plain-ftp-not-accepted' } },
      );
    }
    transport = await attempt(req.protocol);
  }
  try {
    if (transport.protocol === 'ftp' && req.siteId !== DEMO_SITE_ID) warnings.push('plain-ftp');
    if (trust && !pinned && transport.identity.fingerprint === trust)
      warnings.push('untrusted-certificate-pinned');
    const home = await transport.home();
    const webRoots = await discoverWebRoots(transport, preset, {
      home,
      ...(signal ? { signal } : {}),
    });
    if (webRoots.length === 0) warnings.push('no-web-root');
    const identity: HostIdentityInfo = {
      kind: transport.identity.kind,
      fingerprint: transport.identity.fingerprint,
      ...(transport.identity.algorithm ? { algorithm: transport.identity.algorithm } : {}),
    };
    return {
      protocol: transport.protocol,
      identity,
      firstContact: identity.kind !== 'none' && !pinned,
      home,
      webRoots,
      warnings,
    };
  } finally {
    await transport.close().catch(() => undefined);
  }
}

function pinned(identity: HostIdentityInfo | null): PinnedIdentity | null {
  if (!identity || identity.kind === 'none' || !identity.fingerprint) return null;
  return {
    kind: identity.kind,
    fingerprint: identity.fingerprint,
    ...(identity.algorithm ? { algorithm: identity.algorithm } : {}),
    pinnedAt: new Date().toISOString(),
  };
}

export type SaveSiteInput = {
  id?: string | undefined;
  label?: string | undefined;
  host: string;
  port: number;
  protocol: TransferProtocol;
  user: string;
  preset: string;
  webRoot: string | null;
  logDir?: string | null | undefined;
  wpConfigAbove?: string | null | undefined;
  identity: HostIdentityInfo | null;
  secret?: SecretInput | undefined;
};

/** Saves a profile (no secret in it) and puts the secret in the keychain. */
export async function saveSite(
  services: AppServices,
  input: SaveSiteInput,
): Promise<{ site: SiteInfo; keychain: 'keychain' | 'memory' }> {
  const keychain = await credentialStoreFor(services);
  if (input.id === DEMO_SITE_ID) {
    // The demo keeps its server and password; only the owner's choices are remembered, in memory.
    if (!runningDemo(services))
      throw new RecoveryError('invalid-request', 'The demo is not running.');
    services.state.set(DEMO_OVERRIDES_KEY, {
      webRoot: input.webRoot,
      logDir: input.logDir ?? null,
      wpConfigAbove: input.wpConfigAbove ?? null,
    });
    return {
      site: toSiteInfo(demoProfile(services) as SiteProfile),
      keychain: keychain.status.kind,
    };
  }
  const store = siteStoreFor(services);
  const existing = input.id ? await store.get(input.id) : null;
  if (input.id && !existing) throw new RecoveryError('invalid-request', 'No such site.');
  const secret = cleanSecret(input.secret);
  if (!existing && !secret)
    throw new RecoveryError(
      'invalid-request',
      'A password or a private key is needed to save a new site.',
    );
  const previousPin = existing?.identity ?? null;
  const newPin = pinned(input.identity);
  if (newPin?.fingerprint && newPin.fingerprint !== previousPin?.fingerprint)
    assertSeen(services, input.host, input.port, newPin.fingerprint);
  if (
    previousPin?.fingerprint &&
    newPin?.fingerprint &&
    previousPin.fingerprint !== newPin.fingerprint
  ) {
    // A changed identity is never accepted silently through save: it goes through site:pin-identity.
    throw new RecoveryError(
      'host-key-changed',
      'The server identity differs from the pinned one.',
      { params: { fingerprint: newPin.fingerprint } },
    );
  }
  const now = new Date().toISOString();
  const id = existing?.id ?? newSiteId();
  const auth = secret ? (secret.privateKey ? 'key' : 'password') : (existing?.auth ?? 'password');
  const profile: SiteProfile = {
    id,
    label: input.label?.trim() || `${input.user}@${input.host}`,
    host: input.host,
    port: input.port,
    protocol: input.protocol,
    user: input.user,
    auth,
    preset: getHostPreset(input.preset).id,
    webRoot: input.webRoot,
    logDir: input.logDir ?? null,
    wpConfigAbove: input.wpConfigAbove ?? null,
    identity: previousPin ?? newPin,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  if (secret) await keychain.set(id, secret);
  await store.put(profile);
  return { site: toSiteInfo(profile), keychain: keychain.status.kind };
}

/** All saved sites (the running demo first). */
export async function listSites(
  services: AppServices,
): Promise<{ sites: SiteInfo[]; keychain: 'keychain' | 'memory'; keychainReason?: string }> {
  const keychain = await credentialStoreFor(services);
  const demo = demoProfile(services);
  const saved = await siteStoreFor(services).list();
  return {
    sites: [...(demo ? [demo] : []), ...saved].map(toSiteInfo),
    keychain: keychain.status.kind,
    ...(keychain.status.kind === 'memory'
      ? { keychainReason: keychain.status.reason.slice(0, 300) }
      : {}),
  };
}

/** Removes the profile and its keychain entry. */
export async function forgetSite(
  services: AppServices,
  id: string,
): Promise<{ forgotten: boolean; secretDeleted: boolean }> {
  if (id === DEMO_SITE_ID) {
    services.state.delete(DEMO_OVERRIDES_KEY);
    return { forgotten: false, secretDeleted: false };
  }
  const forgotten = await siteStoreFor(services).remove(id);
  const secretDeleted = await (await credentialStoreFor(services)).delete(id);
  return { forgotten, secretDeleted };
}

/** The owner confirmed a (new) identity for a saved site, e.g. after the host renewed its certificate. */
export async function pinIdentity(
  services: AppServices,
  id: string,
  identity: HostIdentityInfo,
): Promise<{ site: SiteInfo }> {
  if (id === DEMO_SITE_ID)
    throw new RecoveryError('invalid-request', 'The demo site has no identity to pin.');
  const store = siteStoreFor(services);
  const site = await store.get(id);
  if (!site) throw new RecoveryError('invalid-request', 'No such site.');
  const pin = pinned(identity);
  if (!pin?.fingerprint)
    throw new RecoveryError('invalid-request', 'There is no fingerprint to pin.');
  assertSeen(services, site.host, site.port, pin.fingerprint);
  const updated = await store.put({ ...site, identity: pin, updatedAt: new Date().toISOString() });
  return { site: toSiteInfo(updated) };
}
