/**
 * Field rules of the policy (RFC 8461 §3.2): key case, required and repeated fields, the values of `version`,
 * `mode` and `max_age` with the `max_age` guidance, `mx` patterns and extension fields. Works on the fields the
 * lexical layer read. Pure. Never throws.
 */
import { appendFindings } from '../findings/budget.js';
import { makeFinding } from '../findings/finding.js';
import type { Finding, Fix, Range } from '../findings/types.js';
import type { LineIndex } from '../text/line-index.js';
import type { MxPatternEntry, Policy, PolicyField, PolicyMode } from './policy-types.js';
import { MAX_AGE_LIMIT, ONE_DAY, ONE_WEEK, policyModes } from './policy-keys.js';
import type { PolicyLex } from './policy-parse.js';
import { checkMxValue, extensionProblem } from './policy-values.js';

/** What the field rules need besides the lexed fields. */
export interface ValidateContext {
  index: LineIndex;
  /** The policy domain, when known (STS308). */
  domain: string | undefined;
}

type Key = 'version' | 'mode' | 'max_age' | 'mx';
const keys: readonly string[] = ['version', 'mode', 'max_age', 'mx'] satisfies Key[];
const single = ['version', 'mode', 'max_age'] as const;
const isMode = (value: string): value is PolicyMode => (policyModes as readonly string[]).includes(value);

/** Validate the fields; returns the policy values (the first occurrence wins, RFC 8461 §3.2) and the findings. */
export function validatePolicyFields(
  lex: PolicyLex,
  ctx: ValidateContext,
): { policy: Omit<Policy, 'fields' | 'lineEnding'>; findings: Finding[] } {
  const findings: Finding[] = [];
  const range = (start: number, end: number): Range => ctx.index.rangeOf(start, end);
  const nameRange = (f: PolicyField): Range => range(f.nameStart, f.nameEnd);
  const valueRange = (f: PolicyField): Range => range(f.valueStart, f.valueEnd);
  const fieldRange = (f: PolicyField): Range => range(f.nameStart, f.valueEnd);
  const replace = (title: string, at: Range, newText: string): Fix => ({
    title,
    edits: [{ range: at, newText }],
  });
  const deleteLine = (f: PolicyField): { range: Range; newText: string } => {
    // The line with its terminator; on an unterminated last line the previous terminator stays, which is allowed.
    const line = lex.lines[f.line];
    const start = line?.start ?? f.nameStart;
    const end = line ? line.end + line.terminator.length : f.valueEnd;
    return { range: range(start, end), newText: '' };
  };
  const clean = (f: PolicyField): boolean => !lex.tainted.has(f.line);
  const atStart = range(lex.bodyStart, lex.bodyStart);

  // `%s"mode"`: keys are case-sensitive. A known key in another case is evidently that key (STS207, not STS223).
  const keyOf = (f: PolicyField): string => {
    const lower = f.name.toLowerCase();
    if (lower !== f.name && keys.includes(lower)) {
      findings.push(
        makeFinding('STS207', {
          range: nameRange(f),
          data: { name: f.name, expected: lower },
          fix: replace(`Write \`${lower}\``, nameRange(f), lower),
        }),
      );
      return lower;
    }
    return f.name;
  };
  const keyed = lex.fields.map((f) => ({ f, key: keyOf(f) }));
  // The fields of a key, those written exactly first: a sender that follows the ABNF sees only those, so `Mode:
  // none` before `mode: enforce` must not make the policy read as `none`. Another case is read only when no
  // field has the exact name.
  const all = (key: string): PolicyField[] => [
    ...keyed.filter((x) => x.key === key && x.f.name === key).map((x) => x.f),
    ...keyed.filter((x) => x.key === key && x.f.name !== key).map((x) => x.f),
  ];

  // RFC 8461 §3.2: "all entries except for the first SHALL be ignored" — but senders differ (STS220, STS221).
  for (const key of single) {
    const [head, ...later] = all(key);
    if (!head || later.length === 0) {
      continue;
    }
    const differing = later.find((f) => f.value !== head.value);
    if (differing === undefined) {
      findings.push(
        makeFinding('STS221', {
          range: fieldRange(later[0] ?? head),
          data: { field: key },
          related: [{ message: `First \`${key}\``, range: fieldRange(head) }],
          fix: { title: `Delete the repeated \`${key}\``, edits: later.map(deleteLine) },
        }),
      );
    } else {
      findings.push(
        makeFinding('STS220', {
          range: fieldRange(differing),
          data: { field: key, n: later.length + 1 },
          related: [head, ...later].map((f, i) => ({
            message: `${i === 0 ? 'Applies' : 'Ignored'}: \`${f.name}: ${f.value}\``,
            range: fieldRange(f),
          })),
        }),
      );
    }
  }

  const first = (key: Key): PolicyField | undefined => all(key)[0];

  let version: string | undefined;
  const v = first('version');
  if (!v) {
    findings.push(
      makeFinding('STS208', {
        range: atStart,
        fix: {
          title: 'Insert `version: STSv1`',
          edits: [{ range: atStart, newText: `version: STSv1${lex.eol}` }],
        },
      }),
    );
  } else if (clean(v)) {
    if (v.value === 'STSv1') {
      version = v.value;
    } else {
      findings.push(
        makeFinding('STS209', {
          range: v.value === '' ? fieldRange(v) : valueRange(v),
          data: { value: v.value },
          fix:
            v.value.toLowerCase() === 'stsv1' ? replace('Write `STSv1`', valueRange(v), 'STSv1') : undefined,
        }),
      );
    }
  }

  let mode: PolicyMode | undefined;
  const m = first('mode');
  if (!m) {
    findings.push(makeFinding('STS210', { range: atStart }));
  } else if (clean(m)) {
    if (isMode(m.value)) {
      mode = m.value;
    } else {
      const lower = m.value.toLowerCase();
      findings.push(
        makeFinding('STS211', {
          range: m.value === '' ? fieldRange(m) : valueRange(m),
          data: { value: m.value },
          fix: isMode(lower) ? replace(`Write \`${lower}\``, valueRange(m), lower) : undefined,
        }),
      );
    }
  }

  const maxAge = checkMaxAge(first('max_age'), mode, findings, {
    clean,
    atStart,
    valueRange,
    fieldRange,
    replace,
  });

  const mxFields = all('mx');
  const mx: MxPatternEntry[] = [];
  const seen = new Map<string, PolicyField>();
  // Whether each first occurrence is valid, by field: a repeat takes it without a search through `mx`.
  const validity = new Map<PolicyField, boolean>();
  for (const f of mxFields) {
    const key = f.value.toLowerCase();
    const earlier = clean(f) ? seen.get(key) : undefined;
    if (earlier) {
      // The same pattern again: its own checks were made on the first occurrence.
      mx.push({ pattern: f.value, field: f, valid: validity.get(earlier) ?? false });
      findings.push(
        makeFinding('STS222', {
          range: valueRange(f),
          data: { pattern: f.value },
          related: [{ message: 'First occurrence', range: valueRange(earlier) }],
          fix: { title: 'Delete the duplicate `mx` line', edits: [deleteLine(f)] },
        }),
      );
      continue;
    }
    if (!clean(f)) {
      mx.push({ pattern: f.value, field: f, valid: false });
      continue;
    }
    seen.set(key, f);
    const checked = checkMxValue(f.value, valueRange(f), ctx.domain);
    appendFindings(findings, checked.findings);
    validity.set(f, checked.valid);
    mx.push({ pattern: f.value, field: f, valid: checked.valid });
  }
  const firstMx = mxFields[0];
  if (mode === 'none' && firstMx) {
    findings.push(makeFinding('STS219', { range: nameRange(firstMx) }));
  }
  if (m && (mode === 'enforce' || mode === 'testing') && !firstMx) {
    findings.push(makeFinding('STS218', { range: valueRange(m), data: { mode } }));
  }

  const extensions: PolicyField[] = [];
  for (const { f, key } of keyed) {
    if (keys.includes(key)) {
      continue;
    }
    extensions.push(f);
    if (!clean(f)) {
      continue;
    }
    const problem = extensionProblem(f.name, f.value);
    findings.push(
      problem === undefined
        ? makeFinding('STS223', { range: nameRange(f), data: { name: f.name } })
        : makeFinding('STS224', { range: fieldRange(f), data: { n: f.line + 1, reason: problem } }),
    );
  }
  return { policy: { version, mode, maxAge, mx, extensions }, findings };
}

