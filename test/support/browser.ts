import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import axe from 'axe-core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; Playwright's own browser download is not reachable on these machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep a headless Chromium quiet and offline (see TEST-INFRA.md §4). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
] as const;

export function isChromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export type LaunchedBrowser = {
  readonly context: BrowserContext;
  /** Closes Chromium and removes its temporary profile. */
  close(): Promise<void>;
};

/**
 * Launches Debian's Chromium with a fresh temporary profile (`--user-data-dir`), so tests never
 * share storage with each other or with a developer's browser.
 */
export async function launchChromium(
  options: {
    readonly viewport?: { width: number; height: number };
    readonly bypassCSP?: boolean;
  } = {},
): Promise<LaunchedBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'site-rescue-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: options.viewport ?? { width: 1280, height: 900 },
      deviceScaleFactor: 1,
      bypassCSP: options.bypassCSP ?? false,
      reducedMotion: 'reduce',
    });
    return {
      context,
      close: async () => {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(profile, { recursive: true, force: true });
    throw err;
  }
}

export type AxeViolation = { id: string; impact: string | null; help: string; targets: string[] };

/**
 * Runs axe-core on the page and returns the serious and critical violations.
 *
 * axe is injected through the DevTools protocol (page.evaluate), which the page's CSP does not
 * govern, so the app keeps its real CSP (script-src 'self') during the check; a `<script>` tag
 * with inline content would be blocked by that CSP.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate<boolean>("typeof window.axe !== 'undefined'");
  if (!hasAxe) await page.evaluate(axe.source);
  const results = await page.evaluate(async () => {
    // Runs in the page; `globalThis` is the page's window there.
    const w = globalThis as unknown as { axe: typeof axe };
    const r = await w.axe.run({ exclude: [] }, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return results.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
