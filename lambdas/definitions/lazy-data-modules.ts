import { isDeepStrictEqual } from 'node:util';
import { createRequire } from 'node:module';
import type { Plugin } from 'esbuild';

const requireFromHere = createRequire(import.meta.url);

/**
 * A CommonJS module that only exports data, bundled so that its data is built on first use: its
 * exports become getters over one JSON text, parsed when a getter is first read. A large object
 * literal costs every cold start its parse and construction; a string literal costs only its scan.
 * The data is the installed module's own, read at bundling, so an upgrade carries over; a module
 * whose exports JSON cannot carry exactly fails the build rather than change behaviour.
 */
export function lazyDataModules(filter: RegExp): Plugin {
  return {
    name: 'lazy-data-modules',
    setup(build) {
      build.onLoad({ filter }, (args) => {
        // The file as it is now, not as an earlier build in this process read it.
        delete requireFromHere.cache[args.path];
        const { default: _default, ...data } = requireFromHere(args.path) as Record<string, unknown>;
        const json = JSON.stringify(data);
        if (!isDeepStrictEqual(JSON.parse(json), { ...data })) {
          return { errors: [{ text: `${args.path}: its exports are not plain JSON data, so they cannot be built on first use` }] };
        }
        const getters = Object.keys(data).map((k) => `${JSON.stringify(k)}:{enumerable:true,get:()=>data()[${JSON.stringify(k)}]}`);
        return {
          loader: 'js',
          contents: [
            'let parsed;',
            `const data = () => (parsed ??= JSON.parse(${JSON.stringify(json)}));`,
            `Object.defineProperties(exports, {__esModule:{value:true},${getters.join(',')}});`,
            `Object.defineProperty(exports, "default", {enumerable:false,get:()=>exports});`,
          ].join('\n'),
        };
      });
    },
  };
}
