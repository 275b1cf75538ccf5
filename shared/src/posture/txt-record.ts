/**
 * Discovery of a versioned TXT record (`_mta-sts` or `_smtp._tls`): select the records that begin with the version,
 * parse the one senders would use, and report the DNS-level findings. Both record kinds share this, with their
 * codes passed in. Pure (the resolver is injected). Never throws except AbortError.
 */
import { appendFindings } from '../findings/budget.js';
import type { DnsRecord, Resolver } from '../dns/resolver.js';
import { hasErrors, makeFinding } from '../findings/finding.js';
import type { FindingCode } from '../findings/catalogue.js';
import type { Finding, Parsed } from '../findings/types.js';
import { dnssecFailure, failureReason, isDefinite, transportFindings } from '../dns/failure.js';
import { summarizeLookup } from './lookup.js';
import type { ParsedView, RecordLookup, TxtRecordView } from './types.js';

/** The per-kind knowledge the shared discovery needs: `T` is the parsed record, `V` the posture's view of it. */
export interface TxtRecordKind<T, V> {
  /** e.g. `_mta-sts` */
  label: string;
  isCandidate(text: string): boolean;
  isNearMiss(text: string): boolean;
  parse(text: string): Parsed<T>;
  /** The record as a posture carries it (plain JSON, null for what is not there). */
  view(value: T): V;
  codes: {
    failed: FindingCode;
    absent: FindingCode;
    unrelated: FindingCode;
    multiple: FindingCode;
    split: FindingCode;
    alias?: FindingCode;
    dangling?: FindingCode;
  };
}

type TxtRr = Extract<DnsRecord, { type: 'TXT' }>;

const shorten = (text: string): string => (text.length > 80 ? `${text.slice(0, 77)}…` : text);

function parseView<T, V>(kind: TxtRecordKind<T, V>, text: string): ParsedView<V> {
  const parsed = kind.parse(text);
  return { value: parsed.value === undefined ? null : kind.view(parsed.value), findings: parsed.findings };
}

/**
 * Look up and judge one record kind at `<label>.<domain>`. `chosen` is the index in `records` of the record whose
 * parse findings are among `findings` (their ranges are into its text), or null.
 */
export async function discoverTxtRecord<T, V>(
  kind: TxtRecordKind<T, V>,
  domain: string,
  resolver: Resolver,
  signal: AbortSignal | undefined,
): Promise<{ lookup: RecordLookup<V>; findings: Finding[]; chosen: number | null }> {
  const name = `${kind.label}.${domain}`;
  const result = await resolver.query(name, 'TXT', { signal });
  const findings: Finding[] = [];
  const summary = summarizeLookup(result);
  if (!isDefinite(result) || !result.ok) {
    appendFindings(findings, transportFindings(result));
    appendFindings(findings, await dnssecFailure(result, resolver, signal));
    findings.push(makeFinding(kind.codes.failed, { data: { domain, rcode: failureReason(result) } }));
    return {
      lookup: { name, state: 'unknown', lookup: summary, records: [], selected: null },
      findings,
      chosen: null,
    };
  }
  const target = result.cnames.at(-1)?.target;
  if (target && kind.codes.alias) {
    findings.push(makeFinding(kind.codes.alias, { data: { domain, target } }));
  }
  const txt = result.records.filter((r): r is TxtRr => r.type === 'TXT');
  const views: TxtRecordView<V>[] = txt.map((r) => ({
    text: r.text,
    strings: r.strings,
    ttl: r.ttl,
    parsed: null,
  }));
  const candidates = views.filter((v) => kind.isCandidate(v.text));
  const nearMisses = views.filter((v) => !kind.isCandidate(v.text) && kind.isNearMiss(v.text));
  const unrelated = views.filter((v) => !kind.isCandidate(v.text) && !kind.isNearMiss(v.text));

  if (unrelated.length > 0) {
    const values = unrelated.map((v) => `"${shorten(v.text)}"`).join(', ');
    findings.push(makeFinding(kind.codes.unrelated, { data: { domain, values } }));
  }
  for (const view of [...candidates, ...nearMisses]) {
    if (view.strings.length > 1) {
      findings.push(
        makeFinding(kind.codes.split, { data: { n: view.strings.length, joined: shorten(view.text) } }),
      );
    }
  }

  if (candidates.length > 1) {
    findings.push(makeFinding(kind.codes.multiple, { data: { n: candidates.length } }));
    for (const view of candidates) {
      view.parsed = parseView(kind, view.text);
    }
    return {
      lookup: { name, state: 'multiple', lookup: summary, records: views, selected: null },
      findings,
      chosen: null,
    };
  }
  const chosen = candidates[0] ?? (nearMisses.length === 1 ? nearMisses[0] : undefined);
  if (!chosen) {
    if (target && kind.codes.dangling && txt.length === 0) {
      findings.push(
        makeFinding(kind.codes.dangling, {
          data: {
            domain,
            reason: `${target}: ${result.rcode === 'NXDOMAIN' ? 'NXDOMAIN' : 'no TXT record'}`,
          },
        }),
      );
    } else {
      findings.push(makeFinding(kind.codes.absent, { data: { domain } }));
    }
    return {
      lookup: { name, state: 'absent', lookup: summary, records: views, selected: null },
      findings,
      chosen: null,
    };
  }
  chosen.parsed = parseView(kind, chosen.text);
  appendFindings(findings, chosen.parsed.findings);
  const usable =
    candidates.length === 1 && chosen.parsed.value !== null && !hasErrors(chosen.parsed.findings);
  return {
    lookup: {
      name,
      state: usable ? 'present' : 'invalid',
      lookup: summary,
      records: views,
      selected: usable ? chosen : null,
    },
    findings,
    chosen: views.indexOf(chosen),
  };
}

/** Look for a record of this kind at names where it has no effect (asked only when the real name has none). */
export async function findMisplaced(
  names: string[],
  isCandidate: (text: string) => boolean,
  resolver: Resolver,
  signal: AbortSignal | undefined,
): Promise<string[]> {
  const results = await Promise.all(names.map((n) => resolver.query(n, 'TXT', { signal })));
  return results
    .filter((r) => r.ok && r.records.some((rr) => rr.type === 'TXT' && isCandidate(rr.text.trimStart())))
    .map((r) => r.question.name);
}
