// Bundles the CLI, the language server, the VS Code client and its preview webview with esbuild, then packages
// the VS Code extension (.vsix) from the bundles alone. The server's lint worker is bundled first and put into the
// CLI and the server as a string (run with `new Worker(code, { eval: true })`), so each is one file.
// The core is consumed as TypeScript source through the workspace.
// `--quiet --cli` (for `npm start`) builds the command-line bundles only and prints nothing, so that nothing but the
// command's own output reaches a pipe.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { bundled, commandBundleOptions, commandEntries } from './cli-bundle.mjs';

const path = (p) => new URL(p, import.meta.url).pathname;
const { name, version } = JSON.parse(readFileSync(path('./package.json'), 'utf8'));
const kib = (file) => `${(statSync(file).size / 1024).toFixed(0)} KiB`;
const quiet = process.argv.includes('--quiet');
const cliOnly = process.argv.includes('--cli');
const say = (line) => quiet || console.error(line);

const worker = await build({
  ...bundled,
  entryPoints: [path('./src/server/lint-worker.ts')],
  write: false,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
});
const workerCode = worker.outputFiles[0].text;

const common = {
  ...bundled,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner: {
    js: '#!/usr/bin/env node\nimport { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
  },
  define: { STS_INSPECTOR_VERSION: JSON.stringify(version), STS_LINT_WORKER: JSON.stringify(workerCode) },
  sourcemap: 'linked',
};

// The CLI is split so that a command loads only what it needs. dist/cli.cjs, the entry, is CommonJS and holds
// argument parsing, the usage text and the version (a constant): Node runs it as a script, without starting its ES
// module loader, so `--version`, `--help` and a usage error cost little more than Node's own start. Each command
// (check, lint, report, lsp) is a CommonJS bundle of its own under dist/cli-commands/, loaded when it runs with the
// V8 code cache made here by running it once (src/cli/code-cache.ts); inside a bundle, what the command imports by
// `import()` (each kind's parser for `lint`) is evaluated only when imported.
const commandsDir = path('./dist/cli-commands');
const define = common.define;
rmSync(commandsDir, { recursive: true, force: true });
rmSync(path('./dist/cli-chunks'), { recursive: true, force: true });
rmSync(path('./dist/cli-meta.json'), { force: true });
mkdirSync(commandsDir, { recursive: true });
for (const [command, entryPoint] of Object.entries(commandEntries)) {
  const built = await build(commandBundleOptions(entryPoint, { define }));
  const text = built.outputFiles.find((f) => f.path.endsWith('.cjs')).text;
  const id = createHash('sha256').update(text).digest('hex').slice(0, 16);
  writeFileSync(join(commandsDir, `${command}.cjs`), `// sts-inspector build ${id}\n${text}`);
}
// The code caches: each bundle run once on typical work by a build-only script (src/cli/code-cache-train.ts).
const trainer = join(commandsDir, 'code-cache-train.cjs');
await build({
  ...bundled,
  entryPoints: [path('./src/cli/code-cache-train.ts')],
  outfile: trainer,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
});
for (const command of Object.keys(commandEntries)) {
  const run = spawnSync(
    process.execPath,
    [trainer, join(commandsDir, `${command}.cjs`), command, path('../test/fixtures/samples')],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (run.status !== 0) {
    throw new Error(`making the code cache of ${command} failed: ${run.stderr || run.error}`);
  }
}
rmSync(trainer);
// The entry's `import('./commands/lint.js')` becomes a call of the code-cache loader on dist/cli-commands/lint.cjs.
// A command module imported any other way would be bundled into the entry, so that is an error.
const commandBundles = {
  name: 'command-bundles',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/\w+\.js$|^\.\.\/server\/main\.js$/ }, (args) => {
      const name = /server\/main\.js$/.test(args.path) ? 'lsp' : /(\w+)\.js$/.exec(args.path)[1];
      if (args.kind !== 'dynamic-import' || !(name in commandEntries)) {
        return { errors: [{ text: `${args.path} must be loaded by import() from the CLI's entry` }] };
      }
      return { path: name, namespace: 'command-bundle' };
    });
    b.onLoad({ filter: /.*/, namespace: 'command-bundle' }, (args) => ({
      contents: [
        `const { loadBundle } = require(${JSON.stringify(path('./src/cli/code-cache.ts'))});`,
        `const { join } = require('node:path');`,
        `module.exports = loadBundle(join(__dirname, 'cli-commands', ${JSON.stringify(`${args.path}.cjs`)})).exports;`,
      ].join('\n'),
      loader: 'js',
      resolveDir: path('./src/cli'),
    }));
  },
};
const entryFile = path('./dist/cli.cjs');
await build({
  ...bundled,
  entryPoints: [path('./src/cli/bin.ts')],
  outfile: entryFile,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  banner: { js: '#!/usr/bin/env node' },
  define: { STS_INSPECTOR_VERSION: JSON.stringify(version) },
  sourcemap: 'linked',
  supported: { 'dynamic-import': false },
  plugins: [commandBundles],
});
say(
  `lsp/dist/cli.cjs ${kib(entryFile)} + ${Object.keys(commandEntries).length} commands in lsp/dist/cli-commands/`,
);

const server = path('./dist/server.js');
await build({ ...common, entryPoints: [path('./src/server/bin.ts')], outfile: server });
say(`lsp/dist/server.js ${kib(server)}`);

if (cliOnly) {
  process.exit(0);
}

// VS Code loads extensions with require(): CommonJS, and .cjs because this package is "type": "module".
// `vscode` is the editor's own module.
const client = path('./dist/client.cjs');
await build({
  ...bundled,
  entryPoints: [path('./src/client/extension.ts')],
  outfile: client,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  minify: true,
});
// The webview's script and style sheet (browser, one file each; the page's CSP admits only these).
await build({
  ...bundled,
  entryPoints: {
    preview: path('./src/client/preview/main.ts'),
    'preview-style': path('./src/client/preview/preview.css'),
  },
  outdir: path('./dist'),
  entryNames: '[name]',
  platform: 'browser',
  target: 'chrome120',
  format: 'iife',
  minify: true,
});
say(`lsp/dist/client.cjs ${kib(client)}, preview.js ${kib(path('./dist/preview.js'))}`);

// The .vsix: what .vscodeignore lets through (the bundles, manifest, grammars, README). Dependencies are in the
// bundles, so vsce is told not to collect node_modules.
const vsix = path(`./dist/${name}-${version}.vsix`);
rmSync(vsix, { force: true });
const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
const packaged = spawnSync(
  process.execPath,
  [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix],
  { cwd: path('.'), encoding: 'utf8' },
);
if (packaged.status !== 0) {
  console.error(packaged.stdout, packaged.stderr);
  process.exit(1);
}
say(`lsp/dist/${name}-${version}.vsix ${kib(vsix)}`);
