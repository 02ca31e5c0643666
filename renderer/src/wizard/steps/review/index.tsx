import { useEffect, useState, type ChangeEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '../../../../../shared/errors';
import type { FindingGroupView, ScanFindingsView } from '../../../../../shared/ipc/channels/scan';
import type { Finding, Severity } from '../../../../../shared/types/finding';
import { addVendorZip, getFindings, toDisplayError } from '../../../api/recovery-client';
import { ErrorPanel } from '../../../components/error-panel';
import { UntrustedText } from '../../../components/untrusted-text';
import { formatCount } from '../../../copy/format';
import type { StepViewProps } from '../index';
import './review.css';

const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** Findings of one group, one entry per file (a file can carry several reasons). */
export function byFile(findings: readonly Finding[]): { path: string; findings: Finding[]; top: Severity }[] {
  const map = new Map<string, Finding[]>();
  for (const f of findings) map.set(f.path, [...(map.get(f.path) ?? []), f]);
  return [...map.entries()]
    .map(([path, list]) => {
      const sorted = [...list].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
      return { path, findings: sorted, top: (sorted[0] as Finding).severity };
    })
    .sort((a, b) => SEVERITY_RANK[b.top] - SEVERITY_RANK[a.top] || (a.path < b.path ? -1 : 1));
}

/** Files with at least one finding at medium or above (what the owner must act on). */
function seriousFiles(view: ScanFindingsView): number {
  const all = view.groups.flatMap((g) => g.findings);
  return new Set(all.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.medium).map((f) => f.path)).size;
}

function caseIdFrom(state: StepViewProps['state']): string | null {
  const id = state.completed.scan?.caseId ?? state.completed.snapshot?.caseId;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** Reads a file as base64 in chunks (a zip can be tens of MB). */
async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(out);
}

function FindingFile({ path, findings }: { path: string; findings: Finding[] }): ReactNode {
  const { t, i18n } = useTranslation('review');
  const lang = i18n.language === 'ja' ? 'ja' : 'en';
  const top = findings[0] as Finding;
  const messages = [...new Set(findings.map((f) => f.message[lang]))];
  return (
    <li className="finding" data-severity={top.severity}>
      <p className="finding-head">
        <span className={`severity severity-${top.severity}`}>{t(`severity.${top.severity}`)}</span>{' '}
        {path === '' ? <span>{t('wholeSite')}</span> : <code><UntrustedText value={path} maxLength={96} /></code>}{' '}
        <span className="finding-action">{t(`action.${top.action}`)}</span>
      </p>
      <ul className="finding-reasons">
        {messages.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
      {findings.some((f) => f.excerpt !== undefined || f.diff !== undefined) && (
        <details className="finding-evidence">
          <summary>{findings.some((f) => f.diff !== undefined) ? t('diff') : t('evidence')}</summary>
          {findings.map((f) => (
            <div key={f.id}>
              {f.excerpt !== undefined && (
                <pre>
                  {f.line !== undefined && <span className="finding-line">{t('line', { line: f.line })}: </span>}
                  <UntrustedText value={f.excerpt} multiline />
                </pre>
              )}
              {f.diff !== undefined && (
                <pre className="finding-diff">
                  <UntrustedText value={f.diff} multiline />
                </pre>
              )}
            </div>
          ))}
        </details>
      )}
    </li>
  );
}

function Group({ view }: { view: FindingGroupView }): ReactNode {
  const { t, i18n } = useTranslation('review');
  const locale = i18n.language === 'ja' ? 'ja' : 'en';
  const files = byFile(view.findings);
  const id = `group-${view.group}`;
  return (
    <section className={`finding-group finding-group-${view.group}`} aria-labelledby={id} data-testid={id}>
      <h2 id={id}>
        {t(`groups.${view.group}.title`)} <span className="group-count">({t('filesCount', { count: files.length, formatted: formatCount(files.length, locale) })})</span>
      </h2>
      <p className="group-next">{t(`groups.${view.group}.next`)}</p>
      <ul className="finding-list">
        {files.map((f) => (
          <FindingFile key={f.path} path={f.path} findings={f.findings} />
        ))}
      </ul>
    </section>
  );
}

function VendorZip({ caseId, slug, kind }: { caseId: string; slug: string; kind: 'plugin' | 'theme' }): ReactNode {
  const { t } = useTranslation('review');
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const onFile = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = e.target.files?.[0];
    if (!file) return;
    setError(null);
    try {
      const res = await addVendorZip({ caseId, kind, slug, zipBase64: await toBase64(file) });
      setNote(t('vendor.added', { files: res.files }));
    } catch (err) {
      setError(toDisplayError(err));
    }
  };
  return (
    <li>
      <span>{kind === 'plugin' ? t('vendor.plugin') : t('vendor.theme')}: </span>
      <code>
        <UntrustedText value={slug} maxLength={60} />
      </code>{' '}
      <label className="button button-secondary file-button">
        {t('vendor.choose')}
        <input type="file" accept=".zip,application/zip" className="visually-hidden" onChange={(e) => void onFile(e)} />
      </label>
      {note !== null && (
        <p className="ok" role="status">
          {note}
        </p>
      )}
      {error && <ErrorPanel error={error} />}
    </li>
  );
}

