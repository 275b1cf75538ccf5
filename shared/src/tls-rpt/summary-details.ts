/**
 * The failure details behind the rows of a report summary: every failure detail (RFC 8460 §4.3) is counted into a
 * group of equal details (same reporter, policy domain, result type, sending IP, receiving MX and IP, reason), once
 * overall and once for its UTC day; each summary row then lists its largest groups, at most N, and how many more
 * there are. Work and memory grow with the distinct groups, not with rows × groups.
 * Pure. Never throws.
 */

/** A group of equal failure details, with how many sessions failed that way, in how many reports, and when. */
export interface FailureGroup {
  /** The reporting organisation (`organization-name`). */
  organization: string | null;
  /** `policy-domain`, lower case without a final dot. */
  policyDomain: string | null;
  resultType: string | null;
  sendingMtaIp: string | null;
  /** `receiving-mx-hostname`, lower case without a final dot. */
  receivingMxHostname: string | null;
  receivingIp: string | null;
  failureReasonCode: string | null;
  /** Failed sessions: the sum of `failed-session-count`. */
  failed: number;
  /** Distinct reports the group appears in. */
  reports: number;
  /** Start (epoch ms) of the first and of the last report it appears in: since when, and until when. */
  firstSeenMs: number | null;
  lastSeenMs: number | null;
}

/** What makes two failure details equal. */
export type FailureIdentity = Pick<
  FailureGroup,
  | 'organization'
  | 'policyDomain'
  | 'resultType'
  | 'sendingMtaIp'
  | 'receivingMxHostname'
  | 'receivingIp'
  | 'failureReasonCode'
>;

/** The breakdowns whose row key is part of a group's identity (so a group belongs to exactly one row). */
export type FailureDimension =
  'organization' | 'policyDomain' | 'resultType' | 'receivingMxHostname' | 'receivingIp' | 'source';

/**
 * A row id for a nullable key: null and the string "null" stay apart, and an id never holds `\u0001`, so ids
 * joined with it (a sending source, a group) cannot collide. Shared with the summary's rows.
 */
export const rowId = (key: string | null): string =>
  key === null
    ? '\u0000'
    : key.includes('\u0000') || key.includes('\u0001')
      ? `~${JSON.stringify(key)}`
      : `=${key}`;

/** The row id of a sending source: IP and organisation. */
export const sourceRowId = (ip: string | null, organization: string | null): string =>
  `${rowId(ip)}\u0001${rowId(organization)}`;

interface Stats {
  failed: number;
  reports: number;
  lastReport: number;
  first: number | undefined;
  last: number | undefined;
}

const newStats = (): Stats => ({ failed: 0, reports: 0, lastReport: -1, first: undefined, last: undefined });

function count(stats: Stats, n: number, report: number, startMs: number | undefined): void {
  stats.failed += n;
  if (stats.lastReport !== report) {
    stats.lastReport = report;
    stats.reports++;
  }
  if (startMs !== undefined) {
    stats.first = stats.first === undefined ? startMs : Math.min(stats.first, startMs);
    stats.last = stats.last === undefined ? startMs : Math.max(stats.last, startMs);
  }
}

/** A row's share of the groups: the largest `details`, and how many it leaves out. */
export interface RowDetails {
  details: FailureGroup[];
  moreDetails: number;
}

/** One group: what makes it, its totals, and (only once it spans several days) its numbers per day. */
interface Group {
  identity: FailureIdentity;
  key: string;
  totals: Stats;
  /** The first day it was seen on. */
  day: string;
  /** Per day, created when a second day appears (most groups live on one day: their totals are that day's). */
  days: Map<string, Stats> | undefined;
}

/** Collects failure details into groups; `rows(n)` then lists each row's largest groups. */
export class FailureGroups {
  private readonly index = new Map<string, number>();
  private readonly groups: Group[] = [];
  /** For each day, the groups seen on it (each once). */
  private readonly dayGroups = new Map<string, number[]>();

