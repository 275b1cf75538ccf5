/**
 * Telling a saved mail from other files by its first bytes, without loading the MIME parser: what deciding a
 * file's kind needs, kept apart from the report email reader so that linting a policy does not load that reader.
 * Pure.
 */
import { isGzip } from '../../gzip/decompressor.js';

/**
 * Whether bytes look like an RFC 5322 message: the first line is a header field (or an mbox `From ` line) and
 * one of the fields every mail carries appears near the top. JSON, records and policies never match.
 */
export function looksLikeEmail(bytes: Uint8Array): boolean {
  if (isGzip(bytes)) {
    return false;
  }
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  return (
    /^(?:From |[A-Za-z0-9][A-Za-z0-9-]*:)/.test(head) &&
    /^(?:mime-version|content-type|received|return-path|delivered-to|dkim-signature|tls-report-domain)[ \t]*:/im.test(
      head,
    )
  );
}
