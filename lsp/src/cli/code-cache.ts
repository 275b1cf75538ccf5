/**
 * Loading the CLI's command bundles (dist/cli-commands/<command>.cjs, CommonJS) with the V8 code cache the build made
 * for each. Parsing and compiling a bundle is most of what a short command costs (about 100 M instructions for `lint`,
 * about as much as Node's own start); with the cache, V8 takes the compiled code as it was after a run at build time.
 *
 * A cache belongs to one bundle: the build writes `// sts-inspector build <id>` as the bundle's first line and the
 * same id as the cache's first line. V8 itself refuses a cache made by another V8 version or with other flags. A
 * cache that is missing, belongs to another build or is refused costs nothing but the time it would have saved: the
 * bundle is compiled from its text as Node would.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** What happened to a bundle's code cache; `STS_INSPECTOR_TRACE_CODE_CACHE=1` prints it on standard error. */
export type CodeCacheUse = 'accepted' | 'refused by V8' | 'missing' | 'of another build';

export interface LoadedBundle {
  exports: Record<string, unknown>;
  /** The compiled bundle, whose `createCachedData()` the build writes after a run. */
  script: Script;
  /** The id of the bundle's build line; undefined for a bundle without one (no cache is ever its own). */
  buildId: string | undefined;
  cache: CodeCacheUse;
}

const buildLine = /^\/\/ sts-inspector build ([0-9a-f]+)\n/;

/** The bundle's own wrapper, as Node's CommonJS loader gives one. */
const wrapperHead = '(function (exports, require, module, __filename, __dirname) { ';
const wrapperTail = '\n})';

const cacheFileOf = (bundle: string): string => `${bundle}.cache`;

/** The V8 data of `bundle`'s cache file if it belongs to the build `id`, else why not. */
function readCache(
  bundle: string,
  id: string | undefined,
): Buffer | Exclude<CodeCacheUse, 'accepted' | 'refused by V8'> {
  let file: Buffer;
  try {
    file = readFileSync(cacheFileOf(bundle));
  } catch {
    return 'missing';
  }
  const newline = file.indexOf(10);
  if (id === undefined || newline < 0 || file.toString('latin1', 0, newline) !== id) {
    return 'of another build';
  }
  return file.subarray(newline + 1);
}

/** Run a command bundle as Node would `require` it, with its code cache when it has one of this build. */
export function loadBundle(
  bundle: string,
  options: { useCache: boolean } = { useCache: true },
): LoadedBundle {
  const source = readFileSync(bundle, 'utf8');
  const buildId = buildLine.exec(source)?.[1];
  const cached = options.useCache ? readCache(bundle, buildId) : 'missing';
  const script = new Script(wrapperHead + source + wrapperTail, {
    filename: bundle,
    cachedData: typeof cached === 'string' ? undefined : cached,
  });
  const cache: CodeCacheUse =
    typeof cached === 'string' ? cached : script.cachedDataRejected === true ? 'refused by V8' : 'accepted';
  if (process.env.STS_INSPECTOR_TRACE_CODE_CACHE === '1') {
    process.stderr.write(`sts-inspector: code cache of ${bundle}: ${cache}\n`);
  }
  const module = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: unknown,
    filename: string,
    dirname: string,
  ) => void;
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return { exports: module.exports, script, buildId, cache };
}

/** Write the code cache of a bundle loaded from `bundle`: its compiled code now, after whatever has run. */
export function writeCodeCache(bundle: string, { script, buildId }: LoadedBundle): void {
  if (buildId === undefined) {
    throw new Error(`${bundle} has no build line`);
  }
  writeFileSync(
    cacheFileOf(bundle),
    Buffer.concat([Buffer.from(`${buildId}\n`, 'latin1'), script.createCachedData()]),
  );
}
