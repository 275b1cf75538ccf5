/**
 * The extension's build: one source, a loadable folder and a zip per browser, each with its own manifest (Chrome:
 * a service worker and the fixed id of the `key`; Firefox: background scripts and its add-on id), web-ext lint
 * without errors on the Firefox build, and the popup's JavaScript under its size budget.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const extension = fileURLToPath(new URL('../../../extension/', import.meta.url));
const webExt = fileURLToPath(new URL('../../../node_modules/web-ext/bin/web-ext.js', import.meta.url));
const version = (JSON.parse(readFileSync(join(extension, 'package.json'), 'utf8')) as { version: string })
  .version;

/** Fixed id of the Chrome build: the first 128 bits of SHA-256 of the public key, as letters a–p. */
export const chromeExtensionId = 'lghbkhbmlbkdinbbehlbokflbcnhccbk';

interface Manifest {
  manifest_version: number;
  key?: string;
  background: { service_worker?: string; scripts?: string[] };
  action: { default_popup: string };
  options_ui: { page: string };
  permissions: string[];
  host_permissions: string[];
  optional_host_permissions: string[];
  browser_specific_settings?: { gecko: { id: string } };
  content_security_policy: { extension_pages: string };
}

/** Every file of a zip archive with its content, read through the local headers (deflate or stored). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const method = zip.readUInt16LE(at + 8);
    const packedSize = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extraLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 30, at + 30 + nameLength);
    const start = at + 30 + nameLength + extraLength;
    const packed = zip.subarray(start, start + packedSize);
    files.set(name, method === 8 ? inflateRawSync(packed) : packed);
    at = start + packedSize;
  }
  return files;
}

describe('the extension build', () => {
  let out = '';
  const manifestOf = (browser: string): Manifest =>
    JSON.parse(readFileSync(join(out, browser, 'manifest.json'), 'utf8')) as Manifest;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'sts-inspector-ext-build-'));
    await run(process.execPath, [join(extension, 'build.mjs'), '--out', out, '--quiet']);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('gives Chrome a service worker and the fixed id of its key', () => {
    const manifest = manifestOf('chrome');
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background).toEqual({ service_worker: 'background.js', type: 'module' });
    expect(manifest.browser_specific_settings).toBeUndefined();
    const digest = createHash('sha256').update(Buffer.from(manifest.key!, 'base64')).digest('hex');
    const id = [...digest.slice(0, 32)].map((d) => String.fromCharCode(97 + parseInt(d, 16))).join('');
    expect(id).toBe(chromeExtensionId);
  });

  it('gives Firefox background scripts and an add-on id, and no key', () => {
    const manifest = manifestOf('firefox');
    expect(manifest.background).toEqual({ scripts: ['background.js'], type: 'module' });
    expect(manifest.browser_specific_settings?.gecko.id).toMatch(/^[\w.-]+@[\w.-]+$/);
    expect(manifest.key).toBeUndefined();
  });

  it('asks for the fewest permissions: the default resolver, and every other origin only when needed', () => {
    for (const browser of ['chrome', 'firefox']) {
      const manifest = manifestOf(browser);
      expect(manifest.permissions.sort()).toEqual(['activeTab', 'storage']);
      expect(manifest.host_permissions).toEqual(['https://cloudflare-dns.com/*']);
      expect(manifest.optional_host_permissions).toEqual(['https://*/*']);
      expect(manifest.content_security_policy.extension_pages).toMatch(/script-src 'self';/);
      expect(manifest.content_security_policy.extension_pages).not.toMatch(/unsafe/);
    }
  });

  it('has every file the manifests and pages name', () => {
    for (const browser of ['chrome', 'firefox']) {
      const manifest = manifestOf(browser);
      const names = readdirSync(join(out, browser));
      const named = [
        manifest.action.default_popup,
        manifest.options_ui.page,
        ...(manifest.background.scripts ?? [manifest.background.service_worker!]),
      ];
      for (const page of names.filter((name) => name.endsWith('.html'))) {
        const html = readFileSync(join(out, browser, page), 'utf8');
        named.push(...[...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!));
      }
      expect(named.filter((name) => !names.includes(name))).toEqual([]);
    }
  });

  it('gives every page the same head: charset, the manifest’s Content-Security-Policy, colour schemes', () => {
    for (const browser of ['chrome', 'firefox']) {
      const manifest = manifestOf(browser);
      const pages = readdirSync(join(out, browser)).filter((name) => name.endsWith('.html'));
      expect(pages.sort()).toEqual(['options.html', 'popup.html', 'viewer.html']);
      const heads = pages.map((page) => {
        const html = readFileSync(join(out, browser, page), 'utf8');
        const head = /<head>([\s\S]*)<\/head>/.exec(html)?.[1] ?? '';
        const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(head)?.[1];
        expect(csp, page).toBe(manifest.content_security_policy.extension_pages);
        expect(head, page).toContain('<meta charset="utf-8" />');
        expect(head, page).toContain('<meta name="color-scheme" content="light dark" />');
        // Each page's own script, named after it; filled in, no placeholder left.
        expect(head, page).toContain(`<script type="module" src="${page.replace('.html', '.js')}"></script>`);
        expect(html, page).not.toMatch(/\{\{|\}\}/);
        // The rest of the head is the same for every page.
        return head.replace(/<title>[^<]*<\/title>|href="[^"]*"|src="[^"]*"/g, '');
      });
      expect(new Set(heads).size, browser).toBe(1);
    }
  });

  it('zips each folder with the same files, byte for byte', () => {
    for (const browser of ['chrome', 'firefox']) {
      const files = unzip(readFileSync(join(out, `sts-inspector-${browser}-${version}.zip`)));
      const names = readdirSync(join(out, browser)).sort();
      expect([...files.keys()].sort()).toEqual(names);
      for (const name of names) {
        expect(files.get(name)!.equals(readFileSync(join(out, browser, name))), name).toBe(true);
      }
    }
  });

  it("keeps the popup's JavaScript under 50 KB gzipped", () => {
    const gzipped = gzipSync(readFileSync(join(out, 'chrome', 'popup.js')), { level: 9 }).length;
    expect(gzipped).toBeLessThan(50_000);
  });

  it('passes web-ext lint on the Firefox build with no errors', async () => {
    const { stdout } = await run(
      process.execPath,
      [webExt, 'lint', '--source-dir', join(out, 'firefox'), '--no-config-discovery', '--output=json'],
      { maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(stdout) as { errors: { code: string; message: string }[] };
    expect(report.errors).toEqual([]);
  });
});
