/**
 * Entry points for TLS-RPT aggregate reports (RFC 8460 §4, §5.2): `parseReport` reads report JSON text into a typed
 * `TlsReport` with findings RPT101–RPT128 and RPT131; `readReportBytes` first handles the bytes of a `.json` or
 * `.json.gz` file (gzip through the injected Decompressor with a size bound: RPT129, RPT130; UTF-8: RPT101).
 * Reports are read the fast way (`JSON.parse`, positions only for values with findings, `report-fast.ts`) and
 * the positioned way (a jsonc-parser tree of everything) when the fast way declines; both give the same result.
 * Pure: decompression is injected. Never throws.
 */
import { countFindings, createFindingBudget, joinCapped, type FindingCounts } from '../../findings/budget.js';
import { guardParse } from '../../findings/guard.js';
import { limits } from '../../limits.js';
import { makeFinding } from '../../findings/finding.js';
import { sortFindings } from '../../findings/order.js';
import type { Finding, Parsed } from '../../findings/types.js';
import { isGzip, type Decompressor } from '../../gzip/decompressor.js';
import { createLineIndex } from '../../text/line-index.js';
import { firstInvalidUtf8 } from '../../text/utf8.js';
import { parseReportFast } from './report-fast.js';
import { parseJsonDocument, scanJsonSyntax } from './report-json.js';
import type { TlsReport } from '../model/report-model.js';
import { validateReportValue } from './report-validate.js';
import { formatBytes } from './report-values.js';
import { gunzipToText, type GunzipStream } from '../stream/report-stream.js';
import { tellProgress, type ReportProgressListener } from '../stream/report-progress.js';

export type { FailureDetail, ReportDateRange, ReportPolicy, TlsReport } from '../model/report-model.js';

/** Options of `parseReport`. */
export interface ReportParseOptions {
  /**
   * How many objects and arrays may nest (default 64; a TLS report needs 5). Deeper text is refused with RPT101
   * instead of risking a stack overflow. Values are clamped to 1–1000.
   */
  maxDepth: number;
  /**
   * Always build the positioned tree of the whole text (the reference path) instead of `JSON.parse` with
   * positions for the values that have findings. The result is the same; only time and memory differ.
   */
  positioned: boolean;
  /**
   * Findings kept (default `limits.findingsPerFile`); past it they are only counted, in `counts`. Which ones are
   * kept past the cap follows reading order (the fast and the positioned path read in a different order).
   */
  maxFindings: number;
  /** A text that is not valid JSON is read tolerantly up to this many characters (default 8 MiB); see `limits`. */
  maxTolerantBytes: number;
}

/** Options of `readReportBytes`. */
export interface ReportReadOptions {
  /** The most bytes a report may have after decompression (default 256 MiB); plain JSON is bounded the same. */
  maxDecompressedBytes: number;
  maxDepth: number;
  maxFindings: number;
  maxTolerantBytes: number;
  /** Gzip decompression (zlib in Node, DecompressionStream in browsers); without it gzip input gets RPT130. */
  decompress: Decompressor | undefined;
  /**
   * Streaming gzip decompression (e.g. `webGunzipStream()`). When given it is used instead of `decompress`: the
   * bytes go as they come into one buffer of the size the gzip trailer states, decoded once, so the decompressed
   * report is never buffered twice.
   */
  gunzipStream: GunzipStream | undefined;
  /**
   * The file's name ends in `.gz`, so the bytes must be gzip: content that is neither gzip nor JSON (an error page
   * saved under the report's name, a truncated download) gets RPT130 instead of JSON syntax errors.
   */
  namedGzip: boolean;
  /** Told as each phase starts (`decompress`, `decode`, `parse`) and as decompressed bytes arrive. */
  onProgress: ReportProgressListener | undefined;
}

/** The defaults of `ReportReadOptions` and `ReportParseOptions`. */
export const defaultReportReadOptions: ReportReadOptions = {
  maxDecompressedBytes: limits.reportBytes,
  maxDepth: limits.jsonDepth,
  maxFindings: limits.findingsPerFile,
  maxTolerantBytes: limits.tolerantReportBytes,
  decompress: undefined,
  gunzipStream: undefined,
  namedGzip: false,
  onProgress: undefined,
};

