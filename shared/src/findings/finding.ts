/**
 * The one factory for findings. It looks up severity, message template and RFC reference in the catalogue, so call
 * sites only say which rule fired, where, and with which values. Pure. Never throws.
 */
import { catalogue, type FindingCode } from './catalogue.js';
import { rfcUrl } from './rfc.js';
import type { Finding, FindingData, Fix, Range, RelatedLocation } from './types.js';

/** Where and with what a finding was made. */
export interface FindingInit {
  range?: Range | undefined;
  path?: (string | number)[] | undefined;
  data?: FindingData | undefined;
  fix?: Fix | undefined;
  related?: RelatedLocation[] | undefined;
}

/** Fill `{name}` placeholders of a template from data; unknown placeholders stay visible. */
export function formatMessage(template: string, data: FindingData | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = data?.[name];
    return value === undefined ? whole : String(value);
  });
}

/** Build a finding for a catalogue code. */
export function makeFinding(code: FindingCode, init: FindingInit = {}): Finding {
  const entry = catalogue[code];
  const finding: Finding = {
    code,
    severity: entry.severity,
    message: formatMessage(entry.message, init.data),
  };
  if (init.range) {
    finding.range = init.range;
  }
  if (init.path) {
    finding.path = init.path;
  }
  const ref = entry.ref;
  if (ref) {
    finding.rfc = { ...ref, url: rfcUrl(ref) };
  }
  if (init.related && init.related.length > 0) {
    finding.related = init.related;
  }
  if (init.fix) {
    finding.fix = init.fix;
  }
  if (init.data) {
    finding.data = init.data;
  }
  return finding;
}

/** Whether any finding is an error. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
