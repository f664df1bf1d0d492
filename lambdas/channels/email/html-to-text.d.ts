/** The part of html-to-text (which ships no types) the e-mail channel uses. */
declare module 'html-to-text' {
  export interface SelectorDefinition {
    readonly selector: string;
    readonly format?: string;
    readonly options?: Readonly<Record<string, unknown>>;
  }
  export interface DomNode {
    readonly type: string;
    readonly name?: string;
    readonly data?: string;
    readonly attribs?: Readonly<Record<string, string>>;
    readonly children?: readonly DomNode[];
  }
  export interface DomElement {
    readonly attribs?: Readonly<Record<string, string>>;
    readonly children: readonly DomNode[];
  }
  export interface BlockTextBuilder {
    pushWordTransform(transform: (word: string) => string): void;
    popWordTransform(): void;
    openBlock(options?: { readonly leadingLineBreaks?: number }): void;
    closeBlock(options?: { readonly trailingLineBreaks?: number }): void;
    addInline(text: string, options?: { readonly noWordTransform?: boolean }): void;
  }
  export type Formatter = (
    elem: DomElement,
    walk: (nodes: readonly DomNode[], builder: BlockTextBuilder) => void,
    builder: BlockTextBuilder,
    options: Readonly<Record<string, unknown>>,
  ) => void;
  export interface HtmlToTextOptions {
    readonly formatters?: Readonly<Record<string, Formatter>>;
    readonly wordwrap?: number | false | null;
    readonly preserveNewlines?: boolean;
    readonly decodeEntities?: boolean;
    readonly limits?: {
      readonly maxInputLength?: number;
      readonly maxDepth?: number;
      readonly maxChildNodes?: number;
      readonly ellipsis?: string;
    };
    readonly baseElements?: { readonly selectors?: readonly string[]; readonly returnDomByDefault?: boolean };
    readonly selectors?: readonly SelectorDefinition[];
  }
  export function compile(options?: HtmlToTextOptions): (html: string, metadata?: unknown) => string;
  export function convert(html: string, options?: HtmlToTextOptions): string;
}

/**
 * html-to-text itself, where the bundles alias the bare name to mailparser's stand-in
 * (lambdas/definitions/bundling.ts): package.json maps this name to the package.
 */
declare module '#html-to-text' {
  export * from 'html-to-text';
}
