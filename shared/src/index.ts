/**
 * The public API of the core. extension/ and lsp/ import only from here. Pure: no DOM, no Node built-ins; I/O is
 * injected through the Resolver, Fetcher and Decompressor ports.
 */
export * from './findings/types.js';
export { catalogue, findingCodes, isFindingCode, type FindingCode } from './findings/catalogue.js';
export { makeFinding, formatMessage, hasErrors, type FindingInit } from './findings/finding.js';
export { rfcUrl, formatRfcRef } from './findings/rfc.js';
export { renderRulesMarkdown } from './findings/render-rules.js';
export { explainCode, formatExplanation, toPlainText, type CodeExplanation } from './findings/explain.js';
export { createLineIndex, lineRange, type LineIndex } from './text/line-index.js';
export * from './dns/resolver.js';
export * from './http/fetcher.js';
export * from './gzip/decompressor.js';
export { guardParse } from './findings/guard.js';
export {
  capFindings,
  countFindings,
  totalFindings,
  type FindingCounts,
  type CappedFindings,
} from './findings/budget.js';
export { limits, type Limits } from './limits.js';
export { memoizeResolver } from './dns/memo.js';
export * from './posture/types.js';
export {
  checkDomain,
  type CheckPorts,
  type CheckOptions,
  type CheckProgress,
} from './posture/check-domain.js';
export { verdictOf, type VerdictInput } from './posture/verdict.js';
export {
  policyUrl,
  policyView,
  judgePolicyFetch,
  defaultPolicyFetchOptions,
  type PolicyFetchOptions,
} from './posture/policy-fetch.js';
export { judgeTlsa, judgeDaneCoverage, tlsaName, formatTlsa, type DaneState } from './dane/tlsa.js';
export { lintDocument, detectKind, type LintResult, type LintOptions } from './lint/document.js';
export { documentKinds, documentKindNames, isReportKind, type DocumentKind } from './lint/document-kind.js';
export {
  detectFileKind,
  fileKindHeadBytes,
  type FileKindDecision,
  type OurFile,
  type NotOurFile,
} from './lint/file-kind.js';
export { parsePolicy, isPolicyUsable, type PolicyParseOptions } from './mta-sts/policy.js';
export type { Policy, PolicyMode, PolicyField, MxPatternEntry } from './mta-sts/policy-types.js';
export { printPolicy } from './mta-sts/policy-print.js';
export {
  policyKeys,
  policyKey,
  policyModes,
  policyExtensionKey,
  MAX_AGE_LIMIT,
  ONE_DAY,
  ONE_WEEK,
  describeMaxAge,
  type PolicyKey,
  type PolicyKeyValue,
} from './mta-sts/policy-keys.js';
export {
  mxMatches,
  normalizeHost,
  toALabels,
  checkMxCoverage,
  type MxCoverage,
  type MxCoverageInput,
} from './mta-sts/mx-pattern.js';
export { parseStsRecord, isStsRecordCandidate, isNearMissSts, type StsRecord } from './mta-sts/record.js';
export {
  parseTlsRptRecord,
  isTlsRptRecordCandidate,
  isNearMissTlsRpt,
  type TlsRptRecord,
  type RuaDestination,
} from './tls-rpt/record/record.js';
export type { RecordField } from './text/record-fields.js';
export { stsRecordKeys, tlsRptRecordKeys, recordExtensionKey, type RecordKey } from './text/record-keys.js';
export {
  reportKeys,
  reportKeysIn,
  reportKeyOf,
  reportKeyAt,
  reportObjectKindAt,
  reportValueSyntax,
  misnamedReportKeys,
  misnamedReportKey,
  type ReportKey,
  type ReportKeyRequirement,
  type ReportObjectKind,
  type ReportValueType,
  type MisnamedReportKey,
} from './tls-rpt/model/report-keys.js';
export {
  policyTypes,
  resultTypes,
  resultTypeInfo,
  isPolicyType,
  type PolicyType,
  type ResultTypeInfo,
} from './tls-rpt/model/report-result-types.js';
export { createDohResolver, type DohOptions } from './dns/doh.js';
export {
  dohPresets,
  resolveEndpoint,
  expandEndpoint,
  type DohPreset,
  type DohPresetName,
  type DohEndpoint,
  type ResolvedEndpoint,
} from './dns/presets.js';
export { followCnames, maxCnameChain, type CnameChain, type CnameLink } from './dns/cname.js';
export { normalizeQueryName, type QueryName } from './dns/name.js';
export { createFetchFetcher, type FetchFetcherOptions } from './http/fetch-fetcher.js';
export {
  fetchFailureError,
  fetchFailureOf,
  type FetchFailureInfo,
  type DohFailureCause,
} from './http/fetch-failure.js';
export { decodeMessage, encodeMessage, encodeQuery, type DnsMessage } from './dns/wire.js';
export {
  parseReport,
  readReportBytes,
  readReportText,
  defaultReportReadOptions,
  type ReportParseOptions,
  type ReportReadOptions,
  type ReportRead,
  type CountedParse,
  type TlsReport,
  type ReportPolicy,
  type FailureDetail,
  type ReportDateRange,
} from './tls-rpt/parse/report.js';
export {
  summarizeReports,
  createSummarizer,
  type ReportSummarizer,
  type ReportSummary,
  type SummaryRow,
  type SummaryTotals,
  type SummaryInput,
  type DuplicateReport,
} from './tls-rpt/summary/summary.js';
export { startDeadline, abortError, type Deadline } from './http/deadline.js';
export {
  readReportEmail,
  looksLikeEmail,
  mimeShapeProblem,
  defaultReportEmailOptions,
  type ReportEmail,
  type ReportPart,
  type ReportEmailOptions,
  type ReportEmailRead,
} from './tls-rpt/files/email.js';
export {
  parseReportFileName,
  checkReportFileName,
  type ReportFileName,
  type FileNameContext,
} from './tls-rpt/files/file-name.js';
export {
  readReportFile,
  isReportEmailFile,
  type ReportFileRead,
  type ReportFileKind,
} from './tls-rpt/files/report-file.js';
export { defaultSummaryOptions, type SummaryOptions, type FailureGroup } from './tls-rpt/summary/summary.js';
export { webGunzipStream, type GunzipStream } from './tls-rpt/stream/report-stream.js';
export {
  formatRate,
  formatCount,
  formatDay,
  notGiven,
  breakdownTables,
  breakdownCells,
  breakdownColumns,
  failureGroupColumns,
  failureGroupCells,
  successRateChart,
  failuresByTypeChart,
  maxChartTypes,
  type BreakdownId,
  type BreakdownTable,
  type ChartModel,
  type ChartBar,
  type ChartLine,
  type ChartText,
} from './tls-rpt/summary/summary-view.js';
export {
  type ReportPhase,
  type ReportProgress,
  type ReportProgressListener,
} from './tls-rpt/stream/report-progress.js';
export { newPolicyId, recordSkeletons } from './mta-sts/policy-id.js';
export {
  formatPolicyText,
  type PolicyFormatOptions,
  type PolicyLineEnding,
} from './mta-sts/policy-format.js';
export {
  readZoneTxtRecords,
  zoneValueOffsets,
  isZoneFileName,
  zoneOriginOfFileName,
  zoneFileLimits,
  type ZoneTxtRecord,
} from './dns/zone-file.js';
export { lintZoneFile, recordKindOfOwner, type ZoneLint, type ZoneRecordLint } from './lint/zone.js';
export { newIdFix } from './mta-sts/policy-id.js';
export { zoneNewIdFixes } from './lint/zone.js';
export { checkPolicyMx, policyDomainOfPath, liveMxSetOf, type LiveMxSet } from './mta-sts/mx-live.js';
export { looksLikeReportJson } from './tls-rpt/files/report-sniff.js';
export { sortFindings } from './findings/order.js';
export {
  reportOutline,
  reportOutlineLimits,
  type ReportOutlineEntry,
} from './tls-rpt/parse/report-outline.js';
export { readPosture, type PostureRead } from './posture/read.js';
export { postureFindingPart } from './posture/parts.js';

export { hostAddressesOf, type HostAddresses } from './dns/host-addresses.js';
export { ShapeError } from './text/shape.js';
export { parseMediaType } from './text/media-type.js';
export { parseDomainName, mailDomainOf, type DomainNameRead } from './dns/domain-name.js';
export { severities, isAtLeast, anyAtLeast, countsAtLeast } from './findings/severity.js';
export {
  verdictPresentation,
  neutralBadgeColour,
  severityTone,
  type Tone,
  type VerdictPresentation,
} from './posture/presentation.js';
export { resolverAnswered } from './posture/verdict.js';
export {
  rememberPolicy,
  judgeRememberedPolicy,
  comparePostures,
  rememberAfter,
  readRememberedPolicy,
  type RememberedPolicy,
} from './posture/remembered.js';
