import { resolve } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * widget/destek.d.ts is what a shop's TypeScript sees of window.Destek. Compiled here against pages
 * as a shop would write them: the documented calls type-check, and mistakes are caught.
 */
const DTS = resolve(import.meta.dirname, '../../widget/destek.d.ts');

const pages: Record<string, string> = {
  '/shop/good.ts': `
    Destek.open();
    window.Destek.close();
    Destek.setLocale('en');
    Destek.setCustomer('eyJhbGciOiJIUzI1NiJ9.e30.sig');
    Destek.reset();
    const stop = Destek.on('unread', ({ count }) => { document.title = count ? '(' + count + ') Shop' : 'Shop'; });
    stop();
    Destek.on('message', (m) => { if (m.from === 'support') console.log(m.kind, m.text.length, m.at); });
    Destek.on('ready', ({ locale }) => locale === 'tr');
    const onOpen = () => undefined;
    Destek.on('open', onOpen);
    Destek.off('open', onOpen);
    export {};
  `,
  '/shop/bad.ts': `
    Destek.on('opened', () => undefined);
    Destek.setLocale('de');
    Destek.on('unread', (n: number) => n);
    Destek.setCustomer();
    export {};
  `,
};

/** One program for both pages: type-checking against the DOM's declarations takes seconds. */
let errors: (file: string) => string[];
beforeAll(() => {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2020,
    lib: ['lib.es2020.d.ts', 'lib.dom.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  const exists = host.fileExists.bind(host);
  host.readFile = (name) => pages[name] ?? read(name);
  host.fileExists = (name) => name in pages || exists(name);
  const program = ts.createProgram([DTS, ...Object.keys(pages)], options, host);
  errors = (file) => ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}, 60_000);

describe("the widget's TypeScript declarations", () => {
  it('type-check what the README shows a shop writing', () => {
    expect(errors('/shop/good.ts')).toEqual([]);
  }, 60_000);

  it('catch an unknown event, a wrong locale, a misread event detail and a missing reference', () => {
    const found = errors('/shop/bad.ts');
    expect(found).toHaveLength(4);
    expect(found.join('\n')).toMatch(/"opened"/);
    expect(found.join('\n')).toMatch(/"de"/);
  }, 60_000);
});
