import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig, type UserConfig } from 'electron-vite';
import type { UserConfig as ViteUserConfig } from 'vite';

import rendererViteConfig from './renderer/vite.config';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const fromRoot = (...parts: string[]): string => resolve(ROOT, ...parts);

/**
 * The scanner worker entry. Built as out/main/worker-entry.js, exactly where the engine's scan
 * pool (electron/engine/scanner/worker-pool.ts, `defaultEntry()`) looks for it beside the bundle.
 */
const SCANNER_WORKER_ENTRY = fromRoot('electron/engine/scanner/worker-entry.ts');

type ViteConfigExport =
  | ViteUserConfig
  | Promise<ViteUserConfig>
  | ((env: {
      command: 'build' | 'serve';
      mode: string;
    }) => ViteUserConfig | Promise<ViteUserConfig>);

/** Loads renderer/vite.config.ts (owned by the renderer) so the browser and Electron builds agree. */
async function loadRendererConfig(env: {
  command: 'build' | 'serve';
  mode: string;
}): Promise<ViteUserConfig> {
  const exported = rendererViteConfig as ViteConfigExport;
  return typeof exported === 'function' ? await exported(env) : await exported;
}

/**
 * One build for the three Electron targets (STYLE.md §4.10):
 * - main: electron/main/index.ts → out/main/index.js (ESM, like package.json "type"); npm
 *   dependencies stay external and are packaged from node_modules by electron-builder;
 * - preload: electron/preload/index.ts → out/preload/index.cjs, CommonJS with everything but
 *   `electron` bundled in, because sandboxed preloads cannot load ESM or node_modules;
 * - renderer: renderer/ (settings reused from renderer/vite.config.ts) → out/renderer, served by
 *   main on app://renderer.
 * `npx electron-vite build` needs no Electron binary.
 */
export default defineConfig(async (env): Promise<UserConfig> => {
  const renderer = await loadRendererConfig({ command: env.command, mode: env.mode });
  const mainInput: Record<string, string> = { index: fromRoot('electron/main/index.ts') };
  if (existsSync(SCANNER_WORKER_ENTRY)) mainInput['worker-entry'] = SCANNER_WORKER_ENTRY;

  return {
    main: {
      build: {
        outDir: fromRoot('out/main'),
        emptyOutDir: true,
        sourcemap: env.mode !== 'production',
        rolldownOptions: {
          input: mainInput,
          // Chunks sit beside index.js (not in chunks/) so that `new URL('./worker-entry.js',
          // import.meta.url)` in whichever chunk holds the scan pool finds the worker entry.
          output: { chunkFileNames: '[name]-[hash].js' },
        },
      },
    },
    preload: {
      build: {
        outDir: fromRoot('out/preload'),
        emptyOutDir: true,
        externalizeDeps: false,
        rolldownOptions: {
          input: { index: fromRoot('electron/preload/index.ts') },
          output: { format: 'cjs', entryFileNames: '[name].cjs' },
        },
      },
    },
    renderer: {
      ...renderer,
      root: fromRoot('renderer'),
      base: './',
      build: {
        ...renderer.build,
        outDir: fromRoot('out/renderer'),
        emptyOutDir: true,
        rolldownOptions: {
          ...renderer.build?.rolldownOptions,
          input: { index: fromRoot('renderer/index.html') },
        },
      },
    },
  };
});
