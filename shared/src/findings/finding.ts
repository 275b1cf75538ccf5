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

/** A message template cut at its `{name}` placeholders: text, name, text, name, …, text. */
type CompiledTemplate = readonly string[];

function compile(template: string): CompiledTemplate {
  return template.split(/\{(\w+)\}/);
}

/**
 * Fill `{name}` placeholders of a compiled template; unknown placeholders stay visible. Joined, not added up: `+`
 * makes a tree of string pieces, one object per piece, and a large report keeps hundreds of thousands of messages.
 */
function fill(parts: CompiledTemplate, data: FindingData | undefined): string {
  if (parts.length === 1) {
    return parts[0] ?? '';
  }
  const pieces = parts.slice();
  for (let i = 1; i < pieces.length; i += 2) {
    const name = pieces[i] ?? '';
    const value = data?.[name];
    pieces[i] = value === undefined ? `{${name}}` : String(value);
  }
  return pieces.join('');
}

/** Fill `{name}` placeholders of a template from data; unknown placeholders stay visible. */
export function formatMessage(template: string, data: FindingData | undefined): string {
  return fill(compile(template), data);
}

/**
 * What every finding of a code shares, worked out once per code: the compiled message template and the RFC
 * reference with its URL (one frozen object, shared by all findings of the code; a large report can have
 * hundreds of thousands).
 */
interface CodeFacts {
  template: CompiledTemplate;
  rfc: Finding['rfc'];
}

const facts = new Map<FindingCode, CodeFacts>();

function factsOf(code: FindingCode): CodeFacts {
  let known = facts.get(code);
  if (known === undefined) {
    const entry = catalogue[code];
    const ref = entry.ref;
    known = {
      template: compile(entry.message),
      rfc: ref ? Object.freeze({ ...ref, url: rfcUrl(ref) }) : undefined,
    };
    facts.set(code, known);
  }
  return known;
}

/** Build a finding for a catalogue code. */
export function makeFinding(code: FindingCode, init: FindingInit = {}): Finding {
  const known = factsOf(code);
  const severity = catalogue[code].severity;
  const message = fill(known.template, init.data);
  const { range, path, data } = init;
  const rfc = known.rfc;
  if (range && path && rfc && data && !init.fix && !init.related?.length) {
    // The common shape of a report finding, made whole at once (same member order as below).
    return { code, severity, message, range, path, rfc, data };
  }
  const finding: Finding = { code, severity, message };
  if (init.range) {
    finding.range = init.range;
  }
  if (init.path) {
    finding.path = init.path;
  }
  if (known.rfc) {
    finding.rfc = known.rfc;
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
