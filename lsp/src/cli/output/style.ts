/** Terminal styling: colour only on a TTY and only when NO_COLOR is unset (https://no-color.org). */
import type { Severity } from '@sts-inspector/shared';

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: Severity, text: string): string;
  verdict(verdict: string, text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

/** A style that colours, or one that passes text through. */
export function createStyle(colour: boolean): Style {
  if (!colour) {
    const id = (text: string): string => text;
    return { bold: id, dim: id, severity: (_s, t) => t, verdict: (_v, t) => t };
  }
  const red = wrap(31, 39);
  const yellow = wrap(33, 39);
  const blue = wrap(34, 39);
  const green = wrap(32, 39);
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    severity: (s, t) => (s === 'error' ? red(t) : s === 'warning' ? yellow(t) : blue(t)),
    verdict: (v, t) =>
      v === 'enforced'
        ? green(t)
        : v === 'testing'
          ? yellow(t)
          : v === 'broken' || v === 'unknown'
            ? red(t)
            : t,
  };
}

/** Whether to colour a stream. */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}
