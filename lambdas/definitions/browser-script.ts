import type { BuildOptions } from 'esbuild';

/** One classic script for browsers (the widget, the help center's search): no modules, minified, no licence comments. */
export const BROWSER_SCRIPT_OPTIONS: BuildOptions = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  legalComments: 'none',
  logLevel: 'error',
};
