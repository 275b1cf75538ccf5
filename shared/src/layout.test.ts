/**
 * The README's layout of the core matches the code: every folder of shared/src is in its table, and each folder
 * imports only from the folders listed before it, as the README says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { groupGraph, importGraph } from './import-graph.test-helpers.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/** The folders of the table under `### Layout of the core`, one list per row, in order. */
function layoutRows(text: string): string[][] {
  const start = text.indexOf('### Layout of the core');
  expect(start).toBeGreaterThanOrEqual(0);
  const section = text.slice(start, text.indexOf('\n### ', start + 1));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => [...(line.split('|')[1] ?? '').matchAll(/`([^`]+)\/`/g)].map((m) => m[1]!));
}

/** Every folder below shared/src that holds source files, as `a/b`. */
function sourceFolders(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const name = `${prefix}${entry.name}`;
      const path = `${dir}/${entry.name}`;
      const own = readdirSync(path).some((file) => file.endsWith('.ts')) ? [name] : [];
      return [...own, ...sourceFolders(path, `${name}/`)];
    });
}

describe("the README's layout of the core", () => {
  const rows = layoutRows(readme);
  const rank = new Map(rows.flatMap((folders, i) => folders.map((folder): [string, number] => [folder, i])));

  it('names every folder of shared/src once, and no other', () => {
    expect([...rank.keys()].sort()).toEqual(sourceFolders(root).sort());
    expect(rows.flat()).toHaveLength(rank.size);
  });

  it('lists each folder after every folder it imports from', () => {
    const modules = new Map(
      [...importGraph(root)].filter(
        ([module]) => module.includes('/') && !/\.test(-helpers)?\.ts$/.test(module),
      ),
    );
    // A file at the root (`limits.ts`) is a group of its own, which any folder may import.
    const folders = groupGraph(modules, (module) =>
      module.includes('/') ? module.slice(0, module.lastIndexOf('/')) : module,
    );
    const late: string[] = [];
    for (const [from, targets] of folders) {
      for (const to of targets) {
        if (!to.endsWith('.ts') && (rank.get(to) ?? Infinity) >= (rank.get(from) ?? -1)) {
          late.push(`${from} imports ${to}`);
        }
      }
    }
    expect(late).toEqual([]);
  });
});
