/**
 * The core's modules import one another without cycles, and so do its folders: a layout whose parts depend on each
 * other in one direction only. Type imports count too (see import-graph.test-helpers.ts).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  cyclesOf,
  groupGraph,
  importGraph,
  specifiersOf,
  type ImportGraph,
} from './import-graph.test-helpers.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The production modules: a test or a test helper may import from any folder (a test of the catalogue runs every
 * parser), and nothing imports a test, so tests take part in no cycle that matters between folders.
 */
const production = (graph: ImportGraph): ImportGraph =>
  new Map(
    [...graph]
      .filter(([module]) => !/\.test(-helpers)?\.tsx?$/.test(module))
      .map(([module, targets]) => [module, targets]),
  );

/** A folder and everything below it is one group; a file at the root is a group of its own. */
const topFolder = (module: string): string => module.split('/')[0]!;
/** Each folder is a group of its own, its subfolders apart. */
const ownFolder = (module: string): string =>
  module.includes('/') ? module.slice(0, module.lastIndexOf('/')) : module;

function graphOf(edges: Record<string, string[]>): ImportGraph {
  return new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]));
}

describe('the import graph of the core', () => {
  const graph = importGraph(root);

  it('is read from every module, with the edges between them', () => {
    expect(graph.get('index.ts')).toContain('posture/check-domain.ts');
    expect(graph.get('posture/check-domain.ts')).toContain('dane/tlsa.ts');
    expect(graph.size).toBeGreaterThan(100);
  });

  it('has no cycle between modules', () => {
    expect(cyclesOf(graph)).toEqual([]);
  });

  it('has no cycle between the top-level folders', () => {
    expect(cyclesOf(groupGraph(production(graph), topFolder))).toEqual([]);
  });

  it('has no cycle between folders', () => {
    expect(cyclesOf(groupGraph(production(graph), ownFolder))).toEqual([]);
  });
});

describe('the cycle finder', () => {
  it('finds every way of naming a module', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "const e = await import('./e.js');",
      "type F = import('./f.js').F;",
      "import 'g';",
    ].join('\n');
    expect(specifiersOf('x.ts', text)).toEqual([
      './a.js',
      './b.js',
      './c.js',
      './d.js',
      './e.js',
      './f.js',
      'g',
    ]);
  });

  it('finds a cycle of two, a longer one and a self-import, and nothing in a graph without one', () => {
    expect(cyclesOf(graphOf({ a: ['b'], b: ['a'], c: ['a'] }))).toEqual(['a → b → a']);
    expect(cyclesOf(graphOf({ a: ['b'], b: ['c'], c: ['d', 'a'], d: [], e: ['e'] }))).toEqual([
      'a → b → c → a',
      'e → e',
    ]);
    expect(cyclesOf(graphOf({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
    expect(cyclesOf(graphOf({ a: ['b'], b: ['a', 'c'], c: ['b'] }))).toEqual([
      'a → b → a (in one knot with c)',
    ]);
  });

  it('finds a cycle between folders made by modules that do not form one', () => {
    const modules = graphOf({ 'x/a.ts': ['y/b.ts'], 'y/b.ts': [], 'y/c.ts': ['x/d.ts'], 'x/d.ts': [] });
    expect(cyclesOf(modules)).toEqual([]);
    expect(cyclesOf(groupGraph(modules, topFolder))).toEqual(['x → y → x']);
  });

  it('follows a chain too long for a recursive walk', () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 50_000; i += 1) {
      edges[`m${i}`] = [`m${i + 1}`];
    }
    edges.m50000 = ['m0'];
    const cycles = cyclesOf(graphOf(edges));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.split(' → ')).toHaveLength(50_002);
  });
});
