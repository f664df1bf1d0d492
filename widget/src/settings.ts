import { texts, type Locale } from './i18n';

/**
 * What the stack bakes into widget.js at build time from destek.config.json (`chat.widget`), through
 * esbuild's `define`; lambdas/definitions/widget.ts builds it. Absent in an unbuilt copy.
 */
export interface BuiltSettings {
  readonly welcome?: Partial<Record<Locale, string>>;
  /** The help center whose articles the widget suggests (its base URL). */
  readonly helpUrl?: string;
}
declare const __DESTEK_WIDGET__: BuiltSettings | undefined;
const built: BuiltSettings = typeof __DESTEK_WIDGET__ === 'object' && __DESTEK_WIDGET__ ? __DESTEK_WIDGET__ : {};

/** Where the launcher sits: a corner, and how far from the screen's side and bottom (px). */
export interface Placement {
  readonly side: 'left' | 'right';
  readonly x: number;
  readonly y: number;
}

const DEFAULT_OFFSET = 20;
/** Further than this from the edge is a typo, not a placement. */
const MAX_OFFSET = 400;

function offset(raw: string | undefined): number {
  const n = Number.parseFloat(raw ?? '');
  return Number.isFinite(n) ? Math.min(MAX_OFFSET, Math.max(0, Math.round(n))) : DEFAULT_OFFSET;
}

/** data-position="left|right", data-offset-x, data-offset-y: the shop moves the launcher off its own buttons. */
export function placementOf(data: { position?: string; offsetX?: string; offsetY?: string }): Placement {
  return { side: data.position === 'left' ? 'left' : 'right', x: offset(data.offsetX), y: offset(data.offsetY) };
}

/** The greeting shown at the top of the conversation: data-welcome-<locale>, else the configuration's, else ours. */
export function welcomeText(locale: Locale, data: Record<string, string | undefined>, fromBuild: BuiltSettings = built): string {
  const attribute = data[`welcome${locale === 'tr' ? 'Tr' : 'En'}`]?.trim();
  return attribute || fromBuild.welcome?.[locale]?.trim() || texts[locale].welcome;
}

/** The help center to suggest articles from: data-help-url, else the configuration's; none, no suggestions. */
export function helpUrlOf(data: { helpUrl?: string }, fromBuild: BuiltSettings = built): string | undefined {
  return data.helpUrl?.trim() || fromBuild.helpUrl || undefined;
}
