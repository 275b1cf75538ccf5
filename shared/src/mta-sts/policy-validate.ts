/**
 * Field rules of the policy (RFC 8461 §3.2): key case, required and repeated fields, the values of `version`,
 * `mode` and `max_age` with the `max_age` guidance, `mx` patterns and extension fields. Works on the fields the
 * lexical layer read. Pure. Never throws.
 */
import { appendFindings } from '../findings/budget.js';
import { makeFinding } from '../findings/finding.js';
import type { Finding, Fix, Range, TextEdit } from '../findings/types.js';
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

/** What every field rule uses: where things are, how to write a fix, and the findings so far. */
interface Rules {
  findings: Finding[];
  /** An empty range where the body starts: the place of a missing field. */
  atStart: Range;
  /** The line terminator of the text, for an inserted line. */
  eol: string;
  domain: string | undefined;
  nameRange: (f: PolicyField) => Range;
  valueRange: (f: PolicyField) => Range;
  fieldRange: (f: PolicyField) => Range;
  replace: (title: string, at: Range, newText: string) => Fix;
  /** An edit that deletes the field's line. */
  deleteLine: (f: PolicyField) => TextEdit;
  /** Whether the field's line is free of lexical faults, so its value is judged. */
  clean: (f: PolicyField) => boolean;
}

/** A field and the key it is read as (a known key in another case is read as that key). */
interface KeyedField {
  f: PolicyField;
  key: string;
}

/** Validate the fields; returns the policy values (the first occurrence wins, RFC 8461 §3.2) and the findings. */
export function validatePolicyFields(
  lex: PolicyLex,
  ctx: ValidateContext,
): { policy: Omit<Policy, 'fields' | 'lineEnding'>; findings: Finding[] } {
  const rules = rulesFor(lex, ctx);
  const keyed = lex.fields.map((f) => ({ f, key: keyOf(rules, f) }));
  const all = (key: Key): PolicyField[] => fieldsOf(keyed, key);
  checkRepeatedFields(rules, all);
  const version = checkVersion(rules, all('version')[0]);
  const modeField = all('mode')[0];
  const mode = checkMode(rules, modeField);
  const maxAge = checkMaxAge(rules, all('max_age')[0], mode);
  const mxFields = all('mx');
  const mx = checkMxFields(rules, mxFields);
  checkMxForMode(rules, modeField, mode, mxFields[0]);
  const extensions = checkExtensions(rules, keyed);
  return { policy: { version, mode, maxAge, mx, extensions }, findings: rules.findings };
}

function rulesFor(lex: PolicyLex, ctx: ValidateContext): Rules {
  const range = (start: number, end: number): Range => ctx.index.rangeOf(start, end);
  return {
    findings: [],
    atStart: range(lex.bodyStart, lex.bodyStart),
    eol: lex.eol,
    domain: ctx.domain,
    nameRange: (f) => range(f.nameStart, f.nameEnd),
    valueRange: (f) => range(f.valueStart, f.valueEnd),
    fieldRange: (f) => range(f.nameStart, f.valueEnd),
    replace: (title, at, newText) => ({ title, edits: [{ range: at, newText }] }),
    deleteLine: (f) => {
      // The line with its terminator; on an unterminated last line the previous terminator stays, which is allowed.
      const line = lex.lines[f.line];
      const start = line?.start ?? f.nameStart;
      const end = line ? line.end + line.terminator.length : f.valueEnd;
      return { range: range(start, end), newText: '' };
    },
    clean: (f) => !lex.tainted.has(f.line),
  };
}

/** `%s"mode"`: keys are case-sensitive. A known key in another case is evidently that key (STS207, not STS223). */
function keyOf(rules: Rules, f: PolicyField): string {
  const lower = f.name.toLowerCase();
  if (lower !== f.name && keys.includes(lower)) {
    rules.findings.push(
      makeFinding('STS207', {
        range: rules.nameRange(f),
        data: { name: f.name, expected: lower },
        fix: rules.replace(`Write \`${lower}\``, rules.nameRange(f), lower),
      }),
    );
    return lower;
  }
  return f.name;
}