/**
 * Parse TLS-RPT report JSON text. The value is undefined only when the text holds no JSON object (empty, not JSON,
 * nested too deep, or a JSON value that is not an object); otherwise it is the tolerant reading of the report,
 * also when findings say it is broken. Every finding has a range and a JSON path that resolves in the document.
 * @see RFC 8460 §4.4
 */
export function parseReport(text: string, options: Partial<ReportParseOptions> = {}): CountedParse {
  const requested = options.maxDepth ?? defaultReportReadOptions.maxDepth;
  const maxDepth = Math.max(1, Math.min(1000, Math.floor(Number.isFinite(requested) ? requested : 64)));
  const maxFindings = options.maxFindings ?? defaultReportReadOptions.maxFindings;
  let budget = createFindingBudget(maxFindings);
  const parsed = guardParse(() => {
    const fast = options.positioned === true ? undefined : parseReportFast(text, maxDepth, budget);
    if (fast) {
      return fast;
    }
    // The fast path counted what it saw before it declined: the next reading counts afresh.
    budget = createFindingBudget(maxFindings);
    if (text.length > (options.maxTolerantBytes ?? defaultReportReadOptions.maxTolerantBytes)) {
      // Too large for a tree of every value: list the first syntax errors, or the duplicate member names that made
      // the fast path decline, and read no further.
      const scanned = scanJsonSyntax(text, maxDepth, budget);
      if (scanned.length > 0) {
        return { value: undefined, findings: scanned };
      }
    }
    const document = parseJsonDocument(text, maxDepth, budget);
    if (document.root === undefined) {
      return { value: undefined, findings: document.findings };
    }
    const { report, findings } = validateReportValue(document.value, document.locator, budget);
    return { value: report, findings: sortFindings([...document.findings, ...findings]) };
  });
  if (parsed.findings.length === 1 && parsed.findings[0]?.code === 'INT001') {
    // A caught bug (INT001) covers the whole text, so it shows in an editor like any other finding.
    const f = parsed.findings[0];
    const whole = createLineIndex(text).rangeOf(0, text.length);
    const finding =
      f.range === undefined ? makeFinding('INT001', { range: whole, path: [], data: f.data }) : f;
    return { value: parsed.value, findings: [finding], counts: countFindings([finding]) };
  }
  return { value: parsed.value, findings: parsed.findings, counts: budget.counts };
}

/** Why a file named `.gz` is refused when its bytes are neither gzip nor JSON. */
export const notGzipReason =
  'the name ends in `.gz` but the content does not start with the gzip bytes `1f 8b`';

/** Whether bytes begin, after white space and a byte order mark, with `{` or `[`: plain JSON under a gzip name. */
function startsLikeJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)
  ) {
    i++;
  }
  return bytes[i] === 0x7b || bytes[i] === 0x5b;
}

/** A parsed report with the counts of all its findings, listed or not. */
export type CountedParse = Parsed<TlsReport> & { counts: FindingCounts };

/** What reading a report file gives: the report and its findings, and the text the ranges refer to. */
export type ReportRead = CountedParse & { text: string | undefined };

/** A read that stopped at one finding, with no text. */
const refused = (finding: Finding): ReportRead => ({
  value: undefined,
  findings: [finding],
  counts: countFindings([finding]),
  text: undefined,
});

/** RPT129: over the size bound. */
const tooLarge = (limit: number): ReportRead =>
  refused(makeFinding('RPT129', { data: { limit: formatBytes(limit), limitBytes: limit } }));

const limitOf = (options: Partial<ReportReadOptions>): number =>
  options.maxDecompressedBytes ?? defaultReportReadOptions.maxDecompressedBytes;

/** Parse decoded report text within the options' depth bound, keeping the text. */
const parsedText = (text: string, options: Partial<ReportReadOptions>): ReportRead => {
  tellProgress(options.onProgress, { phase: 'parse' });
  return {
    ...parseReport(text, {
      ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
      ...(options.maxFindings === undefined ? {} : { maxFindings: options.maxFindings }),
      ...(options.maxTolerantBytes === undefined ? {} : { maxTolerantBytes: options.maxTolerantBytes }),
    }),
    text,
  };
};

