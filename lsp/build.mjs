// Bundles the CLI and the language server into one file each with esbuild; the server's lint worker is bundled
// first and put into both as a string (run with `new Worker(code, { eval: true })`), so each is one file.
// The core is consumed as TypeScript source through the workspace.
import { build } from 'esbuild';
import { readFileSync, statSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const path = (p) => new URL(p, import.meta.url).pathname;

const worker = await build({
  entryPoints: [path('./src/server/lint-worker.ts')],
  write: false,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  minify: true,
  logLevel: 'warning',
});
const workerCode = worker.outputFiles[0].text;

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner: {
    js: '#!/usr/bin/env node\nimport { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
  },
  define: { STS_INSPECTOR_VERSION: JSON.stringify(version), STS_LINT_WORKER: JSON.stringify(workerCode) },
  sourcemap: 'linked',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
};

for (const [entry, out] of [
  ['./src/cli/bin.ts', './dist/cli.js'],
  ['./src/server/bin.ts', './dist/server.js'],
]) {
  await build({ ...common, entryPoints: [path(entry)], outfile: path(out) });
  console.error(`lsp/dist/${out.slice(7)} ${(statSync(path(out)).size / 1024).toFixed(0)} KiB`);
}
