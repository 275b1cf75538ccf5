/** The other commit's core, bundled in by report-compare.sh: typed as this tree's (only `parseReport` is used). */
declare module '@base/shared' {
  export { parseReport } from '@sts-inspector/shared';
}
