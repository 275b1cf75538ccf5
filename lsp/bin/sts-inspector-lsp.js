#!/usr/bin/env node
// The installed language server command: runs the built server. Committed, unlike the build, so that `npm ci`
// links it.
import { existsSync } from 'node:fs';

const built = new URL('../dist/server.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write(
    'sts-inspector-lsp: the language server is not built yet; run `npm run build` first\n',
  );
  process.exit(2);
}
await import(built.href);
