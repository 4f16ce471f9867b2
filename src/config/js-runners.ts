/**
 * Reads the JS test runners' configuration (vitest, jest, mocha, node:test) statically:
 * which files are test files, which aliases the runner's resolver applies, whether globals are on.
 * User config is never executed: it is parsed with TypeScript and only literal parts are read.
 */
import { exists, globSync, isFile, pathKind, readText } from '../fs/probe.js';
import path from 'node:path';
import picomatch from 'picomatch';
import ts from 'typescript';

export interface JsRunnerConfig {
  runner: 'vitest' | 'jest' | 'mocha' | 'node-test' | 'unknown';
  /** Absolute path of the file the config was read from, or null for defaults. */
  configFile: string | null;
  /** Test-file globs, relative to `dir`. */
  include: string[];
  exclude: string[];
  /** jest `testRegex` (JS regex sources, matched against the absolute path). */
  testRegex: string[];
  /**
   * Resolver aliases, applied in order. A string `find` matches the specifier itself or as a
   * path prefix (`@` matches `@/x`, vite semantics); a RegExp `find` replaces through
   * `specifier.replace(find, replacement)` (jest mappers are wrapped so they replace the whole specifier).
   * `replacement` is absolute where it is a path.
   */
  alias: { find: string | RegExp; replacement: string }[];
  /** vitest `test.globals` / jest (always true) / mocha (true). */
  globals: boolean;
  /** Absolute paths where they are paths; package names as written. */
  setupFiles: string[];
  /** The directory the patterns are relative to (config dir or `root`/`rootDir`). */
  dir: string;
  /** The config had parts we could not read statically (defaults were used for those). */
  dynamic: boolean;
  /** jest `testPathIgnorePatterns` that are not simple folder names (regex sources, matched against the absolute path). */
  excludeRegex?: string[];
  /** jest `modulePaths` and `moduleDirectories` other than node_modules: absolute folders where bare specifiers are also looked up. */
  moduleDirs?: string[];
  /**
   * Names the config makes global by substitution or injection: vite `define` keys, jest `globals` keys
   * (read from the config's syntax, also when the config as a whole is dynamic).
   */
  defines?: string[];
  /**
   * Does this runner resolve through the tsconfig `paths`? vitest only with a tsconfig-paths plugin
   * (or vite's `resolve.tsconfigPaths`), jest only through a `moduleNameMapper` built from them.
   * `false`: certainly not; `true`: yes; `null` (or absent): cannot tell (a dynamic config, a plugin
   * or preset we do not know, a custom resolver): resolve through them and stay quiet.
   */
  tsconfigPaths?: boolean | null;
}

export const VITEST_DEFAULT_INCLUDE = ['**/*.{test,spec}.?(c|m)[jt]s?(x)'];
/** vitest ≤3's defaults (vitest 4 only keeps node_modules and .git); the wider list avoids calling built files tests. */
export const VITEST_DEFAULT_EXCLUDE = [
  '**/node_modules/**',
  '**/dist/**',
  '**/cypress/**',
  '**/.{idea,git,cache,output,temp}/**',
  '**/{karma,rollup,webpack,vite,vitest,jest,ava,babel,nyc,cypress,tsup,build,eslint,prettier}.config.*',
];
export const JEST_DEFAULT_TEST_MATCH = ['**/__tests__/**/*.?([mc])[jt]s?(x)', '**/?(*.)+(spec|test).?([mc])[jt]s?(x)'];
const JEST_DEFAULT_EXCLUDE = ['**/node_modules/**'];
const MOCHA_DEFAULT_EXTENSIONS = ['js', 'cjs', 'mjs'];
export const NODE_TEST_DEFAULT_INCLUDE = [
  '**/*.test.{js,mjs,cjs}',
  '**/*-test.{js,mjs,cjs}',
  '**/*_test.{js,mjs,cjs}',
  '**/test-*.{js,mjs,cjs}',
  '**/test.{js,mjs,cjs}',
  '**/test/**/*.{js,mjs,cjs}',
];
const COMMON_EXCLUDE = ['**/node_modules/**', '**/.git/**'];

// ---------------------------------------------------------------------------------------------
// Static evaluation of config expressions

/** A value that could not be read statically. */
const DYNAMIC: unique symbol = Symbol('dynamic');
/** Marks an object literal that has keys we could not see (a spread of something dynamic). */
const PARTIAL: unique symbol = Symbol('partial');

type Value = string | number | boolean | null | undefined | RegExp | Value[] | Obj | typeof DYNAMIC;
interface Obj {
  [key: string]: Value;
  [PARTIAL]?: boolean;
}

function isObj(v: Value): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegExp);
}

interface EvalContext {
  file: string;
  dir: string;
  /** Top-level (and function-body) `const`/`let` initialisers, innermost scope first. */
  scopes: Map<string, ts.Expression | undefined>[];
  /** Names bound by imports (module specifier and imported name). */
  imports: Map<string, { module: string; name: string }>;
  /** Guards recursion through identifiers. */
  visiting: Set<string>;
  /** How many imported config modules deep we are (`mergeConfig(viteConfig, …)` follows `./vite.config`). */
  depth: number;
  /** Parameters of a config-building function being evaluated, bound to the caller's argument values. */
  bound?: Map<string, Value>;
}

function collectScope(statements: readonly ts.Statement[]): Map<string, ts.Expression | undefined> {
  const scope = new Map<string, ts.Expression | undefined>();
  for (const st of statements) {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) scope.set(d.name.text, d.initializer);
      }
    }
  }
  return scope;
}

function collectImports(sf: ts.SourceFile): Map<string, { module: string; name: string }> {
  const out = new Map<string, { module: string; name: string }>();
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && st.importClause) {
      const module = st.moduleSpecifier.text;
      const clause = st.importClause;
      if (clause.name) out.set(clause.name.text, { module, name: 'default' });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) out.set(nb.name.text, { module, name: '*' });
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) out.set(el.name.text, { module, name: (el.propertyName ?? el.name).text });
      }
    }
    // const path = require('path'); const { resolve } = require('path')
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer;
        if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require') continue;
        const arg = init.arguments[0];
        if (!arg || !ts.isStringLiteral(arg)) continue;
        if (ts.isIdentifier(d.name)) out.set(d.name.text, { module: arg.text, name: '*' });
        else if (ts.isObjectBindingPattern(d.name)) {
          for (const el of d.name.elements) {
            if (!ts.isIdentifier(el.name)) continue;
            const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
            out.set(el.name.text, { module: arg.text, name: prop });
          }
        }
      }
    }
  }
  return out;
}

function stripNodePrefix(m: string): string {
  return m.startsWith('node:') ? m.slice(5) : m;
}

/** Which path/url helper does this callee denote (`path.resolve`, `resolve` imported from 'path', …)? */
function calleeName(expr: ts.Expression, ctx: EvalContext): string | null {
  if (ts.isIdentifier(expr)) {
    const imp = ctx.imports.get(expr.text);
    if (imp) {
      const mod = stripNodePrefix(imp.module);
      if ((mod === 'path' || mod === 'path/posix' || mod === 'url') && imp.name !== '*' && imp.name !== 'default') return `${mod === 'url' ? 'url' : 'path'}.${imp.name}`;
      return `${mod}:${imp.name}`;
    }
    return expr.text;
  }
  if (ts.isPropertyAccessExpression(expr)) {
    const obj = expr.expression;
    const prop = expr.name.text;
    if (ts.isIdentifier(obj)) {
      const imp = ctx.imports.get(obj.text);
      const mod = imp ? stripNodePrefix(imp.module) : obj.text;
      if (mod === 'path' || mod === 'path/posix' || mod === 'url') return `${mod === 'url' ? 'url' : 'path'}.${prop}`;
      return `${obj.text}.${prop}`;
    }
    // path.posix.resolve / path.win32.join
    if (ts.isPropertyAccessExpression(obj) && ts.isIdentifier(obj.expression)) {
      const imp = ctx.imports.get(obj.expression.text);
      const mod = imp ? stripNodePrefix(imp.module) : obj.expression.text;
      if (mod === 'path') return `path.${prop}`;
    }
  }
  return null;
}

