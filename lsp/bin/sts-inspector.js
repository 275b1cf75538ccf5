#!/usr/bin/env node
// The installed command: runs the built CLI. Committed, unlike the build, so that `npm ci` links it (npx, PATH).
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write(
    'sts-inspector: the command-line checker is not built yet; run `npm run build` first\n',
  );
  process.exit(2);
}
await import(built.href);
