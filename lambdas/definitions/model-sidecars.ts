import { readFileSync } from 'node:fs';
import type { Plugin } from 'esbuild';

/** The model's large parts, each shipped as a file of its own beside the bundle (path in the model → file name). */
const SIDECARS = [
  { path: ['intents', 'vocab'], file: 'intent-features.txt', encoding: 'utf8' },
  { path: ['intents', 'weights'], file: 'intent-weights.bin', encoding: 'base64' },
  { path: ['language', 'vocab'], file: 'language-features.txt', encoding: 'utf8' },
  { path: ['language', 'logLikelihoods'], file: 'language-loglikelihoods.bin', encoding: 'base64' },
] as const;

const NAMESPACE = 'destek-model-sidecar';

/**
 * The intent model in a bundle: its large parts (feature lists and packed weights, 0.9 MB of the
 * model.json) go beside the bundle as files of their own (esbuild's file loader copies them to the
 * output folder), read with readFileSync at import; the rest stays in the code. A string literal of
 * that size costs every cold start its scan and copy; a file read costs a fraction, and the weights
 * come as bytes, not base64 to decode. The model.json stays the one file `destek train` writes.
 */
export function modelSidecars(filter: RegExp): Plugin {
  return {
    name: 'model-sidecars',
    setup(build) {
      const parts = new Map<string, Uint8Array>();
      build.onLoad({ filter }, (args) => {
        const model = JSON.parse(readFileSync(args.path, 'utf8')) as Record<string, Record<string, unknown>>;
        const imports: string[] = [];
        const reads: string[] = [];
        for (const [i, s] of SIDECARS.entries()) {
          const [section, key] = s.path;
          const value = model[section]?.[key];
          if (typeof value !== 'string') return { errors: [{ text: `${args.path}: ${s.path.join('.')} is not the packed text the model format has` }] };
          parts.set(s.file, Buffer.from(value, s.encoding));
          model[section] = { ...model[section], [key]: null };
          imports.push(`import part${i} from ${JSON.stringify(`${NAMESPACE}:${s.file}`)};`);
          reads.push(`model.${section}.${key} = readPart(part${i})${s.encoding === 'utf8' ? ".toString('utf8')" : ''};`);
        }
        return {
          loader: 'js',
          contents: [
            "import { readFileSync } from 'node:fs';",
            ...imports,
            // The file loader gives each part's path from the output file that holds this module (an entry or a chunk).
            'const readPart = (path) => readFileSync(new URL(path, import.meta.url));',
            `const model = ${JSON.stringify(model)};`,
            ...reads,
            'export default model;',
          ].join('\n'),
        };
      });
      build.onResolve({ filter: new RegExp(`^${NAMESPACE}:`) }, (args) => ({ path: args.path.slice(NAMESPACE.length + 1), namespace: NAMESPACE }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        const contents = parts.get(args.path);
        return contents ? { contents, loader: 'file' } : { errors: [{ text: `no model part ${args.path}` }] };
      });
    },
  };
}
