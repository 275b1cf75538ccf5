/**
 * Whether JSON text is a TLS-RPT report, from its first kilobytes: an editor opens every `.json` file, and only
 * reports should get report findings. Pure. Never throws.
 */

/** Members only a TLS-RPT report has together (RFC 8460 §4.4). */
const reportMembers = ['"organization-name"', '"report-id"', '"policies"', '"date-range"', '"contact-info"'];

/** Whether the text begins like a report: a JSON object naming at least two of the report's top-level members. */
export function looksLikeReportJson(text: string): boolean {
  const head = text.slice(0, 8192);
  if (!/^\uFEFF?\s*\{/.test(head)) {
    return false;
  }
  return reportMembers.filter((m) => head.includes(m)).length >= 2;
}
