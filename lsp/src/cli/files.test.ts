/** Reading report files for `sts-inspector report`: plain JSON as text, everything else as bytes, same findings. */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readReportFile, webGunzipStream } from '@sts-inspector/shared';
import { describe, expect, it } from 'vitest';
import { expandInputs, readHead, readReportInput } from './files.js';
import { InputError } from './io.js';
import { inputLimits } from './limits.js';

const fixtures = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const mailRu = readFileSync(`${fixtures}report/ok--sample-mail-ru.json`);
const google = readFileSync(`${fixtures}report-msg/ok--sample-google-com-tlsrpt.eml`);
const bytesOf = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('readReportInput', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sts-input-'));
  const cases: [name: string, content: Uint8Array, as: 'text' | 'bytes'][] = [
    ['plain.json', mailRu, 'text'],
    ['non-ascii.json', bytesOf('{"organization-name": "Société Générale 例え 🚀", "policies": []}'), 'text'],
    ['plain.json.gz', gzipSync(mailRu), 'bytes'],
    ['saved.eml', google, 'bytes'],
    // Bytes a `.json` name does not promise: gzip, a byte order mark, bytes that are not UTF-8.
    ['gzip-under-json.json', gzipSync(mailRu), 'bytes'],
    ['bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), mailRu]), 'bytes'],
    ['latin1.json', Buffer.from('{"organization-name": "Soci\xe9t\xe9", "policies": []}', 'latin1'), 'bytes'],
    ['replacement-char.json', bytesOf('{"organization-name": "\uFFFD", "policies": []}'), 'bytes'],
  ];

  it('reads a plain UTF-8 .json as text and anything else as bytes', async () => {
    for (const [name, content, as] of cases) {
      writeFileSync(join(dir, name), content);
      const input = await readReportInput(join(dir, name));
      expect(typeof input === 'string' ? 'text' : 'bytes', name).toBe(as);
      if (typeof input === 'string') {
        expect(input, name).toBe(new TextDecoder().decode(content));
      } else {
        expect(Buffer.from(input).equals(Buffer.from(content)), name).toBe(true);
      }
    }
  });

  it('gives the same report, findings and ranges as reading the bytes', async () => {
    const options = { gunzipStream: webGunzipStream() };
    for (const [name, content] of cases) {
      writeFileSync(join(dir, name), content);
      const viaInput = await readReportFile(name, await readReportInput(join(dir, name)), options);
      const viaBytes = await readReportFile(name, new Uint8Array(content), options);
      expect(viaInput, name).toEqual(viaBytes);
    }
  });

  it('refuses a file over the bound, and a file that is not there, in words', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, inputLimits.fileBytes + 1);
    await expect(readReportInput(big)).rejects.toThrow(InputError);
    await expect(readReportInput(big)).rejects.toThrow(
      /^268,435,457 bytes, over the 256 MiB limit on input files$/,
    );
    await expect(readReportInput(join(dir, 'missing.json'))).rejects.toThrow(
      /^cannot read: no such file or folder$/,
    );
    await expect(readHead(join(dir, 'missing.json.gz'))).rejects.toThrow(/no such file or folder/);
  });
});

describe('expandInputs', () => {
  it('walks folders in name order, follows symbolic links, and enters each folder once', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sts-walk-'));
    mkdirSync(join(root, 'b'));
    writeFileSync(join(root, 'b', 'x.json'), '{}');
    writeFileSync(join(root, 'a.json'), '{}');
    symlinkSync(join(root, 'a.json'), join(root, 'link.json'));
    symlinkSync(root, join(root, 'b', 'loop'));
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling.json'));
    const entries = await expandInputs([root, join(root, 'missing')]);
    expect(entries.map((e) => [e.path.slice(root.length), e.explicit, e.error ?? e.skip ?? ''])).toEqual([
      ['/a.json', false, ''],
      ['/b/x.json', false, ''],
      ['/dangling.json', false, 'cannot read: no such file or folder'],
      ['/link.json', false, ''],
      ['/missing', true, 'cannot read: no such file or folder'],
    ]);
  });

  it('lists a folder of many files without a stack that grows with them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sts-many-'));
    const n = 130_000;
    // Links, not files: cheap to make, and walked as the files they lead to.
    writeFileSync(join(root, 'target'), '');
    for (let i = 0; i < n; i++) {
      symlinkSync('target', join(root, `r${i}.json`));
    }
    const entries = await expandInputs([root]);
    rmSync(root, { recursive: true });
    expect(entries).toHaveLength(n + 1);
    // A backstop against a hang only: 130,000 links take 20 s on an idle machine and passed 120 s under a load of 17.
  }, 600_000);
});
