/** Number and date formats of the preview: presentation only, the values come from the server. */

export const pct = (rate: number | null): string =>
  rate === null ? '-' : `${(rate * 100).toFixed(rate === 1 || rate === 0 ? 0 : 2)}%`;
export const num = (n: number | null): string => (n === null ? '-' : n.toLocaleString('en-US'));
export const day = (ms: number | null): string =>
  ms === null ? '?' : new Date(ms).toISOString().slice(0, 10);
