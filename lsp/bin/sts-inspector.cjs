#!/usr/bin/env node
// The installed command: runs the built CLI. Committed, unlike the build, so that `npm ci` links it (npx, PATH).
// CommonJS like the entry it runs, so that Node starts no ES module loader for `--version` or `--help`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const built = path.join(__dirname, '../dist/cli.cjs');
if (!fs.existsSync(built)) {
  process.stderr.write(
    'sts-inspector: the command-line checker is not built yet; run `npm run build` first\n',
  );
  process.exit(2);
}
require(built);