/**
 * The fields of a key, those written exactly first: a sender that follows the ABNF sees only those, so `Mode: none`
 * before `mode: enforce` must not make the policy read as `none`. Another case is read only when no field has the
 * exact name.
 */
function fieldsOf(keyed: readonly KeyedField[], key: Key): PolicyField[] {
  return [
    ...keyed.filter((x) => x.key === key && x.f.name === key).map((x) => x.f),
    ...keyed.filter((x) => x.key === key && x.f.name !== key).map((x) => x.f),
  ];
}

/** RFC 8461 §3.2: "all entries except for the first SHALL be ignored" — but senders differ (STS220, STS221). */
function checkRepeatedFields(rules: Rules, all: (key: Key) => PolicyField[]): void {
  for (const key of single) {
    const [head, ...later] = all(key);
    if (!head || later.length === 0) {
      continue;
    }
    const differing = later.find((f) => f.value !== head.value);
    if (differing === undefined) {
      rules.findings.push(
        makeFinding('STS221', {
          range: rules.fieldRange(later[0] ?? head),
          data: { field: key },
          related: [{ message: `First \`${key}\``, range: rules.fieldRange(head) }],
          fix: { title: `Delete the repeated \`${key}\``, edits: later.map(rules.deleteLine) },
        }),
      );
    } else {
      rules.findings.push(
        makeFinding('STS220', {
          range: rules.fieldRange(differing),
          data: { field: key, n: later.length + 1 },
          related: [head, ...later].map((f, i) => ({
            message: `${i === 0 ? 'Applies' : 'Ignored'}: \`${f.name}: ${f.value}\``,
            range: rules.fieldRange(f),
          })),
        }),
      );
    }
  }
}

/** `version`: required (STS208), and `STSv1` exactly (STS209). */
function checkVersion(rules: Rules, v: PolicyField | undefined): string | undefined {
  if (!v) {
    rules.findings.push(
      makeFinding('STS208', {
        range: rules.atStart,
        fix: {
          title: 'Insert `version: STSv1`',
          edits: [{ range: rules.atStart, newText: `version: STSv1${rules.eol}` }],
        },
      }),
    );
    return undefined;
  }
  if (!rules.clean(v)) {
    return undefined;
  }
  if (v.value === 'STSv1') {
    return v.value;
  }
  rules.findings.push(
    makeFinding('STS209', {
      range: v.value === '' ? rules.fieldRange(v) : rules.valueRange(v),
      data: { value: v.value },
      fix:
        v.value.toLowerCase() === 'stsv1'
          ? rules.replace('Write `STSv1`', rules.valueRange(v), 'STSv1')
          : undefined,
    }),
  );
  return undefined;
}

/** `mode`: required (STS210), and one of the modes as written (STS211). */
function checkMode(rules: Rules, m: PolicyField | undefined): PolicyMode | undefined {
  if (!m) {
    rules.findings.push(makeFinding('STS210', { range: rules.atStart }));
    return undefined;
  }
  if (!rules.clean(m)) {
    return undefined;
  }
  if (isMode(m.value)) {
    return m.value;
  }
  const lower = m.value.toLowerCase();
  rules.findings.push(
    makeFinding('STS211', {
      range: m.value === '' ? rules.fieldRange(m) : rules.valueRange(m),
      data: { value: m.value },
      fix: isMode(lower) ? rules.replace(`Write \`${lower}\``, rules.valueRange(m), lower) : undefined,
    }),
  );
  return undefined;
}

