/**
 * The summary of every report read so far: who reported and when, totals and success rate, the two pictures, a
 * sortable and filterable table per breakdown (the tables `sts-inspector report` prints) whose rows open their
 * failure details, and every failure group behind the policy domains. Numbers and words come from the core's
 * summary and view model; report strings are rendered as text.
 */
import {
  breakdownCells,
  breakdownTables,
  failureGroupCells,
  failureGroupColumns,
  failuresByTypeChart,
  formatCount,
  formatDay,
  formatRate,
  notGiven,
  successRateChart,
  type BreakdownTable,
  type FailureGroup,
  type ReportSummary,
  type SummaryRow,
} from '@sts-inspector/shared';
import { Chart } from './chart.js';
import { DataTable, type Column } from './table.js';

const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

const groupSortValues: ((g: FailureGroup) => string | number | null)[] = [
  (g) => g.resultType,
  (g) => g.policyDomain,
  (g) => g.sendingMtaIp,
  (g) => g.receivingMxHostname,
  (g) => g.receivingIp,
  (g) => g.failureReasonCode,
  (g) => g.failed,
  (g) => g.reports,
  (g) => g.firstSeenMs,
];

/** The cells of each row or group, made once per object however often a table asks (sorting, filtering). */
function memoCells<T extends object>(make: (item: T) => string[]): (item: T) => string[] {
  const made = new WeakMap<T, string[]>();
  return (item) => {
    let cells = made.get(item);
    if (cells === undefined) {
      cells = make(item);
      made.set(item, cells);
    }
    return cells;
  };
}

const cellsOf = memoCells(failureGroupCells);
const rowCells = memoCells(breakdownCells);

/** Columns of a failure-group table: the core's headers and cells, sorted by the underlying values. */
const groupColumns: Column<FailureGroup>[] = failureGroupColumns.map((header, i) => ({
  header,
  text: (g) => cellsOf(g)[i] ?? '',
  sortValue: groupSortValues[i] ?? (() => null),
  numeric: header === 'failed' || header === 'reports',
}));

function GroupList({ groups, more, label }: { groups: FailureGroup[]; more: number; label: string }) {
  return (
    <div class="groups">
      {groups.length > 0 ? (
        <table aria-label={label}>
          <thead>
            <tr>
              {failureGroupColumns.map((h) => (
                <th key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {groups.map((g, i) => (
              <tr key={i}>
                {cellsOf(g).map((c, j) => (
                  <td key={j}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {more > 0 ? (
        <p class="note">
          {groups.length > 0
            ? `${plural(more, 'more failure group')} not listed.`
            : `${plural(more, 'failure group')}: details are kept for the rows with the most failures (the newest days) only.`}
        </p>
      ) : null}
    </div>
  );
}

function columnsOf(table: BreakdownTable): Column<SummaryRow>[] {
  const cell =
    (i: number) =>
    (r: SummaryRow): string =>
      rowCells(r)[i] ?? '';
  return [
    { header: table.keyHeader, text: (r) => r.key ?? notGiven, sortValue: (r) => r.key },
    ...(table.withOrganization
      ? [
          {
            header: 'organisation',
            text: (r: SummaryRow) => r.organization ?? '-',
            sortValue: (r: SummaryRow) => r.organization ?? null,
          },
        ]
      : []),
    { header: 'reports', text: cell(0), sortValue: (r) => r.reports, numeric: true },
    { header: 'successful', text: cell(1), sortValue: (r) => r.successful, numeric: true },
    { header: 'failed', text: cell(2), sortValue: (r) => r.failed, numeric: true },
    { header: 'success', text: cell(3), sortValue: (r) => r.successRate, numeric: true },
  ];
}

function Breakdown({ table }: { table: BreakdownTable }) {
  return (
    <DataTable
      name={table.id}
      caption={table.title}
      columns={columnsOf(table)}
      rows={table.rows}
      details={(row) =>
        row.details.length + row.moreDetails === 0 ? null : (
          <GroupList
            groups={row.details}
            more={row.moreDetails}
            label={`Failure details of ${row.key ?? notGiven}`}
          />
        )
      }
    />
  );
}

function Figure({ name, value, id }: { name: string; value: string; id: string }) {
  return (
    <div class="figure">
      <span class="value" data-total={id}>
        {value}
      </span>
      <span class="name">{name}</span>
    </div>
  );
}

export function SummaryView({ summary }: { summary: ReportSummary }) {
  const s = summary;
  const organizations = s.byOrganization.map((r) => `${r.key ?? notGiven} (${plural(r.reports, 'report')})`);
  const groups = s.byPolicyDomain.flatMap((r) => r.details);
  const range =
    s.dateRange === null
      ? 'dates not given'
      : `${formatDay(s.dateRange.startMs)} to ${formatDay(s.dateRange.endMs)}`;
  return (
    <div class="summary">
      <section class="overview" aria-label="Overview">
        <p class="range" data-range>
          {plural(s.reports, 'report')}, {range}
        </p>
        <p class="organizations">
          <span class="name">Reporting organisations: </span>
          <span data-organizations>{organizations.length === 0 ? 'none' : organizations.join(', ')}</span>
        </p>
        <div class="figures">
          <Figure name="successful sessions" value={formatCount(s.totals.successful)} id="successful" />
          <Figure name="failed sessions" value={formatCount(s.totals.failed)} id="failed" />
          <Figure name="success rate" value={formatRate(s.totals.successRate)} id="successRate" />
        </div>
        {s.duplicates > 0 ? (
          <p class="note">
            {plural(s.duplicates, 'duplicate copy')} (same organisation and report-id) counted once:{' '}
            {s.duplicateReports.map((d) => d.reportId).join(', ')}
          </p>
        ) : null}
        {s.totals.policiesWithoutCounts > 0 ? (
          <p class="note">
            {plural(s.totals.policiesWithoutCounts, 'policy entry')} without readable session counts, counted
            as 0.
          </p>
        ) : null}
      </section>
      <section class="pictures" aria-label="Pictures">
        <Chart model={successRateChart(s.byDay)} caption="Success rate per day (UTC)" />
        <Chart model={failuresByTypeChart(s.byResultType)} caption="Failed sessions by result type" />
      </section>
      {breakdownTables(s).map((t) => (
        <Breakdown key={t.id} table={t} />
      ))}
      <DataTable
        name="failureDetails"
        caption="Largest failures per policy domain"
        columns={groupColumns}
        rows={groups}
      />
    </div>
  );
}
