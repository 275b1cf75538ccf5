/**
 * The value of a `Content-Type` header: an HTTP response's (RFC 9110 §8.3) or a message's (RFC 2045 §5.1). Pure.
 * Never throws.
 */

/** A media type with its parameters: type and parameter names lower-cased, values unquoted. */
export interface MediaType {
  type: string;
  params: Record<string, string>;
  /** The `charset` parameter, lower-cased; undefined when it is absent or empty. */
  charset: string | undefined;
}

// `; name=value` or `; name="quoted \"value\""`; a semicolon inside quotes is part of the value.
const parameter = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;]*))/g;

/**
 * Read `type/subtype; name=value; name="quoted value"` (RFC 822 quoted-string); the first of a repeated parameter
 * counts. Comments and RFC 2231 continuations are not read: no parameter the core reads needs them. Null when
 * there is no header or it names no type: `text/plain; charset=UTF-8` → `{ type: 'text/plain', charset: 'utf-8' }`.
 */
export function parseMediaType(header: string | null): MediaType | null {
  if (header === null) {
    return null;
  }
  const semicolon = header.indexOf(';');
  const type = (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  if (type === '') {
    return null;
  }
  const params = Object.create(null) as Record<string, string>;
  if (semicolon >= 0) {
    for (const match of header.slice(semicolon).matchAll(parameter)) {
      const [, name = '', quoted, token] = match;
      const key = name.toLowerCase();
      if (!(key in params)) {
        params[key] = quoted === undefined ? (token ?? '') : quoted.replace(/\\(.)/g, '$1');
      }
    }
  }
  const charset = params.charset?.toLowerCase();
  return { type, params, charset: charset === '' ? undefined : charset };
}
