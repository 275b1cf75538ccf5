/**
 * Checks of the shape of plain JSON values, for data that was stored or received (a posture from storage or from
 * another context). Each check returns the value with its type, or throws a `ShapeError` that names where the value
 * is wrong (`posture.mx.hosts[2].dane`) and what was expected. Pure. Depth and size are those of the value given.
 */

/** A value of the wrong shape, at `path`. */
export class ShapeError extends Error {
  override name = 'ShapeError';
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly got: string,
  ) {
    super(`${path}: expected ${expected}, got ${got}`);
  }
}

/** Checks that a value at `path` is a `T`, and returns it as one. */
export type Check<T> = (value: unknown, path: string) => T;

const maxShown = 40;

/** A short description of what was found, for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return `an array of ${value.length}`;
  }
  if (typeof value === 'string') {
    const shown = value.length > maxShown ? `${value.slice(0, maxShown)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'object') {
    return 'an object';
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}

function fail(path: string, expected: string, value: unknown): never {
  throw new ShapeError(path, expected, describeValue(value));
}

export const string: Check<string> = (value, path) =>
  typeof value === 'string' ? value : fail(path, 'a string', value);

export const number: Check<number> = (value, path) =>
  typeof value === 'number' && Number.isFinite(value) ? value : fail(path, 'a number', value);

export const boolean: Check<boolean> = (value, path) =>
  typeof value === 'boolean' ? value : fail(path, 'true or false', value);

/** A non-negative whole number. */
export const count: Check<number> = (value, path) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0
    ? value
    : fail(path, 'a whole number ≥ 0', value);

/** One of the given strings (or numbers). */
export function oneOf<const T extends string | number>(values: readonly T[]): Check<T> {
  const allowed = new Set<unknown>(values);
  const words =
    values.length === 1
      ? JSON.stringify(values[0])
      : `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return (value, path) => (allowed.has(value) ? (value as T) : fail(path, words, value));
}

/** A string matching a pattern, described in words. */
export function matching<T extends string = string>(pattern: RegExp, words: string): Check<T> {
  return (value, path) =>
    typeof value === 'string' && pattern.test(value) ? (value as T) : fail(path, words, value);
}

/** Either check passes. */
export function either<A, B>(a: Check<A>, b: Check<B>, words: string): Check<A | B> {
  return (value, path) => {
    try {
      return a(value, path);
    } catch (error) {
      if (!(error instanceof ShapeError) || error.path !== path) {
        throw error;
      }
    }
    try {
      return b(value, path);
    } catch (error) {
      if (!(error instanceof ShapeError) || error.path !== path) {
        throw error;
      }
    }
    return fail(path, words, value);
  };
}

/** `T` or null. */
export function nullable<T>(check: Check<T>): Check<T | null> {
  return (value, path) => (value === null ? null : check(value, path));
}

/** A key that may be missing (never one that holds `null`). */
export function optional<T>(check: Check<T>): Check<T | undefined> {
  const optionalCheck: Check<T | undefined> = (value, path) =>
    value === undefined ? undefined : check(value, path);
  return Object.assign(optionalCheck, { optional: true });
}

/** An array whose every item passes. */
export function arrayOf<T>(check: Check<T>): Check<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) {
      return fail(path, 'an array', value);
    }
    value.forEach((item, i) => check(item, `${path}[${i}]`));
    return value as T[];
  };
}

/** An object whose values all pass (a string-keyed map). */
export function recordOf<T>(check: Check<T>): Check<Record<string, T>> {
  return (value, path) => {
    const object = plainObject(value, path);
    for (const [key, item] of Object.entries(object)) {
      check(item, memberPath(path, key));
    }
    return object as Record<string, T>;
  };
}

/** The checks of each member of an object type: every key, optional ones by `optional(…)`. */
export type Shape<T> = { [K in keyof T]-?: Check<T[K]> };

function plainObject(value: unknown, path: string): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : fail(path, 'an object', value);
}

function memberPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * An object with the members of `shape`: each one present (unless optional) and of its shape. Members the shape
 * does not name are left as they are.
 */
export function object<T>(shape: Shape<T>): Check<T> {
  const members = Object.entries(shape) as [string, Check<unknown> & { optional?: true }][];
  return (value, path) => {
    const object = plainObject(value, path);
    for (const [key, check] of members) {
      const at = memberPath(path, key);
      if (!Object.hasOwn(object, key)) {
        if (check.optional) {
          continue;
        }
        throw new ShapeError(at, 'a value (the member is missing)', 'nothing');
      }
      check(object[key], at);
    }
    return object as T;
  };
}

/** A check defined later (for shapes that refer to each other). */
export function lazy<T>(get: () => Check<T>): Check<T> {
  return (value, path) => get()(value, path);
}

/**
 * All members of a string union, checked at compile time: `allOf<Kind>()(['a', 'b'])` fails to compile when a
 * member of `Kind` is missing from the list.
 */
export function allOf<T extends string>() {
  return <const A extends readonly T[]>(
    values: A & ([Exclude<T, A[number]>] extends [never] ? unknown : { missing: Exclude<T, A[number]> }),
  ): A => values;
}
