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
 * joined with it cannot collide. For the duplicate check of whole reports.
 */
export const rowId = (key: string | null): string =>
  key === null
    ? '\u0000'
    : key.includes('\u0000') || key.includes('\u0001')
      ? `~${JSON.stringify(key)}`
      : `=${key}`;

/** Values keyed by a nullable string (a `Map` keeps null and "null" apart). */
export type Keyed<T> = Map<string | null, T>;

/** The entry of `map` at `key`, made by `make` when there is none. */
export function entryOf<T>(map: Keyed<T>, key: string | null, make: () => T): T {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/**
 * A new, empty `Keyed` map, for `entryOf` (`never`: it fits any value type). One function, not a closure made at
 * each call: rows and groups are found once per failure detail.
 */
export const newKeyed = (): Map<string | null, never> => new Map<string | null, never>();

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

/** A row of a breakdown: its key, and for sending sources the organisation that saw the sending IP. */
export interface RowName {
  key: string | null;
  organization?: string | null;
}

/** A row's share of the groups: the largest `details`, and how many it leaves out. */
export interface RowDetails {
  details: FailureGroup[];
  moreDetails: number;
}

/**
 * One group, in one object: what makes it, its totals, and (only once it spans several days) its numbers per day.
 * A report of a large sender can have hundreds of thousands of groups.
 */
interface Group extends FailureIdentity, Stats {
  /** The first day it was seen on. */
  day: string | null;
  /** Per day, created when a second day appears (most groups live on one day: their totals are that day's). */
  days: Keyed<Stats> | undefined;
}

const statsOf = (s: Stats): Stats => ({
  failed: s.failed,
  reports: s.reports,
  lastReport: s.lastReport,
  first: s.first,
  last: s.last,
});

/** A group with the numbers it is ranked by (its totals, or one day's). */
interface Ranked {
  group: Group;
  stats: Stats;
}

/** Ascending, with null first: the order of group identities, field by field. */
function compareNullable(a: string | null, b: string | null): number {
  return a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
}

/** A deterministic order of identities: reporter, policy domain, result type, sending IP, MX, receiving IP, reason. */
function compareIdentities(a: FailureIdentity, b: FailureIdentity): number {
  return (
    compareNullable(a.organization, b.organization) ||
    compareNullable(a.policyDomain, b.policyDomain) ||
    compareNullable(a.resultType, b.resultType) ||
    compareNullable(a.sendingMtaIp, b.sendingMtaIp) ||
    compareNullable(a.receivingMxHostname, b.receivingMxHostname) ||
    compareNullable(a.receivingIp, b.receivingIp) ||
    compareNullable(a.failureReasonCode, b.failureReasonCode)
  );
}

/**
 * Collects failure details into groups; `rows(n)` then lists each row's largest groups. A detail finds its group
 * through one map per identity field, keyed by the values themselves (no key is built per detail), the field with
 * the most distinct values (the sending IP) last, so that the maps number about as many as the groups' parents.
 */
export class FailureGroups {
  /** organization → policy domain → result type → MX → receiving IP → reason → sending IP → group. */
  private readonly index: Keyed<Keyed<Keyed<Keyed<Keyed<Keyed<Keyed<number>>>>>>> = new Map();
  private readonly groups: Group[] = [];
  /** For each day, the groups seen on it (each once). */
  private readonly dayGroups: Keyed<number[]> = new Map();

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
    const byDomain = entryOf(this.index, identity.organization, newKeyed);
    const byType = entryOf(byDomain, identity.policyDomain, newKeyed);
    const byMx = entryOf(byType, identity.resultType, newKeyed);
    const byReceivingIp = entryOf(byMx, identity.receivingMxHostname, newKeyed);
    const byReason = entryOf(byReceivingIp, identity.receivingIp, newKeyed);
    const bySendingIp = entryOf(byReason, identity.failureReasonCode, newKeyed);
    let i = bySendingIp.get(identity.sendingMtaIp);
    if (i === undefined) {
      i = this.groups.length;
      bySendingIp.set(identity.sendingMtaIp, i);
      this.groups.push({
        organization: identity.organization,
        policyDomain: identity.policyDomain,
        resultType: identity.resultType,
        sendingMtaIp: identity.sendingMtaIp,
        receivingMxHostname: identity.receivingMxHostname,
        receivingIp: identity.receivingIp,
        failureReasonCode: identity.failureReasonCode,
        // Written out, not spread: one object of fixed shape.
        failed: 0,
        reports: 0,
        lastReport: -1,
        first: undefined,
        last: undefined,
        day,
        days: undefined,
      });
      this.listOnDay(day, i);
    }
    const group = this.groups[i]!;
    if (group.days === undefined && group.day !== day) {
      // A second day: until now the totals were the first day's numbers.
      group.days = new Map([[group.day, statsOf(group)]]);
    }
    if (group.days) {
      let stats = group.days.get(day);
      if (!stats) {
        stats = newStats();
        group.days.set(day, stats);
        this.listOnDay(day, i);
      }
      count(stats, failed, report, startMs);
    }
    count(group, failed, report, startMs);
  }

  private listOnDay(day: string | null, group: number): void {
    entryOf(this.dayGroups, day, () => []).push(group);
  }

  /** Most failed sessions first, then by identity, so the order is deterministic. */
  private static better(a: Group, sa: Stats, b: Group, sb: Stats): boolean {
    return sa.failed !== sb.failed ? sa.failed > sb.failed : compareIdentities(a, b) < 0;
  }

  /** Keep `group` among the `max` largest in `best` (a bounded insertion: a row with many groups costs no sort). */
  private static keep(best: Ranked[], group: Group, stats: Stats, max: number): void {
    const worst = best[best.length - 1];
    if (
      max === 0 ||
      (best.length === max && worst && !FailureGroups.better(group, stats, worst.group, worst.stats))
    ) {
      return;
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

  private static listed(best: readonly Ranked[], total: number): RowDetails {
    return {
      details: best.map(({ group, stats }) => ({
        organization: group.organization,
        policyDomain: group.policyDomain,
        resultType: group.resultType,
        sendingMtaIp: group.sendingMtaIp,
        receivingMxHostname: group.receivingMxHostname,
        receivingIp: group.receivingIp,
        failureReasonCode: group.failureReasonCode,
        failed: stats.failed,
        reports: stats.reports,
        firstSeenMs: stats.first ?? null,
        lastSeenMs: stats.last ?? null,
      })),
      moreDetails: total - best.length,
    };
  }

  /**
   * The rows of the breakdowns by a group field and by day: for the rows asked for, their largest groups (at most
   * `max`) and how many more they have; for any row, how many groups it has. A row is named by its key (and, for
   * sending sources, the sending IP's organisation). Each answer is one pass over the groups; no list of a row's
   * groups is kept (a report of a large sender can have hundreds of thousands).
   */
  rows(max: number): {
    top(dimension: FailureDimension, rows: readonly RowName[]): RowDetails[];
    topByDay(days: readonly (string | null)[]): RowDetails[];
    count(dimension: FailureDimension | 'day', row: RowName): number;
  } {
    /** Where a group belongs in a breakdown: by organisation (sources only, else all under null), then by key. */
    const outerOf = (dimension: FailureDimension, g: FailureIdentity): string | null =>
      dimension === 'source' ? g.organization : null;
    const keyOf = (dimension: FailureDimension, g: FailureIdentity): string | null =>
      dimension === 'source' ? g.sendingMtaIp : g[dimension];
    const counts = new Map<FailureDimension, Keyed<Keyed<number>>>();
    const countsOf = (dimension: FailureDimension): Keyed<Keyed<number>> => {
      let map = counts.get(dimension);
      if (!map) {
        const built: Keyed<Keyed<number>> = new Map();
        for (const g of this.groups) {
          const byKey = entryOf(built, outerOf(dimension, g), newKeyed);
          const key = keyOf(dimension, g);
          byKey.set(key, (byKey.get(key) ?? 0) + 1);
        }
        counts.set(dimension, built);
        map = built;
      }
      return map;
    };
    return {
      top: (dimension, rows) => {
        const slots: Keyed<Keyed<number>> = new Map();
        rows.forEach((row, i) => {
          const outer = dimension === 'source' ? (row.organization ?? null) : null;
          entryOf(slots, outer, newKeyed).set(row.key, i);
        });
        const best = rows.map((): Ranked[] => []);
        const totals = rows.map(() => 0);
        for (const g of this.groups) {
          const slot = slots.get(outerOf(dimension, g))?.get(keyOf(dimension, g));
          if (slot !== undefined) {
            totals[slot]!++;
            FailureGroups.keep(best[slot]!, g, g, max);
          }
        }
        return best.map((b, i) => FailureGroups.listed(b, totals[i]!));
      },
      topByDay: (days) =>
        days.map((day) => {
          const best: Ranked[] = [];
          const members = this.dayGroups.get(day) ?? [];
          for (const i of members) {
            const g = this.groups[i]!;
            FailureGroups.keep(best, g, g.days?.get(day) ?? g, max);
          }
          return FailureGroups.listed(best, members.length);
        }),
      count: (dimension, row) =>
        dimension === 'day'
          ? (this.dayGroups.get(row.key)?.length ?? 0)
          : (countsOf(dimension)
              .get(dimension === 'source' ? (row.organization ?? null) : null)
              ?.get(row.key) ?? 0),
    };
  }
}
