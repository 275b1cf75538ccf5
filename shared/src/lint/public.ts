/**
 * The core's entry point for a shell that lints files and must start fast (the CLI's `lint`): what linting a
 * document and showing its findings need, and nothing that reaches the posture check, the DoH client or the report
 * readers. A bundler that splits code follows every module an entry point names, so a command that imported the
 * whole index would load all of the core; through this entry, linting a policy loads the policy parser alone
 * (`lintDocument` loads each kind's parser when a document of that kind comes). Everything here is also exported
 * by the index (`@sts-inspector/shared`), which the language server and the extension use.
 */
export * from '../findings/types.js';
export { catalogue, isFindingCode, type FindingCode } from '../findings/catalogue.js';
export { rfcUrl, formatRfcRef } from '../findings/rfc.js';
export { type FindingCounts } from '../findings/budget.js';
export { severities, isAtLeast, anyAtLeast, countsAtLeast } from '../findings/severity.js';
export { limits, type Limits } from '../limits.js';
export type { Decompressor, DecompressOutcome } from '../gzip/decompressor.js';
export {
  severityTone,
  verdictPresentation,
  neutralBadgeColour,
  type Tone,
  type VerdictPresentation,
} from '../posture/presentation.js';
export { verdicts, type Verdict } from '../posture/verdicts.js';
export { lintDocument, detectKind, type LintResult, type LintOptions } from './document.js';
export { documentKinds, documentKindNames, isReportKind, type DocumentKind } from './document-kind.js';
export { sortFindings } from '../findings/order.js';
export {
  detectFileKind,
  fileKindHeadBytes,
  type FileKindDecision,
  type OurFile,
  type NotOurFile,
} from './file-kind.js';