/** `max_age`: required (STS212), grammar (STS213), bound (STS214) and the guidance by mode (STS215–STS217). */
function checkMaxAge(
  rules: Rules,
  a: PolicyField | undefined,
  mode: PolicyMode | undefined,
): number | undefined {
  if (!a) {
    rules.findings.push(makeFinding('STS212', { range: rules.atStart }));
    return undefined;
  }
  if (!rules.clean(a)) {
    return undefined;
  }
  const at = rules.valueRange(a);
  // `sts-policy-max-age-value = 1*10(DIGIT)`: no sign, unit, exponent or separator.
  if (!/^[0-9]{1,10}$/.test(a.value)) {
    rules.findings.push(
      makeFinding('STS213', { range: a.value === '' ? rules.fieldRange(a) : at, data: { value: a.value } }),
    );
    return undefined;
  }
  const value = Number(a.value);
  if (value > MAX_AGE_LIMIT) {
    rules.findings.push(
      makeFinding('STS214', {
        range: at,
        data: { value },
        fix: rules.replace(`Set ${MAX_AGE_LIMIT} (one year)`, at, String(MAX_AGE_LIMIT)),
      }),
    );
  } else if (mode === 'enforce' || mode === 'testing') {
    // RFC 8461 §3.2 expects "weeks or greater"; §10.2: short values weaken downgrade protection.
    if (value < ONE_DAY) {
      rules.findings.push(makeFinding('STS215', { range: at, data: { value } }));
    } else if (value < ONE_WEEK) {
      rules.findings.push(makeFinding('STS216', { range: at, data: { value } }));
    }
  } else if (mode === 'none' && value > ONE_DAY) {
    // RFC 8461 §8.3: a retiring policy should be forgotten soon.
    rules.findings.push(makeFinding('STS217', { range: at, data: { value } }));
  }
  return value;
}

/** Each `mx` pattern: its value checks, once per pattern; a repeat is STS222. */
function checkMxFields(rules: Rules, mxFields: readonly PolicyField[]): MxPatternEntry[] {
  const mx: MxPatternEntry[] = [];
  const seen = new Map<string, PolicyField>();
  // Whether each first occurrence is valid, by field: a repeat takes it without a search through `mx`.
  const validity = new Map<PolicyField, boolean>();
  for (const f of mxFields) {
    const key = f.value.toLowerCase();
    const earlier = rules.clean(f) ? seen.get(key) : undefined;
    if (earlier) {
      // The same pattern again: its own checks were made on the first occurrence.
      mx.push({ pattern: f.value, field: f, valid: validity.get(earlier) ?? false });
      rules.findings.push(
        makeFinding('STS222', {
          range: rules.valueRange(f),
          data: { pattern: f.value },
          related: [{ message: 'First occurrence', range: rules.valueRange(earlier) }],
          fix: { title: 'Delete the duplicate `mx` line', edits: [rules.deleteLine(f)] },
        }),
      );
      continue;
    }
    if (!rules.clean(f)) {
      mx.push({ pattern: f.value, field: f, valid: false });
      continue;
    }
    seen.set(key, f);
    const checked = checkMxValue(f.value, rules.valueRange(f), rules.domain);
    appendFindings(rules.findings, checked.findings);
    validity.set(f, checked.valid);
    mx.push({ pattern: f.value, field: f, valid: checked.valid });
  }
  return mx;
}

/** `mx` against the mode: ignored under `none` (STS219), required under `enforce` and `testing` (STS218). */
function checkMxForMode(
  rules: Rules,
  modeField: PolicyField | undefined,
  mode: PolicyMode | undefined,
  firstMx: PolicyField | undefined,
): void {
  if (mode === 'none' && firstMx) {
    rules.findings.push(makeFinding('STS219', { range: rules.nameRange(firstMx) }));
  }
  if (modeField && (mode === 'enforce' || mode === 'testing') && !firstMx) {
    rules.findings.push(makeFinding('STS218', { range: rules.valueRange(modeField), data: { mode } }));
  }
}

/** Every other field is an extension: unknown (STS223) or malformed (STS224). */
function checkExtensions(rules: Rules, keyed: readonly KeyedField[]): PolicyField[] {
  const extensions: PolicyField[] = [];
  for (const { f, key } of keyed) {
    if (keys.includes(key)) {
      continue;
    }
    extensions.push(f);
    if (!rules.clean(f)) {
      continue;
    }
    const problem = extensionProblem(f.name, f.value);
    rules.findings.push(
      problem === undefined
        ? makeFinding('STS223', { range: rules.nameRange(f), data: { name: f.name } })
        : makeFinding('STS224', { range: rules.fieldRange(f), data: { n: f.line + 1, reason: problem } }),
    );
  }
  return extensions;
}
