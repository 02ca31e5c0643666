import {
  useEffect,
  useMemo,
  useState,
  type ChangeEvent,
  type FormEvent,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '../../../../../shared/errors';
import type {
  PresetInfo,
  SecretInput,
  SiteInfo,
  TestConnectionRequest,
  TestConnectionResult,
  TransferProtocol,
} from '../../../../../shared/ipc/channels/site';
import {
  forgetSite,
  getSitePresets,
  listSites,
  pinSiteIdentity,
  saveSite,
  testSiteConnection,
  toDisplayError,
  IpcFailure,
} from '../../../api/recovery-client';
import { ErrorPanel } from '../../../components/error-panel';
import { UntrustedText } from '../../../components/untrusted-text';
import type { StepViewProps } from '../index';
import './connect.css';

type ProtocolChoice = TransferProtocol | 'auto';
const PROTOCOL_CHOICES: readonly ProtocolChoice[] = [
  'auto',
  'sftp',
  'ftps',
  'ftps-implicit',
  'ftp',
];
const DEFAULT_PORT: Record<ProtocolChoice, number> = {
  auto: 21,
  ftps: 21,
  ftp: 21,
  'ftps-implicit': 990,
  sftp: 22,
};

/** The port a preset names for a protocol ('auto' means FTPS), else the protocol's default. */
export function portFor(preset: PresetInfo | undefined, protocol: ProtocolChoice): number {
  const wanted = protocol === 'auto' ? 'ftps' : protocol;
  return preset?.protocols.find((p) => p.protocol === wanted)?.port ?? DEFAULT_PORT[protocol];
}

type Consent =
  | { kind: 'plain-ftp' }
  | { kind: 'certificate'; fingerprint: string }
  | { kind: 'identity-changed'; fingerprint: string };

/** What a failed test asks of the owner before retrying, if anything. */
export function consentNeeded(error: IpcError): Consent | null {
  if (error.code === 'tls-failed' && error.params?.plainFtpAvailable === 'yes')
    return { kind: 'plain-ftp' };
  if (error.code === 'invalid-request' && error.params?.reason === 'plain-ftp-not-accepted')
    return { kind: 'plain-ftp' };
  if (error.code === 'tls-untrusted' && typeof error.params?.fingerprint === 'string') {
    return { kind: 'certificate', fingerprint: error.params.fingerprint };
  }
  return null;
}

/** The preset whose host pattern matches what the owner typed (e.g. sv123.xserver.jp → XServer). */
export function presetForHost(presets: readonly PresetInfo[], host: string): PresetInfo | null {
  const h = host.trim().toLowerCase();
  if (h === '') return null;
  return (
    presets.find((p) =>
      p.hostPatterns.some((re) => {
        try {
          return new RegExp(re, 'iu').test(h);
        } catch {
          return false;
        }
      }),
    ) ?? null
  );
}

/** Groups a hex fingerprint in pairs for reading aloud; SSH fingerprints stay as they are. */
export function formatFingerprint(fp: string): string {
  return /^[0-9a-f]{64}$/iu.test(fp) ? (fp.toUpperCase().match(/.{2}/gu) ?? []).join(':') : fp;
}

/**
 * Connect step: the demo site in one click, or the owner's server (host preset, host, connection
 * type, user, password or key file). "Test connection" explains every failure in plain words,
 * asks before plain FTP or an unknown certificate, shows the server's fingerprint on first contact
 * for the owner to confirm, and lists the web roots found. Saving puts the secret in the keychain
 * (main side); the secret lives in this screen's memory only until then.
 */
export function StepView({ state, dispatch }: StepViewProps): ReactNode {
  const { t, i18n } = useTranslation('connect');
  const locale = i18n.language === 'ja' ? 'ja' : 'en';
  const demo = state.demo.kind === 'ready' ? state.demo.demo : null;
  const completed = state.completed.connect;

  const [presets, setPresets] = useState<PresetInfo[]>([]);
  const [presetId, setPresetId] = useState('xserver');
  const [host, setHost] = useState('');
  const [protocol, setProtocol] = useState<ProtocolChoice>('auto');
  const [port, setPort] = useState(21);
  const [user, setUser] = useState('');
  const [authKind, setAuthKind] = useState<'password' | 'key'>('password');
  const [password, setPassword] = useState('');
  const [privateKey, setPrivateKey] = useState<string | null>(null);
  const [keyNote, setKeyNote] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');

  const [usingDemo, setUsingDemo] = useState(false);
  const [busy, setBusy] = useState<'testing' | 'saving' | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [consent, setConsent] = useState<Consent | null>(null);
  const [allowPlainFtp, setAllowPlainFtp] = useState(false);
  const [trustFingerprint, setTrustFingerprint] = useState<string | null>(null);
  const [result, setResult] = useState<TestConnectionResult | null>(null);
  const [identityConfirmed, setIdentityConfirmed] = useState(false);
  const [rootChoice, setRootChoice] = useState<string>('');
  const [manualRoot, setManualRoot] = useState('');
  const [savedKeychain, setSavedKeychain] = useState<'keychain' | 'memory' | null>(null);
  const [savedSites, setSavedSites] = useState<SiteInfo[]>([]);
  /** A saved site being reconnected with its stored secret (no password typed). */
  const [savedSite, setSavedSite] = useState<SiteInfo | null>(null);
  const [changeConfirmed, setChangeConfirmed] = useState(false);

  useEffect(() => {
    let live = true;
    getSitePresets()
      .then((r) => {
        if (live) setPresets(r.presets);
      })
      .catch((err: unknown) => {
        if (live) setError(toDisplayError(err));
      });
    listSites()
      .then((r) => {
        if (live) setSavedSites(r.sites.filter((s) => !s.demo));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const preset = useMemo(() => presets.find((p) => p.id === presetId), [presets, presetId]);

  const choosePreset = (id: string): void => {
    setPresetId(id);
    const p = presets.find((x) => x.id === id);
    const first = p?.protocols[0];
    // SFTP-first hosts (XServer) usually need a key the owner may not have yet: keep FTPS as the default.
    setProtocol('auto');
    setPort(portFor(p, 'auto'));
    if (first?.auth === 'key' && first.protocol === 'sftp') setAuthKind('password');
  };
  const chooseProtocol = (value: ProtocolChoice): void => {
    setProtocol(value);
    setPort(portFor(preset, value));
    if (value !== 'sftp') setAuthKind('password');
  };

  const secret = (): SecretInput => {
    if (authKind === 'key' && privateKey !== null)
      return { privateKey, ...(passphrase !== '' ? { passphrase } : {}) };
    return { password };
  };

  const resetResult = (): void => {
    setResult(null);
    setIdentityConfirmed(false);
    setSavedKeychain(null);
  };

  const runTest = async (
    overrides: {
      demo?: boolean;
      allowPlain?: boolean;
      trust?: string | null;
      site?: SiteInfo | null;
    } = {},
  ): Promise<void> => {
    const viaDemo = overrides.demo ?? usingDemo;
    const viaSaved = overrides.site === undefined ? savedSite : overrides.site;
    const plain = overrides.allowPlain ?? allowPlainFtp;
    const trust = overrides.trust === undefined ? trustFingerprint : overrides.trust;
    setError(null);
    setConsent(null);
    resetResult();
    setBusy('testing');
    const request: TestConnectionRequest =
      viaDemo && demo
        ? {
            siteId: demo.siteId,
            host: demo.host,
            port: demo.port,
            protocol: 'ftp',
            user: demo.user,
            preset: 'xserver',
          }
        : viaSaved
          ? {
              siteId: viaSaved.id,
              host: viaSaved.host,
              port: viaSaved.port,
              protocol: viaSaved.protocol,
              user: viaSaved.user,
              preset: viaSaved.preset,
              // The owner accepted plain FTP when saving this site.
              ...(viaSaved.protocol === 'ftp' ? { allowPlainFtp: true } : {}),
            }
          : {
              host: host.trim(),
              port,
              protocol,
              user: user.trim(),
              preset: presetId,
              secret: secret(),
              ...(plain ? { allowPlainFtp: true } : {}),
              ...(trust ? { trustFingerprint: trust } : {}),
            };
    try {
      const r = await testSiteConnection(request);
      setResult(r);
      // A saved site's root, or the demo's hacked site, is preselected; else the best candidate.
      const wanted = viaDemo && demo ? demo.webRoot : (viaSaved?.webRoot ?? null);
      const remembered = wanted ? r.webRoots.find((w) => w.path === wanted) : undefined;
      const best = remembered ?? r.webRoots[0];
      if (viaSaved?.webRoot && !remembered) {
        setRootChoice('__manual__');
        setManualRoot(viaSaved.webRoot);
      } else {
        setRootChoice(best ? best.path : '__manual__');
        setManualRoot(best ? '' : r.home);
      }
    } catch (err) {
      const e = toDisplayError(err);
      const needed = err instanceof IpcFailure ? consentNeeded(e) : null;
      if (needed && !viaDemo) setConsent(needed);
      else setError(e);
      // A saved site whose server identity changed: besides the error, offer the checked way on.
      if (e.code === 'host-key-changed' && viaSaved && typeof e.params?.fingerprint === 'string') {
        setConsent({ kind: 'identity-changed', fingerprint: e.params.fingerprint });
      }
    } finally {
      setBusy(null);
    }
  };

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    setUsingDemo(false);
    setSavedSite(null);
    void runTest({ demo: false, site: null });
  };

  const onForget = async (site: SiteInfo): Promise<void> => {
    try {
      await forgetSite(site.id);
      setSavedSites((list) => list.filter((s) => s.id !== site.id));
      if (savedSite?.id === site.id) {
        setSavedSite(null);
        resetResult();
      }
    } catch (err) {
      setError(toDisplayError(err));
    }
  };

  const acceptChangedIdentity = async (site: SiteInfo, fingerprint: string): Promise<void> => {
    setError(null);
    try {
      const kind = site.protocol === 'sftp' ? 'ssh-host-key' : 'tls-certificate';
      const { site: updated } = await pinSiteIdentity({
        id: site.id,
        identity: { kind, fingerprint },
      });
      setSavedSites((list) => list.map((s) => (s.id === updated.id ? updated : s)));
      setSavedSite(updated);
      setChangeConfirmed(false);
      await runTest({ demo: false, site: updated });
    } catch (err) {
      setError(toDisplayError(err));
    }
  };

  const onHostChange = (value: string): void => {
    setHost(value);
    const match = presetForHost(presets, value);
    if (match && match.id !== presetId) choosePreset(match.id);
  };

  const onKeyFile = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = e.target.files?.[0];
    if (!file) return;
    try {
      // Read here and sent only inside the test/save requests; never stored in the browser.
      const text = await file.text();
      if (!/PRIVATE KEY/u.test(text)) throw new Error('not a key');
      setPrivateKey(text);
      setKeyNote(t('form.keyLoaded', { name: file.name }));
    } catch {
      setPrivateKey(null);
      setKeyNote(t('form.keyUnreadable'));
    }
  };

  const selectedRoot = rootChoice === '__manual__' ? manualRoot.trim() : rootChoice;
  const chosen = result?.webRoots.find((r) => r.path === rootChoice) ?? null;
  const needsConfirm = result !== null && result.firstContact && result.identity.kind !== 'none';
  const canSave =
    result !== null &&
    selectedRoot.startsWith('/') &&
    (!needsConfirm || identityConfirmed) &&
    busy === null;

  const onSave = async (): Promise<void> => {
    if (!result) return;
    setError(null);
    setBusy('saving');
    try {
      const viaDemo = usingDemo && demo !== null;
      const viaSaved = !viaDemo ? savedSite : null;
      const saved = await saveSite({
        ...(viaDemo ? { id: demo.siteId } : viaSaved ? { id: viaSaved.id } : {}),
        host: viaDemo ? demo.host : viaSaved ? viaSaved.host : host.trim(),
        port: viaDemo ? demo.port : viaSaved ? viaSaved.port : port,
        protocol: result.protocol,
        user: viaDemo ? demo.user : viaSaved ? viaSaved.user : user.trim(),
        preset: viaDemo ? 'xserver' : viaSaved ? viaSaved.preset : presetId,
        webRoot: selectedRoot,
        logDir: chosen?.logDir ?? null,
        wpConfigAbove: chosen?.wpConfigAbove ?? null,
        identity: result.identity.kind === 'none' ? null : result.identity,
        ...(viaDemo || viaSaved ? {} : { secret: secret() }),
      });
      // The secret now lives in main (keychain or session memory); drop this screen's copy.
      setPassword('');
      setPrivateKey(null);
      setPassphrase('');
      setSavedKeychain(saved.keychain);
      dispatch({
        type: 'step-completed',
        step: 'connect',
        outcome: { siteId: saved.site.id, webRoot: saved.site.webRoot, demo: saved.site.demo },
      });
    } catch (err) {
      setError(toDisplayError(err));
    } finally {
      setBusy(null);
    }
  };

  const protocolLabel = (p: ProtocolChoice): string => t(`protocols.${p}`);

  return (
    <div className="connect-step">
      <p>{t('intro')}</p>

      {demo && (
        <section aria-labelledby="connect-demo-title" className="connect-demo">
          <h2 id="connect-demo-title">{t('demo.heading')}</h2>
          <p>{t('demo.body', { host: demo.host, port: demo.port })}</p>
          <button
            type="button"
            className="button button-primary"
            disabled={busy !== null}
            onClick={() => {
              setUsingDemo(true);
              setSavedSite(null);
              void runTest({ demo: true, site: null });
            }}
          >
            {t('demo.use')}
          </button>
        </section>
      )}

      {savedSites.length > 0 && (
        <section aria-labelledby="connect-saved-title" className="connect-demo">
          <h2 id="connect-saved-title">{t('savedSites.heading')}</h2>
          <p className="note">{t('savedSites.help')}</p>
          <ul className="connect-saved-list">
            {savedSites.map((site) => (
              <li key={site.id}>
                <UntrustedText value={site.label} maxLength={60} /> ({protocolLabel(site.protocol)})
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={busy !== null}
                  onClick={() => {
                    setUsingDemo(false);
                    setSavedSite(site);
                    void runTest({ demo: false, site });
                  }}
                >
                  {t('savedSites.use')}
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={busy !== null}
                  onClick={() => void onForget(site)}
                >
                  {t('savedSites.forget')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <form className="connect-form" aria-labelledby="connect-form-title" onSubmit={onSubmit}>
        <h2 id="connect-form-title">{t('form.heading')}</h2>
        <p>
          <label htmlFor="connect-preset">{t('form.preset')}</label>
          <select
            id="connect-preset"
            value={presetId}
            onChange={(e) => choosePreset(e.target.value)}
          >
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name[locale]}
              </option>
            ))}
          </select>
        </p>
        {preset && (
          <details className="connect-where">
            <summary>{t('form.where')}</summary>
            <p>{preset.where[locale]}</p>
          </details>
        )}
        <p>
          <label htmlFor="connect-host">{t('form.host')}</label>
          <input
            id="connect-host"
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={host}
            aria-describedby="connect-host-example"
            onChange={(e) => onHostChange(e.target.value)}
            required
          />
          <span id="connect-host-example" className="note">
            {t('form.hostExample', { example: preset?.hostExample ?? 'ftp.example.com' })}
          </span>
        </p>
        <div className="connect-row">
          <p>
            <label htmlFor="connect-protocol">{t('form.protocol')}</label>
            <select
              id="connect-protocol"
              value={protocol}
              onChange={(e) => chooseProtocol(e.target.value as ProtocolChoice)}
            >
              {PROTOCOL_CHOICES.map((p) => (
                <option key={p} value={p}>
                  {protocolLabel(p)}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label htmlFor="connect-port">{t('form.port')}</label>
            <input
              id="connect-port"
              type="number"
              min={1}
              max={65535}
              value={port}
              onChange={(e) => setPort(Number(e.target.value) || DEFAULT_PORT[protocol])}
            />
          </p>
        </div>
        {preset?.protocols.find((p) => p.protocol === protocol)?.note && (
          <p className="note">
            {preset.protocols.find((p) => p.protocol === protocol)?.note?.[locale]}
          </p>
        )}
        <p>
          <label htmlFor="connect-user">
            {t('form.user', { label: preset?.userLabel[locale] ?? '' })}
          </label>
          <input
            id="connect-user"
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={user}
            onChange={(e) => setUser(e.target.value)}
            required
          />
        </p>
        {protocol === 'sftp' && (
          <fieldset className="connect-auth">
            <legend>{t('form.auth')}</legend>
            <label>
              <input
                type="radio"
                name="connect-auth"
                checked={authKind === 'password'}
                onChange={() => setAuthKind('password')}
              />{' '}
              {t('form.authPassword')}
            </label>
            <label>
              <input
                type="radio"
                name="connect-auth"
                checked={authKind === 'key'}
                onChange={() => setAuthKind('key')}
              />{' '}
              {t('form.authKey')}
            </label>
          </fieldset>
        )}
        {authKind === 'password' || protocol !== 'sftp' ? (
          <p>
            <label htmlFor="connect-password">{t('form.password')}</label>
            <input
              id="connect-password"
              type="password"
              autoComplete="off"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </p>
        ) : (
          <>
            <p>
              <label className="button button-secondary file-button">
                {t('form.keyFile')}
                <input
                  type="file"
                  className="visually-hidden"
                  onChange={(e) => void onKeyFile(e)}
                />
              </label>
            </p>
            {keyNote !== null && (
              <p className="note" role="status">
                {keyNote}
              </p>
            )}
            <p>
              <label htmlFor="connect-passphrase">{t('form.passphrase')}</label>
              <input
                id="connect-passphrase"
                type="password"
                autoComplete="off"
                value={passphrase}
                onChange={(e) => setPassphrase(e.target.value)}
              />
            </p>
          </>
        )}
        <p className="note">{t('form.secretNote')}</p>
        <button type="submit" className="button button-primary" disabled={busy !== null}>
          {t('form.test')}
        </button>
      </form>

      <div aria-live="polite">
        {busy === 'testing' && <p className="busy">{t('form.testing')}</p>}
        {busy === 'saving' && <p className="busy">{t('saving')}</p>}
      </div>

      {consent?.kind === 'plain-ftp' && (
        <section className="connect-consent" role="alertdialog" aria-labelledby="plain-title">
          <h2 id="plain-title">{t('plain.heading')}</h2>
          <p>{t('plain.body')}</p>
          <p>{t('plain.advice')}</p>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setAllowPlainFtp(true);
              void runTest({ allowPlain: true });
            }}
          >
            {t('plain.accept')}
          </button>
        </section>
      )}

      {consent?.kind === 'certificate' && (
        <section className="connect-consent" role="alertdialog" aria-labelledby="cert-title">
          <h2 id="cert-title">{t('untrusted.heading')}</h2>
          <p>{t('untrusted.body')}</p>
          <p>
            {t('untrusted.fingerprint')}:{' '}
            <code className="fingerprint">{formatFingerprint(consent.fingerprint)}</code>
          </p>
          <p>{t('untrusted.advice')}</p>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setTrustFingerprint(consent.fingerprint);
              void runTest({ trust: consent.fingerprint });
            }}
          >
            {t('untrusted.accept')}
          </button>
        </section>
      )}

      {error && <ErrorPanel error={error} onRetry={() => void runTest()} />}

      {consent?.kind === 'identity-changed' && savedSite && (
        <section className="connect-consent" role="alertdialog" aria-labelledby="changed-title">
          <h2 id="changed-title">{t('changed.heading')}</h2>
          <p>{t('changed.body')}</p>
          <p>
            {t('changed.fingerprint')}:{' '}
            <code className="fingerprint">{formatFingerprint(consent.fingerprint)}</code>
          </p>
          <label>
            <input
              type="checkbox"
              checked={changeConfirmed}
              onChange={(e) => setChangeConfirmed(e.target.checked)}
            />{' '}
            {t('changed.confirm')}
          </label>
          <p>
            <button
              type="button"
              className="button button-secondary"
              disabled={!changeConfirmed || busy !== null}
              onClick={() => void acceptChangedIdentity(savedSite, consent.fingerprint)}
            >
              {t('changed.accept')}
            </button>
          </p>
        </section>
      )}

      {result && (
        <section
          className="connect-result"
          aria-labelledby="identity-title"
          data-testid="connect-result"
        >
          <h2 id="identity-title">{t('identity.heading')}</h2>
          {result.identity.kind === 'none' ? (
            <p>{t('identity.none')}</p>
          ) : result.firstContact ? (
            <>
              <p>
                {result.identity.kind === 'ssh-host-key'
                  ? t('identity.firstSsh')
                  : t('identity.firstTls')}
              </p>
              <p>
                <code className="fingerprint" data-testid="fingerprint">
                  {formatFingerprint(result.identity.fingerprint ?? '')}
                </code>
              </p>
              <p className="note">{t('identity.explain')}</p>
              <label>
                <input
                  type="checkbox"
                  checked={identityConfirmed}
                  onChange={(e) => setIdentityConfirmed(e.target.checked)}
                />{' '}
                {t('identity.confirm')}
              </label>
            </>
          ) : (
            <p className="ok">{t('identity.known')}</p>
          )}
          {result.warnings.length > 0 && (
            <ul className="connect-warnings">
              {result.warnings.map((w) => (
                <li key={w}>{t(`warnings.${w}`)}</li>
              ))}
            </ul>
          )}

          <fieldset className="connect-roots">
            <legend>{t('roots.heading')}</legend>
            <p className="note">{t('roots.help')}</p>
            {result.webRoots.map((r) => (
              <label key={r.path} className="connect-root">
                <input
                  type="radio"
                  name="connect-root"
                  value={r.path}
                  checked={rootChoice === r.path}
                  onChange={() => setRootChoice(r.path)}
                />{' '}
                <span className="connect-root-path">
                  <UntrustedText value={r.path} maxLength={80} />
                </span>
                <span className="connect-root-facts">
                  {r.hasWordPress ? t('roots.wordpress') : t('roots.noWordpress')}
                  {r.logDir !== null && (
                    <>
                      {' · '}
                      {t('roots.log')}
                      <UntrustedText value={r.logDir} maxLength={60} />
                    </>
                  )}
                  {r.wpConfigAbove !== null && (
                    <>
                      {' · '}
                      {t('roots.wpConfigAbove')}
                    </>
                  )}
                </span>
              </label>
            ))}
            <label className="connect-root">
              <input
                type="radio"
                name="connect-root"
                value="__manual__"
                checked={rootChoice === '__manual__' || result.webRoots.length === 0}
                onChange={() => setRootChoice('__manual__')}
              />{' '}
              {t('roots.manual')}
            </label>
            {(rootChoice === '__manual__' || result.webRoots.length === 0) && (
              <p>
                <label htmlFor="connect-manual-root">{t('roots.manualLabel')}</label>
                <input
                  id="connect-manual-root"
                  type="text"
                  spellCheck={false}
                  value={manualRoot}
                  onChange={(e) => {
                    setRootChoice('__manual__');
                    setManualRoot(e.target.value);
                  }}
                />
              </p>
            )}
          </fieldset>
          <button
            type="button"
            className="button button-primary"
            disabled={!canSave}
            onClick={() => void onSave()}
          >
            {t('save')}
          </button>
        </section>
      )}

      {completed !== undefined && savedKeychain !== null && (
        <p className="ok" role="status" data-testid="connect-saved">
          {savedKeychain === 'memory' && !usingDemo ? t('savedMemory') : t('saved')}
        </p>
      )}
    </div>
  );
}
