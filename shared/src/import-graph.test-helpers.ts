/**
 * The import graph of a source tree, read with the TypeScript compiler's parser, and the cycles in it. Every way a
 * module names another counts: `import`, `import type`, `export … from`, `import()` and `import('…')` types. A type
 * import is erased from the JavaScript, but it still says that one module's design depends on the other's, and a
 * cycle of them is a knot the layout should not have.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** Module → the modules it imports; names are paths relative to the root, with `/`. */
export type ImportGraph = Map<string, Set<string>>;

/** Every `.ts` and `.tsx` file below `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(path);
    }
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The module specifiers a source text names, in order. */
export function specifiersOf(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push(node.argument.literal.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push(node.moduleReference.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The graph of the relative imports between the files below `root`. Package imports are not edges. A relative
 * import that names no file there throws: a graph that silently missed an edge could miss a cycle.
 */
export function importGraph(root: string): ImportGraph {
  const absoluteRoot = resolve(root);
  const name = (path: string): string => relative(absoluteRoot, path).split(sep).join('/');
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(absoluteRoot)) {
    const targets = new Set<string>();
    for (const specifier of specifiersOf(file, readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) {
        continue;
      }
      const base = resolve(dirname(file), specifier).replace(/\.(m?js|jsx)$/, '');
      const target = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((candidate) =>
        existsSync(candidate),
      );
      if (target === undefined || !target.startsWith(absoluteRoot + sep)) {
        throw new Error(`${name(file)}: import '${specifier}' names no source file below ${absoluteRoot}`);
      }
      targets.add(name(target));
    }
    graph.set(name(file), targets);
  }
  return graph;
}

/** The graph between groups of modules: an edge where a module of one group imports one of another. */
export function groupGraph(graph: ImportGraph, groupOf: (module: string) => string): ImportGraph {
  const groups: ImportGraph = new Map();
  for (const [module, targets] of graph) {
    const from = groupOf(module);
    const edges = groups.get(from) ?? new Set<string>();
    groups.set(from, edges);
    for (const target of targets) {
      const to = groupOf(target);
      if (to !== from) {
        edges.add(to);
      }
    }
  }
  return groups;
}

/**
 * The cycles of a graph: for each strongly connected component of more than one node (or a node importing
 * itself), one closed path through it, as `a → b → a`, and the other nodes of the component when the path does not
 * pass them all. Sorted, so a failure reads the same on every run.
 */
export function cyclesOf(graph: ImportGraph): string[] {
  // Tarjan's algorithm, iterative so that a long chain of imports cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) {
      continue;
    }
    const work: { node: string; targets: Iterator<string> }[] = [];
    const enter = (node: string): void => {
      index.set(node, next);
      low.set(node, next);
      next += 1;
      stack.push(node);
      onStack.add(node);
      work.push({ node, targets: (graph.get(node) ?? new Set<string>()).values() });
    };
    enter(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const step = top.targets.next();
      if (!step.done) {
        const target = step.value;
        if (!index.has(target)) {
          enter(target);
        } else if (onStack.has(target)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) {
        low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        if (component.length > 1 || graph.get(top.node)?.has(top.node) === true) {
          components.push(component);
        }
      }
    }
  }
  return components.map((component) => closedPath(graph, new Set(component))).sort();
}

/** A shortest closed path through a strongly connected component, from its first member in sort order. */
function closedPath(graph: ImportGraph, component: Set<string>): string {
  const start = [...component].sort()[0]!;
  // Breadth-first from `start` within the component, back to `start`.
  const previous = new Map<string, string>();
  const queue = [start];
  let end: string | undefined;
  for (let i = 0; i < queue.length && end === undefined; i += 1) {
    const node = queue[i]!;
    for (const target of [...(graph.get(node) ?? [])].sort()) {
      if (target === start) {
        end = node;
        break;
      }
      if (component.has(target) && !previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  const back = [start];
  for (let node = end!; node !== start; node = previous.get(node)!) {
    back.push(node);
  }
  const path = [start, ...back.slice(1).reverse(), start];
  const onPath = new Set(path);
  const others = [...component].filter((node) => !onPath.has(node)).sort();
  return others.length === 0
    ? path.join(' → ')
    : `${path.join(' → ')} (in one knot with ${others.join(', ')})`;
}
