/**
 * A table people can sort (a button in each header: ascending, then descending, then the summary's own order),
 * filter (a text field: rows whose cells contain the text) and page through (the first rows, then more on
 * request, so a table of 20,000 sending sources does not build 20,000 rows at once). A row can open its details
 * under it. Cells are text nodes.
 */
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { formatCount } from '@sts-inspector/shared';

/** One column: its header, the text of a cell, and the value it sorts by (null sorts last). */
export interface Column<T> {
  header: string;
  text: (row: T) => string;
  sortValue: (row: T) => string | number | null;
  numeric?: boolean;
}

export interface DataTableProps<T> {
  /** Names the table (its caption) and its filter field. */
  caption: string;
  columns: Column<T>[];
  rows: readonly T[];
  /** The details of a row, or null when it has none to open. */
  details?: (row: T) => ComponentChildren | null;
  /** Rows built at first; "show more" adds `morePageSize` at a time. */
  pageSize?: number;
  morePageSize?: number;
  /** Marks the table for tests and styling. */
  name: string;
}

type Direction = 'ascending' | 'descending';

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) {
    return 0;
  }
  if (a === null) {
    return 1;
  }
  if (b === null) {
    return -1;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}

export function DataTable<T>(props: DataTableProps<T>) {
  const { caption, columns, rows, details, name } = props;
  const pageSize = props.pageSize ?? 25;
  const morePageSize = props.morePageSize ?? 100;
  const [sort, setSort] = useState<{ column: number; direction: Direction } | null>(null);
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState(pageSize);
  const [open, setOpen] = useState<ReadonlySet<T>>(new Set());

  const visible = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const kept =
      needle === ''
        ? rows.slice()
        : rows.filter((row) => columns.some((c) => c.text(row).toLowerCase().includes(needle)));
    if (sort !== null) {
      const column = columns[sort.column];
      if (column) {
        const sign = sort.direction === 'ascending' ? 1 : -1;
        // Missing values stay last whichever way the column is sorted.
        kept.sort((x, y) => {
          const a = column.sortValue(x);
          const b = column.sortValue(y);
          return a === null || b === null ? compare(a, b) : sign * compare(a, b);
        });
      }
    }
    return kept;
  }, [rows, columns, filter, sort]);

  const cycle = (column: number): void => {
    setSort((current) =>
      current?.column !== column
        ? { column, direction: columns[column]?.numeric ? 'descending' : 'ascending' }
        : current.direction === (columns[column]?.numeric ? 'descending' : 'ascending')
          ? { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
          : null,
    );
  };
  const toggle = (row: T): void => {
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(row)) {
        next.add(row);
      }
      return next;
    });
  };

  const page = visible.slice(0, shown);
  return (
    <section class="table" data-table={name}>
      <div class="table-head">
        <h3>{caption}</h3>
        <label>
          <span class="visually-hidden">Filter {caption}</span>
          <input
            type="search"
            placeholder="Filter"
            value={filter}
            aria-label={`Filter ${caption}`}
            onInput={(e) => {
              setFilter((e.target as HTMLInputElement).value);
              setShown(pageSize);
            }}
          />
        </label>
        <span class="count">
          {visible.length === rows.length
            ? `${formatCount(rows.length)} rows`
            : `${formatCount(visible.length)} of ${formatCount(rows.length)} rows`}
        </span>
      </div>
      <table>
        <thead>
          <tr>
            {details ? <th class="toggle" aria-label="details" /> : null}
            {columns.map((c, i) => (
              <th
                key={c.header}
                class={c.numeric ? 'num' : undefined}
                aria-sort={sort?.column === i ? sort.direction : 'none'}
              >
                <button type="button" onClick={() => cycle(i)}>
                  {c.header}
                  <span class="sort" aria-hidden="true">
                    {sort?.column === i ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {page.map((row, r) => {
            const more = details?.(row) ?? null;
            const isOpen = open.has(row);
            return [
              <tr key={r} class={isOpen ? 'opened' : undefined}>
                {details ? (
                  <td class="toggle">
                    {more === null ? null : (
                      <button
                        type="button"
                        aria-expanded={isOpen}
                        aria-label={`Failure details of ${columns[0]?.text(row) ?? ''}`}
                        onClick={() => toggle(row)}
                      >
                        {isOpen ? '▾' : '▸'}
                      </button>
                    )}
                  </td>
                ) : null}
                {columns.map((c) => (
                  <td key={c.header} class={c.numeric ? 'num' : undefined}>
                    {c.text(row)}
                  </td>
                ))}
              </tr>,
              isOpen && more !== null ? (
                <tr key={`${r}-details`} class="details">
                  <td colSpan={columns.length + 1}>{more}</td>
                </tr>
              ) : null,
            ];
          })}
        </tbody>
      </table>
      {visible.length === 0 ? (
        <p class="empty">{rows.length === 0 ? 'No rows.' : 'No row matches.'}</p>
      ) : null}
      {visible.length > page.length ? (
        <button type="button" class="more" onClick={() => setShown(shown + morePageSize)}>
          {visible.length - page.length <= morePageSize
            ? `Show the other ${formatCount(visible.length - page.length)}`
            : `Show ${formatCount(morePageSize)} more (${formatCount(visible.length - page.length)} not shown)`}
        </button>
      ) : null}
    </section>
  );
}
