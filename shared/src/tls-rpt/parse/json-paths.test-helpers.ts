/** Paths into JSON values, for the property tests of the locators. */
import type { JsonPath } from './report-json.js';

/** Every path to a member or element of a value, the value's own (empty) path first. */
export function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((e, i) => out.push(...pathsOf(e, [...prefix, i])));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, e] of Object.entries(value)) {
      out.push(...pathsOf(e, [...prefix, key]));
    }
  }
  return out;
}
