import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The layout's rules, checked on every run: capabilities never import the web shell, the UI kit
// imports no capability, and no two folders of src/ import each other, even through others.

const src = path.resolve(import.meta.dirname, '..', 'src');

/** Folders (and top-level files) that compose the app: they may import anything. */
const compositionRoots = new Set(['main.ts', 'boot.ts', 'cli.ts', 'handlers.ts', 'web']);
/** Adapters over the capabilities; like the shell, capabilities must not import them. */
const adapters = new Set(['web', 'api', 'jobs']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The unit of layering: a folder directly under src/, or a file at its top. */
const unitOf = (file: string) => path.relative(src, file).split(path.sep)[0]!;

/** unit → the units it imports (static, dynamic and type-only imports alike). */
function importGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(src)) {
    const from = unitOf(file);
    const edges = graph.get(from) ?? new Map<string, string>();
    graph.set(from, edges);
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = path.resolve(path.dirname(file), match[1]!);
      if (!target.startsWith(src + path.sep)) continue;
      const to = unitOf(target);
      if (to !== from && !edges.has(to)) edges.set(to, path.relative(src, file));
    }
  }
  return graph;
}

/** Strongly connected components with more than one unit: each is an import cycle. */
function cycles(graph: Map<string, Map<string, string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (unit: string) => {
    index.set(unit, counter);
    low.set(unit, counter++);
    stack.push(unit);
    onStack.add(unit);
    for (const next of graph.get(unit)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(unit, Math.min(low.get(unit)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(unit, Math.min(low.get(unit)!, index.get(next)!));
    }
    if (low.get(unit) === index.get(unit)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== unit);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const unit of graph.keys()) if (!index.has(unit)) visit(unit);
  return found;
}

describe('the layout', () => {
  const graph = importGraph();

  it('finds the folders it checks', () => {
    for (const unit of ['web', 'ui', 'accounts', 'blogs', 'programmes', 'external-blogs']) expect(graph.has(unit)).toBe(true);
  });

  it('has no capability importing the web shell or another adapter', () => {
    const offences: string[] = [];
    for (const [from, edges] of graph) {
      if (compositionRoots.has(from)) continue;
      for (const [to, file] of edges) {
        if (adapters.has(to) && !(from === 'api' && to === 'jobs') && !(from === 'jobs' && to === 'api'))
          offences.push(`${file} imports ${to}/`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('keeps the UI kit free of capabilities', () => {
    const allowed = new Set(['context.ts', 'errors.ts', 'viewer.ts', 'lazy.ts', 'clock.ts', 'config.ts']);
    const offences = [...(graph.get('ui') ?? new Map<string, string>())]
      .filter(([to]) => !allowed.has(to))
      .map(([to, file]) => `${file} imports ${to}`);
    expect(offences).toEqual([]);
  });

  it('has no import cycle between folders', () => {
    const described = cycles(graph).map((cycle) =>
      cycle
        .map(
          (unit) =>
            `${unit} → ${[...(graph.get(unit) ?? [])]
              .filter(([to]) => cycle.includes(to))
              .map(([to, file]) => `${to} (${file})`)
              .join(', ')}`,
        )
        .join('; '),
    );
    expect(described).toEqual([]);
  });
});