function isImportMetaUrl(node: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(node) &&
    node.name.text === 'url' &&
    ts.isMetaProperty(node.expression) &&
    node.expression.keywordToken === ts.SyntaxKind.ImportKeyword
  );
}

function fileUrlToPathSafe(v: Value): Value {
  if (typeof v !== 'string') return DYNAMIC;
  if (v.startsWith('file://')) {
    try {
      return decodeURIComponent(new URL(v).pathname);
    } catch {
      return DYNAMIC;
    }
  }
  return path.isAbsolute(v) ? v : DYNAMIC;
}

function unwrap(node: ts.Expression): ts.Expression {
  for (;;) {
    if (
      ts.isParenthesizedExpression(node) ||
      ts.isAsExpression(node) ||
      ts.isSatisfiesExpression(node) ||
      ts.isTypeAssertionExpression(node) ||
      ts.isNonNullExpression(node)
    ) {
      node = node.expression;
    } else return node;
  }
}

/** What a function-valued config (`defineConfig(() => ({…}))`, `module.exports = async () => ({…})`) returns. */
function evalFunctionResult(fn: ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration, ctx: EvalContext): Value {
  const body = fn.body;
  if (!body) return DYNAMIC;
  if (!ts.isBlock(body)) return evalExpr(body, ctx);
  const ret = [...body.statements].reverse().find(ts.isReturnStatement);
  if (!ret || !ret.expression) return DYNAMIC;
  return evalExpr(ret.expression, { ...ctx, scopes: [collectScope(body.statements), ...ctx.scopes] });
}

function lookupIdentifier(name: string, ctx: EvalContext): Value {
  if (name === '__dirname') return ctx.dir;
  if (name === '__filename') return ctx.file;
  if (name === 'undefined') return undefined;
  if (ctx.bound?.has(name)) return ctx.bound.get(name);
  for (let i = 0; i < ctx.scopes.length; i++) {
    const scope = ctx.scopes[i]!;
    if (!scope.has(name)) continue;
    const init = scope.get(name);
    if (!init) return DYNAMIC;
    const key = `${i}:${name}`;
    if (ctx.visiting.has(key)) return DYNAMIC;
    ctx.visiting.add(key);
    try {
      // A name is looked up in its own scope and the outer ones.
      return evalExpr(init, { ...ctx, scopes: ctx.scopes.slice(i) });
    } finally {
      ctx.visiting.delete(key);
    }
  }
  const imp = ctx.imports.get(name);
  if (imp && (imp.module.startsWith('./') || imp.module.startsWith('../')) && ctx.depth < 3) {
    const f = findModuleFile(path.resolve(ctx.dir, imp.module));
    if (f) return readModuleBinding(f, imp.name, ctx.depth + 1);
  }
  return DYNAMIC;
}

/** `./vite.config` → the file a config import names (extension optional, `.js` may stand for `.ts`). */
function findModuleFile(abs: string): string | null {
  const stem = abs.replace(/\.[cm]?js$/, '');
  for (const c of [abs, ...['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'].map((e) => stem + e)]) {
    if (isFile(c)) return c;
  }
  return null;
}

/** One binding (`default` or a top-level const) of another config module. */
function readModuleBinding(file: string, name: string, depth: number): Value {
  const text = readText(file);
  if (text === null) return DYNAMIC;
  if (name === 'default') return readConfigModule(file, text, depth);
  if (name === '*') return DYNAMIC;
  const { ctx } = moduleContext(file, text, depth);
  return ctx.scopes[0]!.has(name) ? lookupIdentifier(name, ctx) : DYNAMIC;
}

/** The object and every object inside it may have keys we cannot see. */
function partialDeep(v: Obj): Obj {
  const out: Obj = { [PARTIAL]: true };
  for (const [k, x] of Object.entries(v)) out[k] = isObj(x) ? partialDeep(x) : x;
  return out;
}

function deepMerge(a: Value, b: Value): Value {
  if (a === DYNAMIC) {
    if (isObj(b)) return partialDeep(b);
    return b === undefined ? DYNAMIC : b;
  }
  if (b === undefined) return a;
  if (b === DYNAMIC) return isObj(a) ? partialDeep(a) : DYNAMIC;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (isObj(a) && isObj(b)) {
    const out: Obj = { ...a };
    for (const k of Object.keys(b)) out[k] = k in a ? deepMerge(a[k], b[k]) : b[k];
    if (a[PARTIAL] || b[PARTIAL]) out[PARTIAL] = true;
    return out;
  }
  return b;
}

function evalCall(node: ts.CallExpression, ctx: EvalContext): Value {
  const args = node.arguments.map((a) => a);
  const name = calleeName(node.expression, ctx);
  const evalArgs = (): Value[] => args.map((a) => evalExpr(a, ctx));
  const allStrings = (vals: Value[]): vals is string[] => vals.every((v) => typeof v === 'string');
  const short = name ? name.replace(/^[^:]*:/, '') : null;
  switch (name) {
    case 'path.resolve': {
      // `resolve('src')` with no absolute part is relative to the cwd; a runner is started from the config's folder.
      const vals = evalArgs();
      return allStrings(vals) ? path.resolve(ctx.dir, ...vals) : DYNAMIC;
    }
    case 'path.join': {
      const vals = evalArgs();
      return allStrings(vals) ? path.join(...vals) : DYNAMIC;
    }
    case 'path.dirname': {
      const vals = evalArgs();
      return allStrings(vals) && vals.length === 1 ? path.dirname(vals[0]!) : DYNAMIC;
    }
    case 'url.fileURLToPath': {
      const arg = args[0];
      if (!arg) return DYNAMIC;
      return fileUrlToPathSafe(evalExpr(arg, ctx));
    }
    case 'process.cwd':
      return ctx.dir;
    case 'require.resolve':
      return DYNAMIC;
  }
  // defineConfig / defineProject / defineWorkspace (vitest/config, vite) and their friends: the argument is the config.
  if (short && /^define(Config|Project|Workspace|VitestConfig|VitestProject|JestConfig)$/.test(short)) {
    const arg = args[0];
    if (!arg) return DYNAMIC;
    const a = unwrap(arg);
    if (ts.isArrowFunction(a) || ts.isFunctionExpression(a)) return evalFunctionResult(a, ctx);
    return evalExpr(a, ctx);
  }
  if (short === 'mergeConfig') {
    let acc: Value = undefined;
    for (const a of args) acc = acc === undefined ? evalExpr(a, ctx) : deepMerge(acc, evalExpr(a, ctx));
    return acc === undefined ? DYNAMIC : acc;
  }
  // `buildConfig(__dirname, { testRegex: … })` with `buildConfig` from a relative module: evaluate its result.
  if (ts.isIdentifier(node.expression)) return evalImportedFunctionCall(node.expression.text, args, ctx);
  return DYNAMIC;
}

