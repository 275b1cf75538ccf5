/** Renders `shared/rules.md` from the catalogue, so the documentation cannot drift from the code. Pure. */
import { catalogue, findingCodes, type FindingCode } from './catalogue.js';
import type { CatalogueEntry } from './rule.js';

const groups: [prefix: RegExp, title: string][] = [
  [/^STS0/, 'STS0xx — `_mta-sts` record'],
  [/^STS1/, 'STS1xx — policy fetch and remembered state'],
  [/^STS2/, 'STS2xx — policy body'],
  [/^STS3/, 'STS3xx — `mx` patterns, MX coverage, MX TLS'],
  [/^DANE0/, 'DANE0xx — TLSA records of MX hosts'],
  [/^RPT0/, 'RPT0xx — `_smtp._tls` record'],
  [/^RPT1/, 'RPT1xx — report JSON'],
  [/^RPT2/, 'RPT2xx — report transport metadata'],
  [/^DNS0/, 'DNS0xx — resolver and transport'],
  [/^INT0/, 'INT0xx — internal'],
];

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The per-code paragraph under a group's table: title, tags, explanation. */
function paragraph(code: FindingCode): string {
  const e: CatalogueEntry = catalogue[code];
  const tags = e.tags?.length ? ` (${e.tags.join(', ')})` : '';
  return `**${code} — ${e.title}**${tags}. ${e.explanation}`;
}

/** The Markdown text of the catalogue. */
export function renderRulesMarkdown(): string {
  const out: string[] = [
    '# Diagnostics catalogue',
    '',
    'Generated from `shared/src/findings/catalogue.ts` by `npm run rules`; a test fails when this file differs from',
    'the catalogue. Codes are a public contract: never renumber or reuse one; add new codes in the same style at the',
    'end of a group. Messages are templates (`{placeholders}`); wording may be improved, meaning may not change.',
    'Severities: `error` — senders will not get or apply what the owner intended, or an RFC MUST is broken;',
    '`warning` — a SHOULD is broken, implementations disagree, or the posture has a gap; `info` — facts and advice,',
    'never a non-zero exit. Scope says what input triggers the rule (`sts-txt`, `policy`, `rpt-txt`, `report` and',
    '`report-msg` are file-testable, and each of their codes has a fixture under `shared/fixtures/`, except RPT209 and',
    'RPT211, which need DNS to verify DKIM). Under each table, every rule is explained for a mail admin: what is',
    'wrong, what sending MTAs do about it, and what to change; tags mark text senders ignore (`unnecessary`) or an',
    'obsolete form (`deprecated`).',
  ];
  for (const [prefix, title] of groups) {
    const codes = findingCodes.filter((code) => prefix.test(code));
    if (codes.length === 0) {
      continue;
    }
    out.push(
      '',
      `## ${title}`,
      '',
      '| Code | Title | Sev | Scope | Message | Source | Notes |',
      '|---|---|---|---|---|---|---|',
    );
    for (const code of codes) {
      const e = catalogue[code];
      out.push(
        `| ${code} | ${cell(e.title)} | ${e.severity} | ${e.scope} | ${cell(e.message)} | ${cell(e.source)} | ${cell(e.notes)} |`,
      );
    }
    out.push('', `### ${title.split(' ')[0] ?? title} explained`, '');
    out.push(codes.map(paragraph).join('\n\n'));
  }
  return out.join('\n') + '\n';
}