  /**
   * Count one failure detail of report number `report` (reports are added in increasing order). `identity` may
   * be reused by the caller for the next detail: a new group keeps a copy.
   */
  add(
    identity: FailureIdentity,
    failed: number,
    report: number,
    startMs: number | undefined,
    day: string | null,
  ): void {
    const key =
      `${rowId(identity.organization)}\u0001${rowId(identity.policyDomain)}\u0001${rowId(identity.resultType)}` +
      `\u0001${rowId(identity.sendingMtaIp)}\u0001${rowId(identity.receivingMxHostname)}` +
      `\u0001${rowId(identity.receivingIp)}\u0001${rowId(identity.failureReasonCode)}`;
    const dayId = rowId(day);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.groups.length;
      this.index.set(key, i);
      this.groups.push({ identity: { ...identity }, key, totals: newStats(), day: dayId, days: undefined });
      this.listOnDay(dayId, i);
    }
    const group = this.groups[i]!;
    if (group.days === undefined && group.day !== dayId) {
      // A second day: until now the totals were the first day's numbers.
      group.days = new Map([[group.day, { ...group.totals }]]);
    }
    if (group.days) {
      let stats = group.days.get(dayId);
      if (!stats) {
        stats = newStats();
        group.days.set(dayId, stats);
        this.listOnDay(dayId, i);
      }
      count(stats, failed, report, startMs);
    }
    count(group.totals, failed, report, startMs);
  }

  private listOnDay(dayId: string, group: number): void {
    const list = this.dayGroups.get(dayId);
    if (list) {
      list.push(group);
    } else {
      this.dayGroups.set(dayId, [group]);
    }
  }

  /** Most failed sessions first, then by identity, so the order is deterministic. */
  private static better(a: Group, sa: Stats, b: Group, sb: Stats): boolean {
    return sa.failed !== sb.failed ? sa.failed > sb.failed : a.key < b.key;
  }

  /** The `max` largest of some groups (a bounded insertion, so a row with many groups costs no full sort). */
  private top(members: readonly number[], statsOf: (group: Group) => Stats, max: number): RowDetails {
    const best: { group: Group; stats: Stats }[] = [];
    for (const i of members) {
      if (max === 0) {
        break;
      }
      const group = this.groups[i]!;
      const stats = statsOf(group);
      const worst = best[best.length - 1];
      if (best.length === max && worst && !FailureGroups.better(group, stats, worst.group, worst.stats)) {
        continue;
      }
      let at = best.length;
      while (at > 0 && FailureGroups.better(group, stats, best[at - 1]!.group, best[at - 1]!.stats)) {
        at--;
      }
      best.splice(at, 0, { group, stats });
      if (best.length > max) {
        best.pop();
      }
    }
    return {
      details: best.map(({ group, stats }) => ({
        ...group.identity,
        failed: stats.failed,
        reports: stats.reports,
        firstSeenMs: stats.first ?? null,
        lastSeenMs: stats.last ?? null,
      })),
      moreDetails: members.length - best.length,
    };
  }

  /**
   * Each row's largest groups, at most `max`, for the breakdowns by a group field and by day. `count` says how
   * many groups a row has without listing them (for rows whose details are left out).
   */
  rows(max: number): {
    by(dimension: FailureDimension, id: string): RowDetails;
    byDay(id: string): RowDetails;
    count(dimension: FailureDimension | 'day', id: string): number;
  } {
    const buckets = new Map<FailureDimension, Map<string, number[]>>();
    const rowOf = (dimension: FailureDimension, g: FailureIdentity): string =>
      dimension === 'source' ? sourceRowId(g.sendingMtaIp, g.organization) : rowId(g[dimension]);
    const bucketsOf = (dimension: FailureDimension): Map<string, number[]> => {
      let map = buckets.get(dimension);
      if (!map) {
        const built = new Map<string, number[]>();
        this.groups.forEach((group, i) => {
          const id = rowOf(dimension, group.identity);
          const list = built.get(id);
          if (list) {
            list.push(i);
          } else {
            built.set(id, [i]);
          }
        });
        buckets.set(dimension, built);
        map = built;
      }
      return map;
    };
    const none: RowDetails = { details: [], moreDetails: 0 };
    return {
      by: (dimension, id) => {
        const members = bucketsOf(dimension).get(id);
        return members ? this.top(members, (g) => g.totals, max) : none;
      },
      byDay: (id) => {
        const members = this.dayGroups.get(id);
        return members ? this.top(members, (g) => g.days?.get(id) ?? g.totals, max) : none;
      },
      count: (dimension, id) =>
        (dimension === 'day' ? this.dayGroups.get(id) : bucketsOf(dimension).get(id))?.length ?? 0,
    };
  }
}
