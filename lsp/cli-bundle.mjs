// How each command of the CLI is bundled (see build.mjs): shared by the build and by the test that builds `lint` with
// traps in the modules a policy must not load.
import { join } from 'node:path';

const path = (p) => new URL(p, import.meta.url).pathname;

/** What every bundle of this package shares: bundled, ES module builds of dependencies first, warnings shown. */
export const bundled = { bundle: true, mainFields: ['module', 'main'], logLevel: 'warning' };

/** The CLI's commands and their entry modules; each becomes dist/cli-commands/<command>.cjs. */
export const commandEntries = {
  check: path('./src/cli/commands/check.ts'),
  lint: path('./src/cli/commands/lint.ts'),
  report: path('./src/cli/commands/report.ts'),
  lsp: path('./src/server/main.ts'),
};

/**
 * esbuild's options for one command as one CommonJS bundle, not written (the caller adds the build line). `define`
 * holds the constants the sources use (the version, the language server's lint worker).
 */
export function commandBundleOptions(entryPoint, { define, plugins = [] }) {
  return {
    ...bundled,
    entryPoints: [entryPoint],
    outfile: join(path('./dist/cli-commands'), 'command.cjs'),
    write: false,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Without its code cache (another Node), Node parses every byte on each run; minified text parses in about
    // half the time.
    minify: true,
    // No `import()` is left for Node: a bundle runs as a script (vm.Script), which has no ES module loader.
    supported: { 'dynamic-import': false },
    define,
    plugins,
  };
}
