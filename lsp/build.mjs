// Bundles the CLI, the VS Code client and its preview webview with esbuild, then packages the VS Code extension
// (.vsix) from the bundles alone. The core is consumed as TypeScript source through the workspace.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

const here = (path) => new URL(path, import.meta.url).pathname;
const { name, version } = JSON.parse(readFileSync(here('./package.json'), 'utf8'));
const kib = (file) => `${(statSync(file).size / 1024).toFixed(0)} KiB`;
const common = { bundle: true, mainFields: ['module', 'main'], logLevel: 'warning' };

const cli = here('./dist/cli.js');
await build({
  ...common,
  entryPoints: [here('./src/cli/bin.ts')],
  outfile: cli,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner: {
    js: '#!/usr/bin/env node\nimport { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
  },
  define: { STS_INSPECTOR_VERSION: JSON.stringify(version) },
  sourcemap: 'linked',
});
console.error(`lsp/dist/cli.js ${kib(cli)}`);

// VS Code loads extensions with require(): CommonJS, and .cjs because this package is "type": "module".
// `vscode` is the editor's own module.
const client = here('./dist/client.cjs');
await build({
  ...common,
  entryPoints: [here('./src/client/extension.ts')],
  outfile: client,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  minify: true,
});
// The webview's script and style sheet (browser, one file each; the page's CSP admits only these).
await build({
  ...common,
  entryPoints: {
    preview: here('./src/client/preview/main.ts'),
    'preview-style': here('./src/client/preview/preview.css'),
  },
  outdir: here('./dist'),
  entryNames: '[name]',
  platform: 'browser',
  target: 'chrome120',
  format: 'iife',
  minify: true,
});
console.error(`lsp/dist/client.cjs ${kib(client)}, preview.js ${kib(here('./dist/preview.js'))}`);

// The .vsix: what .vscodeignore lets through (the bundles, manifest, grammars, README). Dependencies are in the
// bundles, so vsce is told not to collect node_modules.
const vsix = here(`./dist/${name}-${version}.vsix`);
rmSync(vsix, { force: true });
const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
const packaged = spawnSync(
  process.execPath,
  [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix],
  { cwd: here('.'), encoding: 'utf8' },
);
if (packaged.status !== 0) {
  console.error(packaged.stdout, packaged.stderr);
  process.exit(1);
}
console.error(`lsp/dist/${name}-${version}.vsix ${kib(vsix)}`);
