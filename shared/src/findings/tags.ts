/**
 * Which finding codes mark text that senders skip (`unnecessary`: editors fade it) or an obsolete form
 * (`deprecated`: editors strike it through). Kept beside the catalogue, keyed by its codes. Pure data.
 */
import type { FindingCode } from './catalogue.js';

/** A tag a finding's range carries, as LSP's DiagnosticTag names them. */
export type FindingTag = 'unnecessary' | 'deprecated';

/** The codes that carry a tag. */
export const findingTags: Partial<Record<FindingCode, readonly FindingTag[]>> = {
  // Fields senders ignore (RFC 8461 §3.1, §3.2; RFC 8460 §3).
  STS011: ['unnecessary'],
  STS219: ['unnecessary'],
  STS221: ['unnecessary'],
  STS222: ['unnecessary'],
  STS223: ['unnecessary'],
  RPT013: ['unnecessary'],
  // The `.domain` form of RFC 8461's drafts (§3.2 writes `*.`).
  STS303: ['deprecated'],
};

/** The tags of a code (none for most). */
export function tagsOf(code: string): readonly FindingTag[] {
  return (findingTags as Record<string, readonly FindingTag[] | undefined>)[code] ?? [];
}