/**
 * Read the decoded text of a plain (not compressed) report file: refused over `maxDecompressedBytes` UTF-16 code
 * units (RPT129; never more than its UTF-8 bytes), else parsed. For callers that decode while reading, so the
 * bytes of a large report are not held beside its text and parsed value. Never throws.
 */
export function readReportText(text: string, options: Partial<ReportReadOptions> = {}): ReportRead {
  const limit = limitOf(options);
  return text.length > limit ? tooLarge(limit) : parsedText(text, options);
}

/**
 * Read the bytes of a report file: gzip (magic `1f 8b`, RFC 8460 §5.2) is decompressed within
 * `maxDecompressedBytes`, the result decoded as UTF-8 (I-JSON, RFC 7493 §2.1) and parsed. `text` is the decoded
 * text the ranges refer to, or undefined when the bytes could not be turned into text. Never rejects.
 */
export async function readReportBytes(
  bytes: Uint8Array,
  options: Partial<ReportReadOptions> = {},
): Promise<ReportRead> {
  const limit = limitOf(options);
  const gzipAgain = (): ReportRead =>
    refused(makeFinding('RPT101', { data: { reason: 'the decompressed content is gzip again' } }));
  let body = bytes;
  if (options.namedGzip === true && !isGzip(bytes) && !startsLikeJson(bytes)) {
    return refused(makeFinding('RPT130', { data: { reason: notGzipReason } }));
  }
  if (isGzip(bytes) && options.gunzipStream) {
    const streamed = await gunzipToText(bytes, options.gunzipStream, limit, options.onProgress);
    if (streamed.ok) {
      return parsedText(streamed.text, options);
    }
    switch (streamed.kind) {
      case 'too-large':
        return tooLarge(limit);
      case 'corrupt':
        return refused(makeFinding('RPT130', { data: { reason: streamed.message } }));
      case 'gzip-again':
        return gzipAgain();
      case 'not-utf8':
        // Rare: the bytes come back, so the first bad byte can be located below.
        body = streamed.bytes;
        break;
    }
  } else if (isGzip(bytes)) {
    const decompress = options.decompress;
    if (decompress === undefined) {
      return refused(
        makeFinding('RPT130', {
          data: { reason: 'no gzip decompressor is available here, so it cannot be read' },
        }),
      );
    }
    let outcome: Awaited<ReturnType<Decompressor>>;
    tellProgress(options.onProgress, { phase: 'decompress' });
    try {
      outcome = await decompress(bytes, { maxOutputBytes: limit });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return refused(makeFinding('RPT130', { data: { reason } }));
    }
    if (!outcome.ok) {
      if (outcome.kind === 'too-large') {
        return tooLarge(limit);
      }
      return refused(makeFinding('RPT130', { data: { reason: outcome.message } }));
    }
    if (isGzip(outcome.bytes)) {
      return gzipAgain();
    }
    body = outcome.bytes;
  }
  if (body.length > limit) {
    return tooLarge(limit);
  }
  // Valid UTF-8 is the rule: the native fatal decoder checks it; only invalid text takes the byte-by-byte search.
  tellProgress(options.onProgress, { phase: 'decode', total: body.length });
  try {
    return parsedText(new TextDecoder('utf-8', { fatal: true }).decode(body), options);
  } catch {
    // Not UTF-8: read with replacement characters, and say where the first bad byte is.
  }
  const text = new TextDecoder('utf-8').decode(body);
  const parsed = parsedText(text, options);
  const bad = firstInvalidUtf8(body);
  if (bad < 0) {
    return parsed;
  }
  // Locate the first replaced byte in the decoded text: the valid prefix decodes to the same UTF-16 length.
  const prefix = new TextDecoder('utf-8').decode(body.subarray(0, bad));
  const range = createLineIndex(text).rangeOf(prefix.length, prefix.length + 1);
  const encoding = makeFinding('RPT101', {
    range,
    path: [],
    data: { reason: 'not valid UTF-8', byteOffset: bad },
  });
  const joined = joinCapped(
    { findings: [encoding], counts: countFindings([encoding]) },
    parsed,
    options.maxFindings ?? defaultReportReadOptions.maxFindings,
  );
  return { value: parsed.value, ...joined, text };
}
