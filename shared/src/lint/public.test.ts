/** The lean entry for linting is a part of the core's public API, never an API of its own. */
import { describe, expect, it } from 'vitest';
import * as core from '../index.js';
import * as lean from './public.js';

describe('the lint entry (@sts-inspector/shared/lint)', () => {
  it('exports only what the index exports, the very same values', () => {
    const all = core as Record<string, unknown>;
    for (const [name, value] of Object.entries(lean)) {
      expect(all[name], name).toBe(value);
    }
    expect(Object.keys(lean).length).toBeGreaterThan(10);
  });
});
