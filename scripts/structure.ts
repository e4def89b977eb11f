/**
 * The code's shape as the structure test checks it: every import between src/ files (type-only ones
 * included), the cycles among them, the layer rules they break, and the longest functions.
 * `npm run structure` prints all of it; test/structure.test.ts fails on any breach.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

/** One import of one src/ file by another, paths relative to src/. */
export interface Edge {
  from: string;
  to: string;
  line: number;
  typeOnly: boolean;
}

/** A rule that keeps the layers apart: files under `from` never import files under `to`. */
export interface LayerRule {
  from: string;
  to: string;
  why: string;
}

/**
 * The layers, lowest first: a folder may import only folders of a lower layer (or its own).
 * `options.ts`, `errors.ts`, `progress.ts`, `version.ts`, `util/` and the SQL quoting (`sql/quote.ts`,
 * which the DuckDB reader uses too) are the ground everything stands on; a file named here is placed
 * apart from its folder.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['util', 'errors.ts', 'progress.ts', 'version.ts', 'options.ts', 'sql/quote.ts'],
  ['data'],
  ['prep'],
  ['model'],
  ['sql'],
  ['classify', 'clv'],
  ['cluster', 'assign'],
  ['grade'],
  ['export'],
  ['results'],
  ['db'],
  ['report'],
  ['serve'],
  ['index.ts'],
  ['cli'],
];

/** The rules the issue that introduced them named, kept as explicit lines with their reasons. */
export const RULES: readonly LayerRule[] = [
  { from: 'data', to: 'results', why: 'reading data knows nothing of command results' },
  { from: 'model', to: 'classify', why: 'the model format sits below the learners' },
  { from: 'model', to: 'cluster', why: 'the model format sits below the learners' },
  { from: 'prep', to: 'model', why: 'the recipe is part of a model, not the other way round' },
  { from: 'classify', to: 'cluster', why: 'trees know nothing of clustering' },
  { from: 'sql', to: 'export', why: 'SQL pieces are shared below export/ and db/' },
  { from: 'sql', to: 'db', why: 'SQL pieces are shared below export/ and db/' },
];

const topOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : file);

export function layerOf(file: string): number {
  const own = LAYERS.findIndex((l) => l.includes(file));
  if (own >= 0) return own;
  const top = topOf(file);
  const i = LAYERS.findIndex((l) => l.includes(top));
  return i < 0 ? LAYERS.length : i;
}

export function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.split('\\').join('/'))
    .sort();
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(join(SRC, file), 'utf8'), ts.ScriptTarget.ES2022, true);
}

/** Every relative import and re-export of every src/ file. */
export function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of sourceFiles()) {
    const sf = parse(file);
    for (const st of sf.statements) {
      let spec: ts.Expression | undefined;
      let typeOnly = false;
      if (ts.isImportDeclaration(st)) {
        spec = st.moduleSpecifier;
        const clause = st.importClause;
        typeOnly =
          !!clause &&
          (clause.isTypeOnly ||
            (!clause.name &&
              !!clause.namedBindings &&
              ts.isNamedImports(clause.namedBindings) &&
              clause.namedBindings.elements.length > 0 &&
              clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      } else if (ts.isExportDeclaration(st) && st.moduleSpecifier) {
        spec = st.moduleSpecifier;
        typeOnly = st.isTypeOnly;
      }
      if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith('.')) continue;
      const target = relative(SRC, resolve(join(SRC, dirname(file)), spec.text)).replace(/\.js$/, '.ts');
      if (target.startsWith('..')) continue;
      const line = sf.getLineAndCharacterOfPosition(st.getStart()).line + 1;
      out.push({ from: file, to: target.split('\\').join('/'), line, typeOnly });
    }
  }
  return out;
}

/** The strongly connected groups of more than one file (Tarjan), each sorted. */
export function cycles(all: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of all) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    on.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const f of next.keys()) if (!index.has(f)) visit(f);
  return found;
}

/** Imports that climb a layer or break a named rule, each said as one line. */
export function breaches(all: readonly Edge[]): string[] {
  const out: string[] = [];
  for (const e of all) {
    const a = topOf(e.from);
    const b = topOf(e.to);
    if (a === b && layerOf(e.to) <= layerOf(e.from)) continue;
    const rule = RULES.find((r) => r.from === a && r.to === b);
    if (rule) out.push(`src/${e.from}:${e.line} imports src/${e.to}: ${rule.why}`);
    else if (layerOf(e.to) > layerOf(e.from))
      out.push(`src/${e.from}:${e.line} imports src/${e.to}, a layer above ${a}`);
  }
  return out;
}

/** A function, method or arrow function and how many lines it spans. */
export interface FunctionLength {
  where: string;
  name: string;
  lines: number;
}

function nameOf(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name)
    return node.name.getText();
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText();
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  return '(anonymous)';
}

/** Every function's length in lines, longest first. */
export function functionLengths(): FunctionLength[] {
  const out: FunctionLength[] = [];
  for (const file of sourceFiles()) {
    const sf = parse(file);
    const walk = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart()).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        out.push({ where: `src/${file}:${start + 1}`, name: nameOf(node), lines: end - start + 1 });
      }
      ts.forEachChild(node, walk);
    };
    walk(sf);
  }
  return out.sort((a, b) => b.lines - a.lines);
}

export const MAX_FUNCTION_LINES = 80;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const all = edges();
  const c = cycles(all);
  const b = breaches(all);
  const long = functionLengths().filter((f) => f.lines > MAX_FUNCTION_LINES);
  console.log(`${sourceFiles().length} files, ${all.length} imports between them`);
  console.log(`cycles: ${c.length}`);
  for (const g of c) console.log(`  ${g.join(' ⇄ ')}`);
  console.log(`layer breaches: ${b.length}`);
  for (const line of b) console.log(`  ${line}`);
  console.log(`functions over ${MAX_FUNCTION_LINES} lines: ${long.length}`);
  for (const f of long) console.log(`  ${f.lines} ${f.where} ${f.name}`);
  const [top] = functionLengths();
  console.log(`longest: ${top.lines} lines, ${top.name} at ${top.where}`);
}