/**
 * Review step: the findings grouped in the owner's words with counts, evidence as untrusted
 * text, and for every group what happens next. Nothing is deleted here.
 */
export function StepView({ state, dispatch }: StepViewProps): ReactNode {
  const { t, i18n } = useTranslation('review');
  const locale = i18n.language === 'ja' ? 'ja' : 'en';
  const caseId = caseIdFrom(state);
  const [view, setView] = useState<ScanFindingsView | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (caseId === null) return;
    let live = true;
    setError(null);
    getFindings({ caseId }).then(
      (v) => {
        if (!live) return;
        setView(v);
        const serious = seriousFiles(v);
        dispatch({ type: 'step-completed', step: 'review', outcome: { caseId, serious } });
      },
      (err: unknown) => {
        if (live) setError(toDisplayError(err));
      },
    );
    return () => {
      live = false;
    };
  }, [caseId, attempt, dispatch]);

  if (caseId === null) return <p className="note">{t('noCase')}</p>;
  if (error) return <ErrorPanel error={error} onRetry={() => setAttempt((n) => n + 1)} />;
  if (!view) return <p className="busy">{t('loading')}</p>;

  const all = view.groups.flatMap((g) => g.findings);
  const serious = seriousFiles(view);
  const vendorTargets = all
    .filter((f) => f.ruleId === 'plugin-not-on-wporg' || f.ruleId === 'theme-not-on-wporg')
    .map((f) => ({ kind: f.ruleId.startsWith('plugin') ? ('plugin' as const) : ('theme' as const), slug: f.path.slice(f.path.lastIndexOf('/') + 1).replace(/\.php$/i, '') }));

  return (
    <div className="review-step">
      <p className="reassure">{t('nothingDeleted')}</p>
      <section aria-labelledby="review-summary" className="review-summary" data-testid="review-summary">
        <h2 id="review-summary">{t('summary.heading')}</h2>
        <p className={serious > 0 ? 'scan-serious' : 'ok'}>{serious > 0 ? t('summary.serious', { count: serious }) : t('summary.clean')}</p>
        <p>{t('summary.files', { files: formatCount(view.stats.files, locale), verified: formatCount(view.stats.verifiedFiles, locale) })}</p>
        {view.offline && <p className="note">{t('summary.offline')}</p>}
        <ul className="group-index">
          {view.groups.map((g) => (
            <li key={g.group}>
              <a href={`#group-${g.group}`}>{t(`groups.${g.group}.title`)}</a> — {t('filesCount', { count: g.count })}
            </li>
          ))}
        </ul>
      </section>
      {view.groups.map((g) => (
        <Group key={g.group} view={g} />
      ))}
      {view.installs.length > 0 && (
        <section aria-labelledby="installs-title">
          <h2 id="installs-title">{t('installs.heading')}</h2>
          <ul>
            {view.installs.map((inst) => (
              <li key={inst.root}>
                {t('installs.item', { version: inst.version ?? t('installs.unknownVersion'), locale: inst.locale })} — {t('installs.root')}:{' '}
                {inst.root === '' ? t('installs.siteRoot') : <code><UntrustedText value={inst.root} maxLength={80} /></code>} —{' '}
                {t('installs.plugins', { count: inst.plugins.length })}, {t('installs.themes', { count: inst.themes.length })}
              </li>
            ))}
          </ul>
        </section>
      )}
      {view.notVerified.length > 0 && (
        <details className="not-verified">
          <summary>{t('notVerified.heading')}</summary>
          <ul>
            {view.notVerified.map((n, i) => (
              <li key={`${n.kind}-${n.subject}-${i}`}>{n.message[locale]}</li>
            ))}
          </ul>
        </details>
      )}
      {vendorTargets.length > 0 && (
        <section aria-labelledby="vendor-title">
          <h2 id="vendor-title">{t('vendor.heading')}</h2>
          <p className="note">{t('vendor.help')}</p>
          <ul>
            {vendorTargets.map((v) => (
              <VendorZip key={`${v.kind}-${v.slug}`} caseId={caseId} slug={v.slug} kind={v.kind} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
