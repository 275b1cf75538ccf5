import { describe, expect, it } from 'vitest';
import { severities } from '../findings/severity.js';
import { severityTone, verdictPresentation } from './presentation.js';
import { verdicts } from './types.js';

/** WCAG relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

describe('how verdicts are shown', () => {
  it('has one presentation per verdict, with a short badge, distinct words and readable colours', () => {
    expect(Object.keys(verdictPresentation).sort()).toEqual([...verdicts].sort());
    const badges = new Set<string>();
    for (const v of verdicts) {
      const p = verdictPresentation[v];
      expect(p.badge.length, v).toBeGreaterThan(0);
      expect(p.badge.length, v).toBeLessThanOrEqual(4);
      badges.add(p.badge);
      expect(p.colour).toMatch(/^#[0-9a-f]{6}$/);
      // White badge text on the colour: WCAG AA for normal text.
      expect((1 + 0.05) / (luminance(p.colour) + 0.05), v).toBeGreaterThanOrEqual(4.5);
      expect(p.words).toMatch(/^[A-Z].*\.$/);
    }
    expect(badges.size).toBe(verdicts.length);
  });

  it('gives the good tone only to enforced, and a bad one to broken and unknown', () => {
    expect(verdicts.filter((v) => verdictPresentation[v].tone === 'good')).toEqual(['enforced']);
    expect(verdicts.filter((v) => verdictPresentation[v].tone === 'bad')).toEqual(['broken', 'unknown']);
    expect(severities.map((s) => severityTone[s])).toEqual(['bad', 'caution', 'info', 'info']);
  });
});
