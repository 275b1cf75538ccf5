// Bundles the CLI into one file with esbuild. The core is consumed as TypeScript source through the workspace.
// `--quiet` (for `npm start`) leaves out the size line, so nothing but the command's own output is printed.
import { build } from 'esbuild';
import { readFileSync, statSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const outfile = new URL('./dist/cli.js', import.meta.url).pathname;

await build({
  entryPoints: [new URL('./src/cli/bin.ts', import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner: {
    js: '#!/usr/bin/env node\nimport { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
  },
  define: { STS_INSPECTOR_VERSION: JSON.stringify(version) },
  sourcemap: 'linked',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
if (!process.argv.includes('--quiet')) {
  console.error(`lsp/dist/cli.js ${(statSync(outfile).size / 1024).toFixed(0)} KiB`);
}
