// Build the extension for both browsers from one source: bundle each page's script and the background with
// esbuild, copy the pages and styles, write each browser's manifest, and zip each folder.
//   node build.mjs [--out DIR] [--quiet] [--dev]
// Writes DIR/chrome/, DIR/firefox/ and DIR/sts-inspector-<browser>-<version>.zip (DIR defaults to dist/).
import { build } from 'esbuild';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { csp, manifestFor } from './manifest.mjs';

// The extension's pages. They share one head (src/page.template.html: charset, the manifest's Content-Security-Policy,
// colour schemes); each page gives its title, its style sheet and its root element, and its script is the .tsx of
// the same name in the folder of the same name.
/** @typedef {{ name: string; title: string; stylesheet: string; body: string }} Page */

/** @type {Page[]} */
const pages = [
  { name: 'popup', title: 'STS Inspector', stylesheet: 'page.css', body: '<main id="app"></main>' },
  { name: 'options', title: 'STS Inspector options', stylesheet: 'page.css', body: '<main id="app"></main>' },
  // The viewer draws its own <main>.
  {
    name: 'viewer',
    title: 'TLS reports · STS Inspector',
    stylesheet: 'viewer.css',
    body: '<div id="app"></div>',
  },
];

const escapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/** Text for an HTML attribute or element: the project's own strings, escaped all the same. */
const escapeHtml = (text) => text.replace(/[&<>"]/g, (c) => escapes[/** @type {keyof typeof escapes} */ (c)]);

/**
 * A page's HTML from the template: every `{{name}}` filled; a name the template has and no page gives is an error.
 * @param {string} template
 * @param {Page} page
 * @param {string} policy the Content-Security-Policy
 */
function pageHtml(template, page, policy) {
  /** @type {Record<string, string>} */
  const values = {
    csp: escapeHtml(policy),
    title: escapeHtml(page.title),
    stylesheet: escapeHtml(page.stylesheet),
    script: escapeHtml(`${page.name}.js`),
    body: page.body,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_, name) => {
    const value = values[name];
    if (value === undefined) {
      throw new Error(`the page template names {{${name}}}, which no page gives`);
    }
    return value;
  });
}

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quiet = args.includes('--quiet');
const dev = args.includes('--dev');
const outIndex = args.indexOf('--out');
const out = resolve(outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1] : join(here, 'dist'));
const src = join(here, 'src');
const { version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const say = (line) => quiet || console.log(line);

/** Every file under a folder, as paths. */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

const files = walk(src).filter((path) => !/\.test\.tsx?$|\.test-helpers\.tsx?$/.test(path));
const template = readFileSync(join(src, 'page.template.html'), 'utf8');
// Entry points: the background, each page's script (src/<page>/<page>.tsx or .ts) and workers.
const entries = [
  join(src, 'background/background.ts'),
  ...pages.map(({ name }) => {
    const script = [`${name}.tsx`, `${name}.ts`]
      .map((file) => join(src, name, file))
      .find((path) => existsSync(path));
    if (script === undefined) {
      throw new Error(`the page ${name} has no script: src/${name}/${name}.tsx`);
    }
    return script;
  }),
  ...files.filter((path) => /\.worker\.ts$/.test(path)),
];
const flatNames = new Set();
for (const path of [...entries, ...pages.map(({ name }) => `${name}.html`)]) {
  const name = basename(path).replace(/\.tsx?$/, '.js');
  if (flatNames.has(name)) {
    throw new Error(`two files would both be ${name} in the build: rename one (${relative(here, path)})`);
  }
  flatNames.add(name);
}

rmSync(out, { recursive: true, force: true });
const chromeDir = join(out, 'chrome');
const firefoxDir = join(out, 'firefox');
mkdirSync(chromeDir, { recursive: true });

const result = await build({
  entryPoints: entries,
  outdir: chromeDir,
  entryNames: '[name]',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome120', 'firefox128'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': dev ? '"development"' : '"production"' },
});

// Pages from the one template; styles and images copied as they are, flat.
for (const page of pages) {
  writeFileSync(join(chromeDir, `${page.name}.html`), pageHtml(template, page, csp));
}
for (const path of files.filter((file) => /\.(css|png|svg)$/.test(file))) {
  copyFileSync(path, join(chromeDir, basename(path)));
}
mkdirSync(firefoxDir, { recursive: true });
for (const name of readdirSync(chromeDir)) {
  copyFileSync(join(chromeDir, name), join(firefoxDir, name));
}
for (const [browser, dir] of [
  ['chrome', chromeDir],
  ['firefox', firefoxDir],
]) {
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifestFor(browser, version), null, 2)}\n`);
}

/** A zip archive (deflate) of every file in a folder, names relative to it, in a stable order. */
function zipFolder(dir) {
  const local = [];
  const central = [];
  let offset = 0;
  // DOS date 1980-01-01 00:00: the archive depends only on the files.
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1;
  for (const path of walk(dir).sort()) {
    const name = Buffer.from(relative(dir, path).split('\\').join('/'), 'utf8');
    const data = readFileSync(path);
    const packed = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    // The local header and the central directory entry share one run of fields, 4 bytes apart.
    const fields = (buffer, at) => {
      buffer.writeUInt16LE(0x0800, at); // flags: UTF-8 names
      buffer.writeUInt16LE(8, at + 2); // deflate
      buffer.writeUInt16LE(dosTime, at + 4);
      buffer.writeUInt16LE(dosDate, at + 6);
      buffer.writeUInt32LE(crc, at + 8);
      buffer.writeUInt32LE(packed.length, at + 12);
      buffer.writeUInt32LE(data.length, at + 16);
      buffer.writeUInt16LE(name.length, at + 20);
    };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    fields(header, 6);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    fields(entry, 8);
    entry.writeUInt32LE(offset, 42);
    local.push(header, name, packed);
    central.push(entry, name);
    offset += header.length + name.length + packed.length;
  }
  const centralSize = central.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, ...central, end]);
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
for (const [browser, dir] of [
  ['chrome', chromeDir],
  ['firefox', firefoxDir],
]) {
  const zip = join(out, `sts-inspector-${browser}-${version}.zip`);
  writeFileSync(zip, zipFolder(dir));
  say(`${relative(process.cwd(), zip)} ${kib(statSync(zip).size)}`);
}
// Each bundle's size as loaded and as gzipped (the popup's JavaScript must stay under 50 KB gzipped).
const sizes = Object.keys(result.metafile.outputs)
  .filter((path) => path.endsWith('.js'))
  .map((path) => {
    const bytes = readFileSync(path);
    return { file: basename(path), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
writeFileSync(join(out, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
for (const { file, bytes, gzip } of sizes) {
  say(`  ${file.padEnd(22)} ${kib(bytes).padStart(10)}  ${kib(gzip).padStart(10)} gzipped`);
}
