/** Number and date formats of the preview: the core's, so the preview, the CLI and the browser agree. */
export { formatRate as pct, formatCount as num, formatDay as day } from '@sts-inspector/shared';