/** The function a module exports under `name` (`module.exports = fn`, `export default fn`, `export function name`). */
function exportedFunction(sf: ts.SourceFile, name: string): ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | null {
  const fns = new Map<string, ts.FunctionDeclaration>();
  for (const st of sf.statements) if (ts.isFunctionDeclaration(st) && st.name && st.body) fns.set(st.name.text, st);
  const asFn = (e: ts.Expression) => {
    const x = unwrap(e);
    if (ts.isArrowFunction(x) || ts.isFunctionExpression(x)) return x;
    return ts.isIdentifier(x) ? (fns.get(x.text) ?? null) : null;
  };
  for (const st of sf.statements) {
    const isDefault = name === 'default' || name === '*';
    if (isDefault && ts.isExportAssignment(st)) return asFn(st.expression);
    if (ts.isFunctionDeclaration(st) && st.body && st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      const dflt = st.modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if ((isDefault && dflt) || (!dflt && st.name?.text === name)) return st;
    }
    if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = st.expression.left;
      if (!ts.isPropertyAccessExpression(left)) continue;
      const moduleExports = ts.isIdentifier(left.expression) && left.expression.text === 'module' && left.name.text === 'exports';
      const namedExport = ts.isIdentifier(left.expression) && left.expression.text === 'exports' && left.name.text === name;
      if ((isDefault && moduleExports) || namedExport) return asFn(st.expression.right);
    }
  }
  return null;
}

function evalImportedFunctionCall(callee: string, args: readonly ts.Expression[], ctx: EvalContext): Value {
  const imp = ctx.imports.get(callee);
  if (!imp || !(imp.module.startsWith('./') || imp.module.startsWith('../')) || ctx.depth >= 3) return DYNAMIC;
  const file = findModuleFile(path.resolve(ctx.dir, imp.module));
  const text = file ? readText(file) : null;
  if (!file || text === null) return DYNAMIC;
  const { sf, ctx: calleeCtx } = moduleContext(file, text, ctx.depth + 1);
  const fn = exportedFunction(sf, imp.name);
  if (!fn) return DYNAMIC;
  const bound = new Map<string, Value>();
  fn.parameters.forEach((p, i) => {
    if (!ts.isIdentifier(p.name)) return;
    const a = args[i];
    bound.set(p.name.text, a ? evalExpr(a, ctx) : p.initializer ? evalExpr(p.initializer, calleeCtx) : undefined);
  });
  return evalFunctionResult(fn, { ...calleeCtx, bound });
}

function evalExpr(input: ts.Expression, ctx: EvalContext): Value {
  const node = unwrap(input);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isRegularExpressionLiteral(node)) {
    const m = /^\/(.*)\/([a-z]*)$/s.exec(node.text);
    if (!m) return DYNAMIC;
    try {
      return new RegExp(m[1]!, m[2]);
    } catch {
      return DYNAMIC;
    }
  }
  if (ts.isTemplateExpression(node)) {
    let s = node.head.text;
    for (const span of node.templateSpans) {
      const v = evalExpr(span.expression, ctx);
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return DYNAMIC;
      s += String(v) + span.literal.text;
    }
    return s;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = evalExpr(node.left, ctx);
    const r = evalExpr(node.right, ctx);
    if ((typeof l === 'string' || typeof l === 'number') && (typeof r === 'string' || typeof r === 'number')) {
      return (l as string) + (r as string);
    }
    return DYNAMIC;
  }
  if (ts.isArrayLiteralExpression(node)) {
    const out: Value[] = [];
    for (const el of node.elements) {
      if (ts.isSpreadElement(el)) {
        const v = evalExpr(el.expression, ctx);
        if (!Array.isArray(v)) return DYNAMIC;
        out.push(...v);
      } else if (ts.isOmittedExpression(el)) {
        out.push(undefined);
      } else {
        out.push(evalExpr(el, ctx));
      }
    }
    return out;
  }
  if (ts.isObjectLiteralExpression(node)) {
    const out: Obj = {};
    for (const p of node.properties) {
      if (ts.isSpreadAssignment(p)) {
        const v = evalExpr(p.expression, ctx);
        if (isObj(v)) {
          Object.assign(out, v);
          if (v[PARTIAL]) out[PARTIAL] = true;
        } else {
          // Keys may come from here: those read later are unknown.
          out[PARTIAL] = true;
        }
        continue;
      }
      const key = propertyKey(p.name, ctx);
      if (key === null) {
        out[PARTIAL] = true;
        continue;
      }
      if (ts.isPropertyAssignment(p)) out[key] = evalExpr(p.initializer, ctx);
      else if (ts.isShorthandPropertyAssignment(p)) out[key] = lookupIdentifier(p.name.text, ctx);
      else out[key] = DYNAMIC; // methods and accessors
    }
    return out;
  }
  if (ts.isIdentifier(node)) return lookupIdentifier(node.text, ctx);
  if (ts.isCallExpression(node)) return evalCall(node, ctx);
  if (ts.isNewExpression(node)) {
    // new URL('./src', import.meta.url) → a file URL
    if (ts.isIdentifier(node.expression) && node.expression.text === 'URL' && node.arguments?.length === 2) {
      const rel = evalExpr(node.arguments[0]!, ctx);
      const base = node.arguments[1]!;
      if (typeof rel === 'string' && isImportMetaUrl(unwrap(base))) {
        return new URL(rel, `file://${ctx.file.split(path.sep).join('/')}`).href;
      }
    }
    return DYNAMIC;
  }
  if (ts.isPropertyAccessExpression(node)) {
    if (isImportMetaUrl(node)) return `file://${ctx.file.split(path.sep).join('/')}`;
    if (ts.isMetaProperty(node.expression) && node.name.text === 'dirname') return ctx.dir;
    if (ts.isMetaProperty(node.expression) && node.name.text === 'filename') return ctx.file;
    const obj = evalExpr(node.expression, ctx);
    if (node.name.text === 'pathname' && typeof obj === 'string' && obj.startsWith('file://')) return fileUrlToPathSafe(obj);
    if (isObj(obj)) {
      if (node.name.text in obj) return obj[node.name.text];
      return obj[PARTIAL] ? DYNAMIC : undefined;
    }
    return DYNAMIC;
  }
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return DYNAMIC;
  return DYNAMIC;
}

function propertyKey(name: ts.PropertyName, ctx: EvalContext): string | null {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const v = evalExpr(name.expression, ctx);
    return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
  }
  return null;
}

/** The value a config module exports (`export default`, `module.exports =`, `export =`), or DYNAMIC. */
function moduleContext(file: string, text: string, depth: number): { sf: ts.SourceFile; ctx: EvalContext } {
  const kind = /\.[cm]?tsx?$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const ctx: EvalContext = {
    file,
    dir: path.dirname(file),
    scopes: [collectScope(sf.statements)],
    imports: collectImports(sf),
    visiting: new Set(),
    depth,
  };
  return { sf, ctx };
}

