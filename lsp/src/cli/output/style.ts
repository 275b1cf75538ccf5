/** Terminal styling: colour only on a TTY and only when NO_COLOR is unset (https://no-color.org). */
import {
  severityTone,
  verdictPresentation,
  type Severity,
  type Tone,
  type Verdict,
} from '@sts-inspector/shared/lint';

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: Severity, text: string): string;
  verdict(verdict: Verdict, text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

/** A style that colours, or one that passes text through. */
export function createStyle(colour: boolean): Style {
  if (!colour) {
    const id = (text: string): string => text;
    return { bold: id, dim: id, severity: (_s, t) => t, verdict: (_v, t) => t };
  }
  // The core says what each verdict and severity means (its tone); the terminal's colour for each tone is ours.
  const shade: Record<Tone, (text: string) => string> = {
    good: wrap(32, 39),
    caution: wrap(33, 39),
    bad: wrap(31, 39),
    info: wrap(34, 39),
    neutral: (text) => text,
  };
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    severity: (s, t) => shade[severityTone[s]](t),
    verdict: (v, t) => shade[verdictPresentation[v].tone](t),
  };
}

/** Whether to colour a stream. */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}
