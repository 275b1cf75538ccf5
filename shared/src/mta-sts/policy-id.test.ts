import { describe, expect, it } from 'vitest';
import { newPolicyId, recordSkeletons } from './policy-id.js';
import { parseStsRecord } from './record.js';

describe('RFC 8461 §3.1 a fresh policy id', () => {
  it('is 1–32 letters or digits, and the skeleton record parses without findings', () => {
    const id = newPolicyId(Date.UTC(2024, 5, 1, 12, 30, 5));
    expect(id).toBe('20240601T123005Z');
    const [sts] = recordSkeletons(0);
    expect(parseStsRecord(sts!.text).findings).toEqual([]);
  });
});
