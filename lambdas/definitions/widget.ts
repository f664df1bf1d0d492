import { BROWSER_SCRIPT_OPTIONS } from './browser-script';
import { build, buildSync, type BuildOptions } from 'esbuild';
import { join } from 'node:path';

/**
 * The chat widget's bundle: widget/src → one minified widget.js for browsers, built the same way for
 * CloudFront (lib/constructs/chat.ts) and for the local web server (local/web.ts). Not committed.
 */
export const WIDGET_ENTRY = 'widget/src/main.ts';
/** The promise the issue makes a shop: one script under this many gzipped bytes. */
export const WIDGET_MAX_GZIP_BYTES = 30 * 1024;

const WIDGET_BUILD_OPTIONS = BROWSER_SCRIPT_OPTIONS;

/** What the configuration (`chat.widget`) bakes into widget.js; widget/src/settings.ts reads it. */
export interface WidgetSettings {
  /** The greeting at the top of the chat, per locale (the widget's own text where absent). */
  readonly welcome?: { readonly tr?: string; readonly en?: string };
  /** The help center whose articles the widget suggests as the visitor types (a page's data-help-url wins). */
  readonly helpUrl?: string;
}

const optionsFor = (projectRoot: string, outFile: string, settings: WidgetSettings): BuildOptions => ({
  entryPoints: [join(projectRoot, WIDGET_ENTRY)],
  outfile: outFile,
  ...WIDGET_BUILD_OPTIONS,
  define: { __DESTEK_WIDGET__: JSON.stringify(settings) },
});

export async function buildWidget(projectRoot: string, outFile: string, settings: WidgetSettings = {}): Promise<string> {
  await build(optionsFor(projectRoot, outFile, settings));
  return outFile;
}

/** The same build, synchronously, for CDK's synthesis (constructs are built synchronously). */
export function buildWidgetSync(projectRoot: string, outFile: string, settings: WidgetSettings = {}): string {
  buildSync(optionsFor(projectRoot, outFile, settings));
  return outFile;
}
