/**
 * The last line of defence for "parsers never throw": a caught exception becomes one INT001 finding covering the
 * input, so the user still sees something and the input can be kept as a regression fixture. Pure.
 */
import { makeFinding } from './finding.js';
import type { Parsed, Range } from './types.js';

/** Run a parser; turn an unexpected exception into an INT001 finding. AbortErrors pass through. */
export function guardParse<T>(parse: () => Parsed<T>, wholeRange?: Range): Parsed<T> {
  try {
    return parse();
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') {
      throw error;
    }
    const reason = error instanceof Error ? error.message : String(error);
    return { value: undefined, findings: [makeFinding('INT001', { range: wholeRange, data: { reason } })] };
  }
}