export function readConfigModule(file: string, text: string, depth = 0): Value {
  const { sf, ctx } = moduleContext(file, text, depth);
  const functions = new Map<string, ts.FunctionDeclaration>();
  for (const st of sf.statements) if (ts.isFunctionDeclaration(st) && st.name) functions.set(st.name.text, st);
  const evalExported = (expr: ts.Expression): Value => {
    const e = unwrap(expr);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return evalFunctionResult(e, ctx);
    if (ts.isIdentifier(e) && functions.has(e.text)) return evalFunctionResult(functions.get(e.text)!, ctx);
    return evalExpr(e, ctx);
  };
  let result: Value = DYNAMIC;
  for (const st of sf.statements) {
    if (ts.isExportAssignment(st)) result = evalExported(st.expression);
    else if (ts.isFunctionDeclaration(st) && st.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) {
      result = evalFunctionResult(st, ctx);
    } else if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = st.expression.left;
      const isModuleExports =
        ts.isPropertyAccessExpression(left) &&
        ((ts.isIdentifier(left.expression) && left.expression.text === 'module' && left.name.text === 'exports') ||
          (ts.isIdentifier(left.expression) && left.expression.text === 'exports' && left.name.text === 'default'));
      if (isModuleExports) result = evalExported(st.expression.right);
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Reading values into a config

/** Reads typed values from an evaluated object; one shared flag records that something was not readable. */
class Reader {
  constructor(
    private readonly obj: Value,
    private readonly flag = { dynamic: false },
  ) {
    if (obj === DYNAMIC || (obj !== undefined && !isObj(obj))) flag.dynamic = true;
  }
  /** The key's value; DYNAMIC when it cannot be known (a dynamic value, or a key hidden behind a spread). */
  get(key: string): Value {
    if (!isObj(this.obj)) return this.obj === undefined ? undefined : DYNAMIC;
    if (!(key in this.obj)) return this.obj[PARTIAL] ? DYNAMIC : undefined;
    return this.obj[key];
  }
  /** Like `get`, but an unreadable value counts as dynamic and reads as absent. */
  raw(key: string): Value {
    const v = this.get(key);
    if (v === DYNAMIC) {
      this.flag.dynamic = true;
      return undefined;
    }
    return v;
  }
  sub(key: string): Reader {
    const v = this.get(key);
    return new Reader(v === undefined || v === null ? {} : v, this.flag);
  }
  unreadable(key: string): boolean {
    return this.get(key) === DYNAMIC;
  }
  markDynamic(): void {
    this.flag.dynamic = true;
  }
  /** A string or list of strings; null when absent or unreadable. */
  strings(key: string): string[] | null {
    const v = this.raw(key);
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return [v];
    if (Array.isArray(v) && v.every((x): x is string => typeof x === 'string')) return v;
    this.markDynamic();
    return null;
  }
  boolean(key: string): boolean | null {
    const v = this.raw(key);
    if (typeof v === 'boolean') return v;
    if (v !== undefined && v !== null) this.markDynamic();
    return null;
  }
  string(key: string): string | null {
    const v = this.raw(key);
    if (typeof v === 'string') return v;
    if (v !== undefined && v !== null) this.markDynamic();
    return null;
  }
  isDynamic(): boolean {
    return this.flag.dynamic;
  }
}

function normalizeGlob(g: string): string {
  let s = g.replace(/\\/g, '/');
  while (s.startsWith('./')) s = s.slice(2);
  return s;
}

function looksLikePath(s: string): boolean {
  return s.startsWith('./') || s.startsWith('../') || s === '.' || s === '..' || path.isAbsolute(s);
}

/** vite alias replacement → absolute path when it is a path (`/src` is relative to vite's root when no such absolute folder exists). */
function aliasReplacement(rep: string, dir: string): string {
  // `/src` is vite-root-relative; `/home/me/app/src` is a file-system path (its first folder exists).
  const first = rep.split('/')[1];
  if (rep.startsWith('/') && first && !exists(`/${first}`)) return path.join(dir, rep);
  if (looksLikePath(rep)) return path.resolve(dir, rep);
  return rep;
}

function readViteAliases(v: Value, dir: string, r: Reader): JsRunnerConfig['alias'] {
  const out: JsRunnerConfig['alias'] = [];
  if (v === undefined || v === null) return out;
  if (Array.isArray(v)) {
    for (const e of v) {
      if (!isObj(e)) {
        r.markDynamic();
        continue;
      }
      const find = e.find;
      const rep = e.replacement;
      if ((typeof find === 'string' || find instanceof RegExp) && typeof rep === 'string') {
        out.push({ find, replacement: aliasReplacement(rep, dir) });
      } else r.markDynamic();
    }
    return out;
  }
  if (isObj(v)) {
    if (v[PARTIAL]) r.markDynamic();
    for (const [find, rep] of Object.entries(v)) {
      if (typeof rep === 'string') out.push({ find, replacement: aliasReplacement(rep, dir) });
      else r.markDynamic();
    }
    return out;
  }
  r.markDynamic();
  return out;
}

function substituteRootDir(s: string, rootDir: string): string {
  return s.replace(/<rootDir>/g, rootDir);
}

function resolveSetupFile(s: string, dir: string): string {
  if (s.includes('<rootDir>')) return path.resolve(substituteRootDir(s, dir));
  if (looksLikePath(s)) return path.resolve(dir, s);
  // `setupFiles: ['vitest.setup.ts']` is a path relative to the root when such a file exists.
  if (exists(path.join(dir, s))) return path.join(dir, s);
  return s;
}

function vitestFromObject(obj: Value, configFile: string | null, baseDir: string, dynamicFromParent = false): JsRunnerConfig {
  const r = new Reader(obj);
  const test = r.sub('test');
  const rootOpt = test.string('root') ?? r.string('root');
  const dir = rootOpt ? path.resolve(baseDir, rootOpt) : baseDir;
  const include = test.strings('include')?.map(normalizeGlob) ?? VITEST_DEFAULT_INCLUDE;
  const exclude = test.strings('exclude')?.map(normalizeGlob) ?? VITEST_DEFAULT_EXCLUDE;
  const resolveR = r.sub('resolve');
  const alias = [...readViteAliases(test.raw('alias'), baseDir, test), ...readViteAliases(resolveR.raw('alias'), baseDir, resolveR)];
  // An unreadable `globals` stays quiet: assume the globals are there.
  const globals = test.boolean('globals') ?? test.unreadable('globals');
  const setupFiles = (test.strings('setupFiles') ?? []).map((s) => resolveSetupFile(s, dir));
  const dynamic = dynamicFromParent || r.isDynamic();
  return {
    runner: 'vitest',
    configFile,
    include,
    exclude,
    testRegex: [],
    alias,
    globals,
    setupFiles,
    dir,
    dynamic,
  };
}

/** A jest `moduleNameMapper` key, wrapped so that `specifier.replace()` yields the mapped module (jest substitutes `$n` into the mapped string). */
function jestMapperRegex(source: string): RegExp | null {
  try {
    new RegExp(source);
    return new RegExp(`^[\\s\\S]*?(?:${source})[\\s\\S]*$`);
  } catch {
    return null;
  }
}

/** `/node_modules/`, `<rootDir>/dist/` → a glob; other regexes stay regexes (null). */
function jestIgnoreToGlob(source: string): string | null {
  const anchored = source.startsWith('<rootDir>');
  const s = source.replace(/^<rootDir>/, '').replace(/^\/+|\/+$/g, '');
  // Plain folder names only: a `.` or any other metacharacter makes it a real regex.
  if (!/^[\w-]+(\/[\w-]+)*$/.test(s)) return null;
  return anchored ? `${s}/**` : `**/${s}/**`;
}

function jestFromObject(obj: Value, configFile: string | null, baseDir: string): JsRunnerConfig {
  const r = new Reader(obj);
  const rootDirOpt = r.string('rootDir');
  const dir = rootDirOpt ? path.resolve(baseDir, substituteRootDir(rootDirOpt, baseDir)) : baseDir;
  const testRegex = r.strings('testRegex') ?? [];
  const testMatch = r.strings('testMatch');
  const include = testRegex.length > 0 ? [] : (testMatch?.map((g) => normalizeGlob(substituteRootDir(g, '.'))) ?? JEST_DEFAULT_TEST_MATCH);
  const ignore = r.strings('testPathIgnorePatterns');
  const exclude: string[] = [];
  const excludeRegex: string[] = [];
  for (const src of ignore ?? ['/node_modules/']) {
    const g = jestIgnoreToGlob(src);
    if (g) exclude.push(g);
    else excludeRegex.push(src.replace(/<rootDir>/g, dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  }
  const alias: JsRunnerConfig['alias'] = [];
  const mapper = r.raw('moduleNameMapper');
  if (isObj(mapper)) {
    if (mapper[PARTIAL]) r.markDynamic();
    for (const [key, val] of Object.entries(mapper)) {
      const rep = typeof val === 'string' ? val : Array.isArray(val) && typeof val[0] === 'string' ? val[0] : null;
      const find = jestMapperRegex(key);
      if (rep === null || !find) {
        r.markDynamic();
        continue;
      }
      const sub = substituteRootDir(rep, dir);
      alias.push({ find, replacement: looksLikePath(sub) && !path.isAbsolute(sub) ? path.resolve(dir, sub) : sub });
    }
  } else if (mapper !== undefined && mapper !== null) r.markDynamic();
  const setupFiles = [...(r.strings('setupFiles') ?? []), ...(r.strings('setupFilesAfterEnv') ?? [])].map((s) => resolveSetupFile(s, dir));
  // jest looks `moduleDirectories` up in every ancestor folder; the config's root is where they usually are.
  const moduleDirs = [
    ...(r.strings('modulePaths') ?? []).map((m) => path.resolve(dir, substituteRootDir(m, dir))),
    ...(r.strings('moduleDirectories') ?? []).filter((m) => m !== 'node_modules').map((m) => path.resolve(dir, substituteRootDir(m, dir))),
  ];
  // `projects` inside a jest config is read as separate configs by the caller.
  return {
    runner: 'jest',
    configFile,
    include,
    exclude: [...new Set([...JEST_DEFAULT_EXCLUDE, ...exclude])],
    testRegex,
    alias,
    globals: r.boolean('injectGlobals') ?? true,
    setupFiles,
    dir,
    dynamic: r.isDynamic(),
    ...(excludeRegex.length ? { excludeRegex } : {}),
    ...(moduleDirs.length ? { moduleDirs } : {}),
  };
}

function hasGlobMagic(s: string): boolean {
  return /[*?[\]{}()!]/.test(s);
}

function mochaFromObject(obj: Value, configFile: string | null, dir: string): JsRunnerConfig {
  const r = new Reader(obj);
  const extensions = (r.strings('extension') ?? MOCHA_DEFAULT_EXTENSIONS).map((e) => e.replace(/^\./, ''));
  const recursive = r.boolean('recursive') ?? false;
  const extGlob = extensions.length === 1 ? extensions[0]! : `{${extensions.join(',')}}`;
  const spec = r.strings('spec') ?? ['./test'];
  const include = spec.map((s) => {
    const g = normalizeGlob(s).replace(/\/$/, '');
    if (hasGlobMagic(g) || path.extname(g)) return g;
    // A folder: mocha loads the files with its extensions, recursively only with --recursive.
    return `${g}/${recursive ? '**/' : ''}*.${extGlob}`;
  });
  const setupFiles = [...(r.strings('require') ?? []), ...(r.strings('file') ?? [])].map((s) => resolveSetupFile(s, dir));
  const ignore = r.strings('ignore') ?? r.strings('exclude') ?? [];
  return {
    runner: 'mocha',
    configFile,
    include,
    exclude: [...COMMON_EXCLUDE, ...ignore.map(normalizeGlob)],
    testRegex: [],
    alias: [],
    globals: true,
    setupFiles,
    dir,
    dynamic: r.isDynamic(),
  };
}

function nodeTestConfig(dir: string, configFile: string | null): JsRunnerConfig {
  return {
    runner: 'node-test',
    configFile,
    include: NODE_TEST_DEFAULT_INCLUDE,
    exclude: COMMON_EXCLUDE,
    testRegex: [],
    alias: [],
    globals: false,
    setupFiles: [],
    dir,
    dynamic: false,
  };
}

function unknownConfig(dir: string): JsRunnerConfig {
  return {
    runner: 'unknown',
    configFile: null,
    include: VITEST_DEFAULT_INCLUDE,
    exclude: VITEST_DEFAULT_EXCLUDE,
    testRegex: [],
    alias: [],
    // Unknown runner: assume globals so that `describe`/`it` are not reported as undefined.
    globals: true,
    setupFiles: [],
    dir,
    dynamic: false,
  };
}


// ---------------------------------------------------------------------------------------------
// Syntax-level traits of a config module (read even when its value cannot be evaluated)

interface ConfigTraits {
  /** `define: {…}` / `globals: {…}` keys that are identifiers. */
  defines: Set<string>;
  /** Mentions a tsconfig-paths plugin, vite's `tsconfigPaths` option or ts-jest's `pathsToModuleNameMapper`. */
  tsconfigPaths: boolean;
  /** A `plugins` entry that might add resolution behaviour we cannot see (an unknown package's plugin, a variable, a spread, an inline `resolveId`/`config` hook). */
  opaquePlugins: boolean;
  /** jest `resolver` / a `preset` other than ts-jest: resolution we cannot see. */
  opaqueResolver: boolean;
}

/** Plugin packages known not to change how bare or aliased specifiers resolve. */
const RESOLUTION_NEUTRAL_PLUGINS = /^(@vitejs\/plugin-(vue|vue-jsx|react|react-swc|legacy|basic-ssl)|vite-plugin-(solid|dts|inspect|checker)|@sveltejs\/vite-plugin-svelte|@preact\/preset-vite|@vitest\/.*|unplugin-swc|@tailwindcss\/vite|vite-plugin-wasm|vite-plugin-top-level-await)$/;
const TSCONFIG_PATHS_MENTION = /tsconfig-?paths|tsconfigPaths|pathsToModuleNameMapper/;
const IDENT = /^[A-Za-z_$][\w$]*$/;
const traitsCache = new Map<string, ConfigTraits>();

function propName(n: ts.PropertyName | undefined): string | null {
  if (!n) return null;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  return null;
}

/** What the syntax of a config module (and the relative modules it imports, two levels down) says. */
function configTraits(file: string, depth = 0): ConfigTraits {
  const cached = traitsCache.get(file);
  if (cached) return cached;
  const out: ConfigTraits = { defines: new Set(), tsconfigPaths: false, opaquePlugins: false, opaqueResolver: false };
  traitsCache.set(file, out);
  const text = readText(file);
  if (text === null) return out;
  if (file.endsWith('package.json')) {
    const jest = (readJson(file) as Obj | typeof DYNAMIC);
    const j = isObj(jest) ? jest.jest : undefined;
    if (isObj(j)) {
      if (isObj(j.globals)) for (const k of Object.keys(j.globals)) if (IDENT.test(k)) out.defines.add(k);
      if (j.resolver !== undefined || (typeof j.preset === 'string' && !j.preset.startsWith('ts-jest'))) out.opaqueResolver = true;
      if (TSCONFIG_PATHS_MENTION.test(JSON.stringify(j))) out.tsconfigPaths = true;
    }
    return out;
  }
  const kind = /\.[cm]?tsx?$/.test(file) ? ts.ScriptKind.TS : /\.json$/.test(file) ? ts.ScriptKind.JSON : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const imports = collectImports(sf);
  const relative: string[] = [];
  const visit = (node: ts.Node): void => {
    // Names and strings only: a comment that mentions the plugin does not install it.
    if ((ts.isIdentifier(node) || ts.isStringLiteralLike(node)) && TSCONFIG_PATHS_MENTION.test(node.text)) out.tsconfigPaths = true;
    if (ts.isPropertyAssignment(node)) {
      const key = propName(node.name);
      const init = node.initializer;
      if ((key === 'define' || key === 'globals') && ts.isObjectLiteralExpression(init)) {
        for (const p of init.properties) {
          const k = ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p) || ts.isMethodDeclaration(p) ? propName(p.name) : null;
          if (k && IDENT.test(k)) out.defines.add(k);
        }
      } else if (key === 'plugins') {
        if (!ts.isArrayLiteralExpression(init)) out.opaquePlugins = true;
        else for (const el of init.elements) if (opaquePlugin(el, imports)) out.opaquePlugins = true;
      } else if (key === 'resolver') out.opaqueResolver = true;
      else if (key === 'preset' && !(ts.isStringLiteralLike(init) && init.text.startsWith('ts-jest'))) out.opaqueResolver = true;
    }
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) relative.push(node.moduleSpecifier.text);
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require') {
      const a = node.arguments[0];
      if (a && ts.isStringLiteralLike(a)) relative.push(a.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (depth < 2) {
    for (const spec of relative) {
      if (!spec.startsWith('./') && !spec.startsWith('../')) continue;
      const f = findModuleFile(path.resolve(path.dirname(file), spec));
      if (!f || /\.json$/.test(f)) continue;
      const sub = configTraits(f, depth + 1);
      for (const d of sub.defines) out.defines.add(d);
      out.tsconfigPaths ||= sub.tsconfigPaths;
      out.opaquePlugins ||= sub.opaquePlugins;
      out.opaqueResolver ||= sub.opaqueResolver;
    }
  }
  return out;
}

function opaquePlugin(el: ts.Expression, imports: Map<string, { module: string; name: string }>): boolean {
  const e = unwrap(el);
  if (ts.isObjectLiteralExpression(e)) {
    // An inline plugin: only hooks that can change resolution matter.
    return e.properties.some((p) => ['resolveId', 'config', 'load'].includes(propName(p.name as ts.PropertyName) ?? ''));
  }
  if (ts.isCallExpression(e)) {
    const callee = ts.isPropertyAccessExpression(e.expression) ? e.expression.expression : e.expression;
    if (!ts.isIdentifier(callee)) return true;
    const imp = imports.get(callee.text);
    return !imp || !RESOLUTION_NEUTRAL_PLUGINS.test(imp.module);
  }
  return !(e.kind === ts.SyntaxKind.NullKeyword || e.kind === ts.SyntaxKind.FalseKeyword);
}

/** Does a babel config next to the jest config remap modules (`babel-plugin-module-resolver`)? */
function babelRemaps(dir: string): boolean {
  for (const f of ['.babelrc', '.babelrc.json', '.babelrc.js', '.babelrc.cjs', 'babel.config.js', 'babel.config.cjs', 'babel.config.mjs', 'babel.config.json', 'babel.config.ts']) {
    const t = readText(path.join(dir, f));
    if (t !== null && /module-resolver/.test(t)) return true;
  }
  return false;
}

/** vitest: the config traits folded into `defines` and `tsconfigPaths`. */
function withVitestTraits(c: JsRunnerConfig, configFile: string | null): JsRunnerConfig {
  const t = configFile ? configTraits(configFile) : null;
  const defines = t ? [...t.defines] : [];
  const tsconfigPaths = t?.tsconfigPaths ? true : c.dynamic || t?.opaquePlugins ? null : false;
  return { ...c, ...(defines.length ? { defines } : {}), tsconfigPaths };
}

/** jest: never reads tsconfig `paths` itself; a dynamic mapper, a custom resolver or preset, or babel's module-resolver might. */
function withJestTraits(c: JsRunnerConfig, configFile: string | null): JsRunnerConfig {
  const t = configFile ? configTraits(configFile) : null;
  const defines = t ? [...t.defines] : [];
  const tsconfigPaths = t?.tsconfigPaths ? true : c.dynamic || t?.opaqueResolver || babelRemaps(c.dir) || (configFile && babelRemaps(path.dirname(configFile))) ? null : false;
  return { ...c, ...(defines.length ? { defines } : {}), tsconfigPaths };
}

// ---------------------------------------------------------------------------------------------
// Files


function readJson(file: string): Value {
  const text = readText(file);
  if (text === null) return DYNAMIC;
  // Tolerates comments and trailing commas (tsconfig-style JSON; `.mocharc.json` allows comments too).
  const res = ts.parseConfigFileTextToJson(file, text);
  return res.error || res.config === undefined ? DYNAMIC : (res.config as Value);
}

interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  workspaces?: string[] | { packages?: string[] };
  jest?: unknown;
  mocha?: unknown;
  [k: string]: unknown;
}

export function readPackageJson(dir: string): PackageJson | null {
  const text = readText(path.join(dir, 'package.json'));
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as PackageJson) : null;
  } catch {
    return null;
  }
}

/** A tiny YAML reader for flat mappings of scalars and lists (`pnpm-workspace.yaml`, `.mocharc.yml`). */
export function parseSimpleYaml(text: string): Record<string, string | boolean | string[]> {
  const out: Record<string, string | boolean | string[]> = {};
  let listKey: string | null = null;
  const scalar = (s: string): string => {
    const t = s.replace(/\s+#.*$/, '').trim();
    const m = /^(['"])(.*)\1$/.exec(t);
    return m ? m[2]! : t;
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\uFEFF/, '');
    if (/^\s*(#|$)/.test(line)) continue;
    const item = /^\s+-\s+(.*)$/.exec(line) ?? (listKey ? /^-\s+(.*)$/.exec(line) : null);
    if (item && listKey) {
      (out[listKey] as string[]).push(scalar(item[1]!));
      continue;
    }
    const kv = /^([A-Za-z_$][\w$-]*)\s*:\s*(.*)$/.exec(line);
    if (!kv) {
      listKey = null;
      continue;
    }
    const key = kv[1]!;
    const rest = kv[2]!.replace(/\s+#.*$/, '').trim();
    listKey = null;
    if (rest === '') {
      out[key] = [];
      listKey = key;
    } else if (rest.startsWith('[') && rest.endsWith(']')) {
      out[key] = rest
        .slice(1, -1)
        .split(',')
        .map((s) => scalar(s))
        .filter((s) => s !== '');
    } else if (rest === 'true' || rest === 'false') {
      out[key] = rest === 'true';
    } else {
      out[key] = scalar(rest);
    }
  }
  return out;
}

function dependsOn(pkg: PackageJson | null, name: string): boolean {
  if (!pkg) return false;
  return [pkg.dependencies, pkg.devDependencies, pkg.peerDependencies, pkg.optionalDependencies].some(
    (d) => typeof d === 'object' && d !== null && Object.prototype.hasOwnProperty.call(d, name),
  );
}

function findFile(dir: string, base: string, exts: string[]): string | null {
  for (const e of exts) {
    const f = path.join(dir, `${base}.${e}`);
    if (exists(f)) return f;
  }
  return null;
}

const CONFIG_EXTS = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'];

/** Absolute directories of the workspace members (package.json `workspaces`, `pnpm-workspace.yaml`). */
export function workspaceDirs(root: string): string[] {
  const patterns: string[] = [];
  const pkg = readPackageJson(root);
  const ws = pkg?.workspaces;
  if (Array.isArray(ws)) patterns.push(...ws.filter((s): s is string => typeof s === 'string'));
  else if (ws && typeof ws === 'object' && Array.isArray(ws.packages)) patterns.push(...ws.packages.filter((s): s is string => typeof s === 'string'));
  const pnpm = readText(path.join(root, 'pnpm-workspace.yaml'));
  if (pnpm !== null) {
    const pk = parseSimpleYaml(pnpm).packages;
    if (Array.isArray(pk)) patterns.push(...pk);
  }
  if (patterns.length === 0) return [];
  const positive = patterns.filter((p) => !p.startsWith('!')).map((p) => normalizeGlob(p).replace(/\/$/, ''));
  const negative = patterns.filter((p) => p.startsWith('!')).map((p) => normalizeGlob(p.slice(1)));
  return globSync(positive.map((p) => `${p}/package.json`), { cwd: root, ignore: ['**/node_modules/**', ...negative], absolute: true })
    .map((f) => path.dirname(path.normalize(f)))
    .sort();
}

/** Workspace members with a `name` (for resolving imports of sibling packages). */
export function workspacePackages(root: string): { name: string; dir: string }[] {
  const out: { name: string; dir: string }[] = [];
  for (const dir of workspaceDirs(root)) {
    const pkg = readPackageJson(dir);
    if (pkg && typeof pkg.name === 'string') out.push({ name: pkg.name, dir });
  }
  return out;
}

/** Loads a vitest config file; follows `test.projects` / the `extends` of inline projects. */
function vitestConfigsFromFile(configFile: string, seen: Set<string>): JsRunnerConfig[] {
  if (seen.has(configFile)) return [];
  seen.add(configFile);
  const dir = path.dirname(configFile);
  const text = readText(configFile);
  const obj = text === null ? DYNAMIC : readConfigModule(configFile, text);
  const r = new Reader(obj);
  const projects = r.sub('test').raw('projects') ?? r.sub('test').raw('workspace');
  if (Array.isArray(projects)) return vitestProjects(projects, dir, configFile, obj, seen);
  return [vitestFromObject(obj, configFile, dir)];
}

/** vitest projects: globs of folders / config files, or inline project objects. */
function vitestProjects(list: Value[], dir: string, sourceFile: string, rootConfig: Value, seen: Set<string>): JsRunnerConfig[] {
  const out: JsRunnerConfig[] = [];
  for (const entry of list) {
    if (typeof entry === 'string') {
      const pattern = normalizeGlob(entry);
      const matches = globSync(pattern, { cwd: dir, onlyFiles: false, absolute: true, ignore: ['**/node_modules/**'] });
      for (const m of matches.map((x) => path.normalize(x)).sort()) {
        const kind = pathKind(m);
        if (kind === 'file') {
          out.push(...vitestConfigsFromFile(m, seen));
        } else if (kind === 'dir') {
          const cfg = findFile(m, 'vitest.config', CONFIG_EXTS) ?? findFile(m, 'vite.config', CONFIG_EXTS);
          if (cfg) out.push(...vitestConfigsFromFile(cfg, seen));
          else out.push(vitestFromObject({}, null, m));
        }
      }
    } else if (isObj(entry)) {
      let base: Value = {};
      const ext = entry.extends;
      if (ext === true) base = rootConfig;
      else if (typeof ext === 'string') {
        const f = path.resolve(dir, ext);
        const text = readText(f);
        base = text === null ? DYNAMIC : readConfigModule(f, text);
      }
      const { extends: _ignored, ...rest } = entry;
      void _ignored;
      out.push(vitestFromObject(deepMerge(base, rest), sourceFile, dir));
    } else {
      // A project we cannot read (a function call, a variable from elsewhere).
      out.push({ ...vitestFromObject({}, sourceFile, dir), dynamic: true, globals: true });
    }
  }
  return out;
}

function testScript(pkg: PackageJson | null): string {
  const s = pkg?.scripts;
  if (!s || typeof s !== 'object') return '';
  return [s.test, s['test:unit'], s['test:ci']].filter((x): x is string => typeof x === 'string').join(' && ');
}

/** `mocha 'test/**\/*.spec.js' --recursive` → the positional spec arguments and flags we understand. */
function mochaCliOptions(script: string): Obj | null {
  const m = /\bmocha\b([^&|;]*)/.exec(script);
  if (!m) return null;
  const args = m[1]!.trim().split(/\s+/).filter(Boolean);
  const spec: string[] = [];
  const out: Obj = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.replace(/^(['"])(.*)\1$/, '$2');
    if (a === '--recursive') out.recursive = true;
    else if (a === '--extension' && args[i + 1]) out.extension = [args[++i]!];
    else if (a.startsWith('-')) {
      // Flags with a value we do not model (`--require x`, `--timeout 5000`): skip the value.
      if (/^--(require|timeout|reporter|ui|config|file|ignore|grep|slow|retries|jobs|spec)$/.test(a) || /^-[rRtgjfu]$/.test(a)) {
        const v = args[++i];
        if (a === '--spec' && v) spec.push(v.replace(/^(['"])(.*)\1$/, '$2'));
      }
    } else spec.push(a);
  }
  if (spec.length) out.spec = spec;
  return out;
}

/** Every runner config that applies to one folder (a package root or a folder holding runner config files). */
function configsForDir(dir: string, isRoot: boolean, seen: Set<string>): JsRunnerConfig[] {
  const out: JsRunnerConfig[] = [];
  const pkg = readPackageJson(dir);
  const script = testScript(pkg);

  // vitest
  const workspaceFile = findFile(dir, 'vitest.workspace', [...CONFIG_EXTS, 'json']) ?? findFile(dir, 'vitest.projects', CONFIG_EXTS);
  const vitestConfig = findFile(dir, 'vitest.config', CONFIG_EXTS);
  const viteConfig = findFile(dir, 'vite.config', CONFIG_EXTS);
  const usesVitest = dependsOn(pkg, 'vitest') || /\bvitest\b/.test(script);
  if (workspaceFile && !seen.has(workspaceFile)) {
    seen.add(workspaceFile);
    const v = workspaceFile.endsWith('.json') ? readJson(workspaceFile) : readConfigModule(workspaceFile, readText(workspaceFile) ?? '');
    if (Array.isArray(v)) out.push(...vitestProjects(v, dir, workspaceFile, {}, seen));
    else out.push({ ...vitestFromObject({}, workspaceFile, dir), dynamic: true, globals: true });
  } else if (vitestConfig) {
    out.push(...vitestConfigsFromFile(vitestConfig, seen));
  } else if (viteConfig) {
    const text = readText(viteConfig);
    const obj = text === null ? DYNAMIC : readConfigModule(viteConfig, text);
    const hasTest = isObj(obj) && ('test' in obj || (obj[PARTIAL] === true && usesVitest));
    if (hasTest || usesVitest) {
      if (!seen.has(viteConfig)) out.push(...vitestConfigsFromFile(viteConfig, seen));
    }
  } else if (usesVitest) {
    out.push(vitestFromObject({}, null, dir));
  }

  // jest
  const jestConfig = findFile(dir, 'jest.config', [...CONFIG_EXTS, 'json']);
  if (jestConfig && !seen.has(jestConfig)) {
    seen.add(jestConfig);
    const obj = jestConfig.endsWith('.json') ? readJson(jestConfig) : readConfigModule(jestConfig, readText(jestConfig) ?? '');
    out.push(...jestWithProjects(obj, jestConfig, dir, seen));
  } else if (!jestConfig && pkg && pkg.jest !== undefined) {
    out.push(...jestWithProjects(pkg.jest as Value, path.join(dir, 'package.json'), dir, seen));
  } else if (!jestConfig && (dependsOn(pkg, 'jest') || /\bjest\b/.test(script))) {
    out.push(jestFromObject({}, null, dir));
  }

  // mocha
  const mocharc =
    findFile(dir, '.mocharc', ['js', 'cjs', 'mjs']) ?? findFile(dir, '.mocharc', ['yml', 'yaml']) ?? findFile(dir, '.mocharc', ['json', 'jsonc']);
  if (mocharc) {
    let obj: Value;
    if (/\.ya?ml$/.test(mocharc)) obj = parseSimpleYaml(readText(mocharc) ?? '') as Obj;
    else if (/\.jsonc?$/.test(mocharc)) obj = readJson(mocharc);
    else obj = readConfigModule(mocharc, readText(mocharc) ?? '');
    out.push(mochaFromObject(obj, mocharc, dir));
  } else if (pkg && pkg.mocha !== undefined) {
    out.push(mochaFromObject(pkg.mocha as Value, path.join(dir, 'package.json'), dir));
  } else if (dependsOn(pkg, 'mocha') || /\bmocha\b/.test(script)) {
    out.push(mochaFromObject(mochaCliOptions(script) ?? {}, null, dir));
  }

  // node --test
  if (/\bnode\b[^&|;]*\s--test\b/.test(script)) out.push(nodeTestConfig(dir, null));

  if (out.length === 0 && isRoot) out.push(unknownConfig(dir));
  return out;
}

function jestWithProjects(obj: Value, configFile: string, dir: string, seen: Set<string>): JsRunnerConfig[] {
  const r = new Reader(obj);
  const rootDir = r.string('rootDir');
  const base = rootDir ? path.resolve(dir, rootDir) : dir;
  const projects = r.raw('projects');
  if (!Array.isArray(projects)) return [jestFromObject(obj, configFile, dir)];
  const out: JsRunnerConfig[] = [];
  for (const p of projects) {
    if (isObj(p)) {
      const pr = new Reader(p);
      const pRoot = pr.string('rootDir');
      out.push(jestFromObject({ ...p, rootDir: pRoot ? substituteRootDir(pRoot, base) : base }, configFile, base));
    } else if (typeof p === 'string' && hasGlobMagic(p)) {
      // `projects: ['<rootDir>/packages/*/jest.config.js']`: globs of config files or folders.
      const matches = globSync(normalizeGlob(path.relative(base, path.resolve(base, substituteRootDir(p, base)))), {
        cwd: base, onlyFiles: false, absolute: true, ignore: ['**/node_modules/**'],
      });
      for (const m of matches.map((x) => path.normalize(x)).sort()) {
        const isDir = pathKind(m) === 'dir';
        const cfg = isDir ? findFile(m, 'jest.config', [...CONFIG_EXTS, 'json']) : m;
        if (!cfg || seen.has(cfg)) continue;
        seen.add(cfg);
        const o = cfg.endsWith('.json') ? readJson(cfg) : readConfigModule(cfg, readText(cfg) ?? '');
        out.push(jestFromObject(o, cfg, path.dirname(cfg)));
      }
    } else if (typeof p === 'string') {
      const pdir = path.resolve(base, substituteRootDir(p, base));
      const cfg = findFile(pdir, 'jest.config', [...CONFIG_EXTS, 'json']);
      if (cfg && !seen.has(cfg)) {
        seen.add(cfg);
        const o = cfg.endsWith('.json') ? readJson(cfg) : readConfigModule(cfg, readText(cfg) ?? '');
        out.push(jestFromObject(o, cfg, pdir));
      } else if (!cfg) {
        const ppkg = readPackageJson(pdir);
        out.push(jestFromObject((ppkg?.jest as Value) ?? {}, null, pdir));
      }
    } else {
      out.push({ ...jestFromObject({}, configFile, base), dynamic: true });
    }
  }
  return out;
}

/** Every JS runner config of the project, most specific folder first. */
export function loadJsRunnerConfigs(projectRoot: string): JsRunnerConfig[] {
  const root = path.resolve(projectRoot);
  traitsCache.clear();
  const dirs = new Set<string>([root]);
  for (const d of workspaceDirs(root)) dirs.add(d);
  const found = globSync(
      [
        '**/{vitest,vite,jest}.config.{ts,mts,cts,js,mjs,cjs,json}',
        '**/vitest.{workspace,projects}.{ts,mts,cts,js,mjs,cjs,json}',
        '**/.mocharc.{json,jsonc,yml,yaml,js,cjs,mjs}',
      ],
      { cwd: root, deep: 4, dot: true, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'] },
    );
  for (const f of found) dirs.add(path.dirname(path.normalize(f)));

  const seen = new Set<string>();
  const out: JsRunnerConfig[] = [];
  const keys = new Set<string>();
  // Parents first, so that a workspace file claims its projects' configs before the folders are visited on their own.
  for (const dir of [...dirs].sort((a, b) => a.length - b.length || a.localeCompare(b))) {
    for (const c of configsForDir(dir, dir === root, seen)) {
      const key = `${c.runner}\0${c.configFile ?? ''}\0${c.dir}\0${c.include.join(',')}`;
      if (keys.has(key)) continue;
      keys.add(key);
      out.push(c.runner === 'vitest' ? withVitestTraits(c, c.configFile) : c.runner === 'jest' ? withJestTraits(c, c.configFile) : c);
    }
  }
  return sortBySpecificity(out);
}

function depth(dir: string): number {
  return dir.split(/[\\/]+/).filter(Boolean).length;
}

function sortBySpecificity(configs: JsRunnerConfig[]): JsRunnerConfig[] {
  return configs
    .map((c, i) => ({ c, i }))
    .sort((a, b) => depth(b.c.dir) - depth(a.c.dir) || (a.c.dir < b.c.dir ? -1 : a.c.dir > b.c.dir ? 1 : 0) || a.i - b.i)
    .map((x) => x.c);
}

// ---------------------------------------------------------------------------------------------
// Matching

type Matcher = (p: string) => boolean;

const matcherCache = new WeakMap<JsRunnerConfig, { include: Matcher; exclude: Matcher; regex: RegExp[]; excludeRegex: RegExp[] }>();

function compiled(c: JsRunnerConfig) {
  let m = matcherCache.get(c);
  if (!m) {
    const safeRegex = (s: string): RegExp | null => {
      try {
        return new RegExp(s);
      } catch {
        return null;
      }
    };
    // `!pattern` entries in an include list exclude (micromatch semantics, as jest and vitest use them).
    const include = c.include.filter((g) => !g.startsWith('!'));
    const exclude = [...c.exclude, ...c.include.filter((g) => g.startsWith('!')).map((g) => g.slice(1))];
    m = {
      include: include.length ? picomatch(include, { dot: true }) : () => false,
      exclude: exclude.length ? picomatch(exclude, { dot: true }) : () => false,
      regex: c.testRegex.map(safeRegex).filter((x): x is RegExp => x !== null),
      excludeRegex: (c.excludeRegex ?? []).map(safeRegex).filter((x): x is RegExp => x !== null),
    };
    matcherCache.set(c, m);
  }
  return m;
}

const sortedCache = new WeakMap<JsRunnerConfig[], JsRunnerConfig[]>();

/** The runner config that collects `absPath` as a test file (the most specific folder first), or null. */
export function isTestFile(configs: JsRunnerConfig[], absPath: string): JsRunnerConfig | null {
  const file = path.resolve(absPath);
  const posixAbs = file.split(path.sep).join('/');
  let sorted = sortedCache.get(configs);
  if (!sorted || sorted.length !== configs.length) {
    sorted = sortBySpecificity(configs);
    sortedCache.set(configs, sorted);
  }
  for (const c of sorted) {
    const rel = path.relative(c.dir, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const relPosix = rel.split(path.sep).join('/');
    const m = compiled(c);
    if (m.exclude(relPosix) || m.excludeRegex.some((r) => r.test(posixAbs))) continue;
    if (m.include(relPosix) || m.regex.some((r) => r.test(posixAbs))) return c;
  }
  return null;
}

