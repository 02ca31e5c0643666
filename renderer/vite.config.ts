import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

const RENDERER_ROOT = fileURLToPath(new URL('.', import.meta.url));
const OUT_DIR = fileURLToPath(new URL('../out/renderer', import.meta.url));

/**
 * The renderer build, shared by browser mode (`npm run web`, the e2e tests) and the Electron
 * build (electron.vite.config.ts reuses these settings for its renderer entry).
 *
 * `base: './'` keeps asset URLs relative so the same output loads from app:// and from the
 * loopback bridge. The module-preload polyfill is off because it would be an inline script,
 * which the CSP (script-src 'self') forbids.
 */
export const rendererViteConfig: UserConfig = {
  root: RENDERER_ROOT,
  base: './',
  plugins: [react()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    sourcemap: false,
    assetsInlineLimit: 0,
    target: 'es2022',
  },
};

export default defineConfig(rendererViteConfig);
