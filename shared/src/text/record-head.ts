/**
 * The part of `v=…; k=v; …` record parsing that the `_mta-sts` and `_smtp._tls` records share: the version prefix,
 * stray characters, and the delimiters between fields. Each record kind passes its own codes. Pure. Never throws.
 */
import type { FindingCode } from '../findings/catalogue.js';
import { makeFinding } from '../findings/finding.js';
import type { Finding } from '../findings/types.js';
import { lineRange } from './line-index.js';
import {
  displayText,
  findOffendingChar,
  replaceFix,
  scanVersion,
  tokenizeFields,
  type RecordLayout,
  type VersionPrefix,
} from './record-fields.js';

/** The codes of one record kind for the shared rules. */
export interface RecordHeadCodes {
  /** Wrong version prefix (STS005, RPT005). */
  prefix: FindingCode;
  /** Non-ASCII or control characters (STS012, RPT015). */
  chars: FindingCode;
  /** Space before the first `;` (STS006, RPT006). */
  spaceBeforeDelim: FindingCode;
  /** Missing `;` between fields (STS018, RPT018). */
  missingDelim: FindingCode;
  /** Empty field between `;` (STS017, RPT020). */
  emptyField: FindingCode;
}

/** The version, the field layout (undefined when the text is not this kind of record at all), and the findings. */
export interface RecordHead {
  version: VersionPrefix;
  layout: RecordLayout | undefined;
  findings: Finding[];
}

/** Read the version prefix and the field layout of a record whose version tag is `tag` (e.g. `STSv1`). */
export function readRecordHead(text: string, tag: string, codes: RecordHeadCodes): RecordHead {
  const findings: Finding[] = [];
  const version = scanVersion(text, tag);
  const prefixData = { prefix: displayText(version.text) };
  if (version.status === 'other') {
    const offending = findOffendingChar(text);
    // A stray character inside the leading token is the one defect there; the character code says so.
    if (!offending || offending.start >= version.end) {
      findings.push(makeFinding(codes.prefix, { range: lineRange(0, version.end), data: prefixData }));
    }
    if (offending) {
      findings.push(makeFinding(codes.chars, { range: lineRange(offending.start, offending.end) }));
    }
    return { version, layout: undefined, findings };
  }
  if (version.status === 'near-miss') {
    findings.push(
      makeFinding(codes.prefix, {
        range: lineRange(0, version.end),
        data: prefixData,
        fix: replaceFix(`Write \`v=${tag}\``, 0, version.end, `v=${tag}`),
      }),
    );
  }
  // The prefix fix rewrites the prefix, so characters inside it are not a defect of their own.
  const offending = findOffendingChar(text, version.end);
  if (offending) {
    findings.push(makeFinding(codes.chars, { range: lineRange(offending.start, offending.end) }));
  }
  const layout = tokenizeFields(text, version.end);
  const space = layout.spaceBeforeDelim;
  if (space) {
    findings.push(
      makeFinding(codes.spaceBeforeDelim, {
        range: lineRange(space.start, space.end),
        fix: replaceFix('Remove the space before `;`', space.start, space.end, ''),
      }),
    );
  }
  for (const gap of layout.missingDelims) {
    findings.push(
      makeFinding(codes.missingDelim, {
        range: lineRange(gap.start, gap.end),
        fix: replaceFix('Insert `;`', gap.start, gap.start, ';'),
      }),
    );
  }
  for (const empty of layout.emptyFields) {
    findings.push(
      makeFinding(codes.emptyField, {
        range: lineRange(empty.start, empty.end),
        fix: replaceFix('Remove the empty field', empty.start, empty.end, ''),
      }),
    );
  }
  return { version, layout, findings };
}
