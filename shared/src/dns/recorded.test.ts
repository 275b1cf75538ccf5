import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recordedFixtures } from './recorded.test-helpers.js';

const dir = new URL('../../fixtures/dns/', import.meta.url);

describe('RFC 8484 §4.1 recorded DoH exchange (shared/fixtures/dns/)', () => {
  it.each(Object.entries(recordedFixtures))('%s matches its generator', (file, generate) => {
    const expected = Buffer.from(generate());
    if (process.env.WRITE_DNS_FIXTURES === '1') {
      writeFileSync(new URL(file, dir), expected);
    }
    expect(readFileSync(new URL(file, dir)).equals(expected)).toBe(true);
  });
});