interface MaxAgeHelpers {
  clean(f: PolicyField): boolean;
  atStart: Range;
  valueRange(f: PolicyField): Range;
  fieldRange(f: PolicyField): Range;
  replace(title: string, at: Range, newText: string): Fix;
}

/** `max_age`: grammar (STS213), bound (STS214) and the guidance by mode (STS215–STS217). */
function checkMaxAge(
  a: PolicyField | undefined,
  mode: PolicyMode | undefined,
  findings: Finding[],
  h: MaxAgeHelpers,
): number | undefined {
  if (!a) {
    findings.push(makeFinding('STS212', { range: h.atStart }));
    return undefined;
  }
  if (!h.clean(a)) {
    return undefined;
  }
  const at = h.valueRange(a);
  // `sts-policy-max-age-value = 1*10(DIGIT)`: no sign, unit, exponent or separator.
  if (!/^[0-9]{1,10}$/.test(a.value)) {
    findings.push(
      makeFinding('STS213', { range: a.value === '' ? h.fieldRange(a) : at, data: { value: a.value } }),
    );
    return undefined;
  }
  const value = Number(a.value);
  if (value > MAX_AGE_LIMIT) {
    findings.push(
      makeFinding('STS214', {
        range: at,
        data: { value },
        fix: h.replace(`Set ${MAX_AGE_LIMIT} (one year)`, at, String(MAX_AGE_LIMIT)),
      }),
    );
  } else if (mode === 'enforce' || mode === 'testing') {
    // RFC 8461 §3.2 expects "weeks or greater"; §10.2: short values weaken downgrade protection.
    if (value < ONE_DAY) {
      findings.push(makeFinding('STS215', { range: at, data: { value } }));
    } else if (value < ONE_WEEK) {
      findings.push(makeFinding('STS216', { range: at, data: { value } }));
    }
  } else if (mode === 'none' && value > ONE_DAY) {
    // RFC 8461 §8.3: a retiring policy should be forgotten soon.
    findings.push(makeFinding('STS217', { range: at, data: { value } }));
  }
  return value;
}
