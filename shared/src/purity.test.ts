/** The core must run anywhere: bundle it for a neutral platform and fail on any Node built-in. */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the core is pure', () => {
  it('bundles for a neutral platform without Node built-ins', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
      bundle: true,
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: ['import', 'module', 'default'],
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((i) => i.startsWith('node:') || /^(fs|path|zlib|net|tls|buffer)$/.test(i))).toEqual(
      [],
    );
    const text = result.outputFiles[0]!.text;
    expect(text).not.toMatch(/\brequire\(["'](node:)?(fs|net|tls|zlib|buffer|crypto)["']\)/);
    expect(text).not.toMatch(/\bBuffer\.(from|alloc)\(/);
  }, 30_000);
});
