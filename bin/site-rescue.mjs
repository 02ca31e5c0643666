#!/usr/bin/env node
// Runs the TypeScript CLI under plain Node through tsx's loader (no build step needed).
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/index.ts');
