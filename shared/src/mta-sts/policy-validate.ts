/**
 * Field rules of the policy (RFC 8461 §3.2): required and repeated fields, values, `max_age` guidance and `mx`
 * patterns. Works on the fields the parser read. Pure. Never throws.
 */
import { makeFinding } from '../findings/finding.js';
import type { Finding, Range } from '../findings/types.js';
import type { MxPatternEntry, Policy, PolicyField, PolicyMode } from './policy.js';
import { MAX_AGE_LIMIT } from './policy-keys.js';
import { checkMxValue, extensionProblem } from './policy-values.js';

const modes: readonly PolicyMode[] = ['enforce', 'testing', 'none'];
const single = ['version', 'mode', 'max_age'] as const;

interface Context {
  range(start: number, end: number): Range;
  eol: string;
  domain: string | undefined;
  text: string;
}

/** Validate the fields; returns the policy values (first occurrence wins) and the findings. */
export function validatePolicyFields(
  fields: PolicyField[],
  ctx: Context,
): { policy: Omit<Policy, 'fields' | 'lineEnding'>; findings: Finding[] } {
  const findings: Finding[] = [];
  const nameRange = (f: PolicyField): Range => ctx.range(f.nameStart, f.nameEnd);
  const valueRange = (f: PolicyField): Range => ctx.range(f.valueStart, f.valueEnd);
  const lineRange = (f: PolicyField): Range => {
    // From the start of the line through its terminator, for "delete this line" fixes.
    const start = ctx.text.lastIndexOf('\n', f.nameStart - 1) + 1;
    let end = f.valueEnd;
    while (end < ctx.text.length && ctx.text[end] !== '\n') {
      end++;
    }
    return ctx.range(start, Math.min(ctx.text.length, end + 1));
  };

  // Key names are case-sensitive (%s); a known name in another case is most likely that field.
  const canonical = (f: PolicyField): string => {
    const lower = f.name.toLowerCase();
    if (lower !== f.name && (single as readonly string[]).concat('mx').includes(lower)) {
      findings.push(
        makeFinding('STS207', {
          range: nameRange(f),
          data: { name: f.name, expected: lower },
          fix: { title: `Write ${lower}`, edits: [{ range: nameRange(f), newText: lower }] },
        }),
      );
      return lower;
    }
    return f.name;
  };
  const named = fields.map((f) => ({ f, key: canonical(f) }));

  const first = new Map<string, PolicyField>();
  for (const key of single) {
    const all = named.filter((x) => x.key === key).map((x) => x.f);
    const head = all[0];
    if (!head) {
      continue;
    }
    first.set(key, head);
    const later = all.slice(1);
    if (later.length === 0) {
      continue;
    }
    if (later.every((f) => f.value === head.value)) {
      findings.push(
        makeFinding('STS221', {
          range: nameRange(later[0]!),
          data: { field: key },
          fix: {
            title: `Delete the repeated ${key}`,
            edits: later.map((f) => ({ range: lineRange(f), newText: '' })),
          },
        }),
      );
    } else {
      findings.push(
        makeFinding('STS220', {
          range: nameRange(later[0]!),
          data: { field: key, n: all.length },
          related: all.map((f) => ({ message: `${key}: ${f.value}`, range: valueRange(f) })),
        }),
      );
    }
  }

  let version: string | undefined;
  const v = first.get('version');
  if (!v) {
    const at = ctx.range(ctx.text.startsWith('\uFEFF') ? 1 : 0, ctx.text.startsWith('\uFEFF') ? 1 : 0);
    findings.push(
      makeFinding('STS208', {
        range: at,
        fix: { title: 'Insert version: STSv1', edits: [{ range: at, newText: `version: STSv1${ctx.eol}` }] },
      }),
    );
  } else if (v.value !== 'STSv1') {
    const sameCase = v.value.toLowerCase() === 'stsv1';
    findings.push(
      makeFinding('STS209', {
        range: valueRange(v),
        data: { value: v.value },
        fix: sameCase
          ? { title: 'Write STSv1', edits: [{ range: valueRange(v), newText: 'STSv1' }] }
          : undefined,
      }),
    );
  } else {
    version = v.value;
  }

  let mode: PolicyMode | undefined;
  const m = first.get('mode');
  if (!m) {
    findings.push(makeFinding('STS210'));
  } else if ((modes as readonly string[]).includes(m.value)) {
    mode = m.value as PolicyMode;
  } else {
    const lower = m.value.toLowerCase();
    const fixable = (modes as readonly string[]).includes(lower);
    findings.push(
      makeFinding('STS211', {
        range: valueRange(m),
        data: { value: m.value },
        fix: fixable
          ? { title: `Write ${lower}`, edits: [{ range: valueRange(m), newText: lower }] }
          : undefined,
      }),
    );
  }

  let maxAge: number | undefined;
  const a = first.get('max_age');
  if (!a) {
    findings.push(makeFinding('STS212'));
  } else if (!/^\d{1,10}$/.test(a.value)) {
    findings.push(makeFinding('STS213', { range: valueRange(a), data: { value: a.value } }));
  } else {
    const n = Number(a.value);
    if (n > MAX_AGE_LIMIT) {
      findings.push(
        makeFinding('STS214', {
          range: valueRange(a),
          data: { value: n },
          fix: {
            title: `Set ${MAX_AGE_LIMIT}`,
            edits: [{ range: valueRange(a), newText: String(MAX_AGE_LIMIT) }],
          },
        }),
      );
    } else {
      maxAge = n;
      if (mode === 'enforce' || mode === 'testing') {
        if (n < 86_400) {
          findings.push(makeFinding('STS215', { range: valueRange(a), data: { value: n } }));
        } else if (n < 604_800) {
          findings.push(makeFinding('STS216', { range: valueRange(a), data: { value: n } }));
        }
      } else if (mode === 'none' && n > 86_400) {
        findings.push(makeFinding('STS217', { range: valueRange(a), data: { value: n } }));
      }
    }
  }

  const mx: MxPatternEntry[] = [];
  const seen = new Set<string>();
  for (const { f } of named.filter((x) => x.key === 'mx')) {
    const key = f.value.toLowerCase().replace(/\.$/, '');
    if (seen.has(key)) {
      findings.push(
        makeFinding('STS222', {
          range: valueRange(f),
          data: { pattern: f.value },
          fix: { title: 'Delete the duplicate', edits: [{ range: lineRange(f), newText: '' }] },
        }),
      );
      continue;
    }
    seen.add(key);
    const checked = checkMxValue(f.value, valueRange(f), ctx.domain);
    findings.push(...checked.findings);
    mx.push({ pattern: f.value.replace(/\.$/, ''), field: f, valid: checked.valid });
  }
  if (mode === 'none' && mx.length > 0) {
    findings.push(makeFinding('STS219', { range: nameRange(mx[0]!.field) }));
  }
  if ((mode === 'enforce' || mode === 'testing') && mx.length === 0) {
    findings.push(makeFinding('STS218', { range: m ? valueRange(m) : undefined, data: { mode } }));
  }

  const extensions: PolicyField[] = [];
  for (const { f, key } of named) {
    if ((single as readonly string[]).includes(key) || key === 'mx') {
      continue;
    }
    extensions.push(f);
    const problem = extensionProblem(f.name, f.value);
    if (problem) {
      findings.push(
        makeFinding('STS224', {
          range: ctx.range(f.nameStart, f.valueEnd),
          data: { n: f.line + 1, reason: problem },
        }),
      );
    } else {
      findings.push(makeFinding('STS223', { range: nameRange(f), data: { name: f.name } }));
    }
  }
  return { policy: { version, mode, maxAge, mx, extensions }, findings };
}
