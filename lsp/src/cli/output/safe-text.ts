/** Untrusted text made safe for a terminal line. Loads nothing: argument parsing uses it too. */

/** How much of one untrusted value text output shows (values from reports and DNS data). */
export const maxShownChars = 200;
/** How much of a longer text it shows: a message, a file name. */
export const maxShownLineChars = 2000;

/**
 * Make untrusted text safe for one terminal line: C0 and C1 controls (escapes, line breaks, tabs) and the Unicode
 * bidi and line-separator characters that could forge or reorder output become visible `\uXXXX` escapes, and text
 * longer than `max` is cut with an ellipsis and its length (a report may hold a value of many megabytes).
 */
export function safeText(text: string, max: number = maxShownChars): string {
  const shown =
    text.length > max ? `${text.slice(0, max)}… (${text.length.toLocaleString('en-US')} characters)` : text;
  return shown.replace(
    /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
