/**
 * The outline of a report for an editor: its policies (named by `policy-domain`) and, under each, its failure
 * details grouped by `result-type` with their failed sessions, each located in the text. Bounded, so a report with
 * a million details gives a short outline. Pure. Never throws.
 */
import type { Range } from '../../findings/types.js';
import type { TlsReport } from '../model/report-model.js';
import { locatePaths, type LocateRequest } from './report-locate.js';

/** One outline entry. */
export interface ReportOutlineEntry {
  name: string;
  detail: string;
  range: Range;
  children: ReportOutlineEntry[];
}

/** The most policies, and result-type groups per policy, an outline lists. */
export const reportOutlineLimits = { policies: 200, groupsPerPolicy: 20 } as const;

const unplaced = (): Range => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });

/**
 * The outline of a parsed report; `text` is the JSON the report was parsed from (valid JSON: the parse succeeded).
 * Entries whose place cannot be found sit at the start of the text.
 */
export function reportOutline(text: string, report: TlsReport): ReportOutlineEntry[] {
  const requests: LocateRequest[] = [];
  const request = (path: (string | number)[]): LocateRequest => {
    const r: LocateRequest = { path, part: 'value', range: unplaced() };
    requests.push(r);
    return r;
  };
  const entries = report.policies.slice(0, reportOutlineLimits.policies).map((policy, i) => {
    const at = request(['policies', i]);
    const groups = new Map<string, { failed: number; details: number; at: LocateRequest }>();
    policy.failureDetails.forEach((detail, j) => {
      const type = detail['result-type'] ?? '(no result-type)';
      const known = groups.get(type);
      if (known) {
        known.failed += detail['failed-session-count'] ?? 0;
        known.details++;
      } else if (groups.size < reportOutlineLimits.groupsPerPolicy) {
        groups.set(type, {
          failed: detail['failed-session-count'] ?? 0,
          details: 1,
          at: request(['policies', i, 'failure-details', j]),
        });
      }
    });
    return { policy, at, groups };
  });
  locatePaths(text, requests);
  return entries.map(({ policy, at, groups }) => ({
    name: policy.policyDomain ?? '(no policy-domain)',
    detail: `${policy.policyType ?? '?'}: ${policy.successCount ?? 0} successful, ${policy.failureCount ?? 0} failed`,
    range: at.range,
    children: [...groups].map(([type, g]) => ({
      name: type,
      detail: `${g.failed} failed session${g.failed === 1 ? '' : 's'} in ${g.details} detail${g.details === 1 ? '' : 's'}`,
      range: g.at.range,
      children: [],
    })),
  }));
}
