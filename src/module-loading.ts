/**
 * How a Tollgate process loads its modules; bin/tollgate.js imports this before anything else, which
 * nearly halves how long `npm start` takes to answer.
 *
 * - drizzle-orm and PGlite are loaded from their CommonJS builds (the same code). drizzle-orm's
 *   package.json carries a 179 kB `exports` map, and Node 24's ESM loader parses it again for each of
 *   the hundreds of files it loads from the package (to find their package scope): that was more than
 *   half of the server's module loading. Through `require` it is read once per specifier. PGlite
 *   follows, so that drizzle's PGlite driver and ours share one copy.
 * - Node's compile cache keeps compiled, type-stripped modules between starts (in the OS temp folder,
 *   or NODE_COMPILE_CACHE; keyed by file content, so an edited file is compiled anew).
 */
import { enableCompileCache, registerHooks, type ResolveFnOutput } from 'node:module';

const COMMONJS_PACKAGES = ['drizzle-orm', '@electric-sql/pglite'];

const resolved = new Map<string, ResolveFnOutput>();

const loadsAsCommonJs = (specifier: string) =>
  COMMONJS_PACKAGES.some((name) => specifier === name || specifier.startsWith(`${name}/`));

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (!loadsAsCommonJs(specifier)) return nextResolve(specifier, context);
    // Node modules only, without "import": the packages' `require` entries. One answer per specifier
    // (one copy of each module), whoever imports it.
    let target = resolved.get(specifier);
    if (!target) {
      target = nextResolve(specifier, { ...context, conditions: ['node', 'require', 'default'] });
      resolved.set(specifier, target);
    }
    return { ...target, shortCircuit: true };
  },
});

enableCompileCache();
