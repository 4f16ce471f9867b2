/**
 * Loads tree-sitter-python (native binding first, web-tree-sitter as the fallback) and turns
 * one parse into a light JS tree, walking the native tree once with a TreeCursor.
 */
import { createRequire } from 'node:module';
import { Deadline, TimeBudgetExceeded } from '../../facts/deadline.js';

/** One node of the light tree. Anonymous tokens carry `named: false` and their token text as type. */
export interface PyNode {
  type: string;
  named: boolean;
  /** 0-based UTF-16 offsets. Anonymous tokens of an error-free tree carry -1 (never read). */
  start: number;
  end: number;
  children: PyNode[];
  /** A zero-width node the parser inserted (error trees only). */
  missing: boolean;
}

export interface ParsedFile {
  root: PyNode;
  hasError: boolean;
  /** The tree was deeper than MAX_DEPTH; deeper nodes were dropped. */
  truncated: boolean;
  /** Flat [start, end, start, end…] of every `string` node, in source order (nested ones included). */
  strings: number[];
  /** Flat [start, end…] of every comment, in source order. */
  comments: number[];
}

/** The cursor surface shared by the native binding and web-tree-sitter. */
interface Cursor {
  readonly nodeTypeId: number;
  readonly nodeType: string;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

interface Backend {
  /**
   * Parses and returns a cursor at the root, plus whether the tree has errors; `done` frees it.
   * A parse still running when `deadline` passes is cancelled (tree-sitter's progress callback).
   */
  parse(text: string, deadline: Deadline): { cursor: Cursor; hasError: boolean; done(): void };
  /** Indices count UTF-16 code units (true) or UTF-8 bytes (false). */
  utf16: boolean;
}

const EMPTY: PyNode[] = [];
export const MAX_DEPTH = 700;

/** Named node types that never have children; anonymous tokens are always leaves. */
const NAMED_LEAVES = new Set([
  'identifier', 'integer', 'float', 'comment', 'string_start', 'string_end', 'escape_sequence',
  'escape_interpolation', 'true', 'false', 'none', 'ellipsis', 'type_conversion', 'line_continuation',
]);

let backend: Backend | null = null;
let backendError: unknown = null;

function loadNative(): Backend {
  const require = createRequire(import.meta.url);
  const Parser = require('tree-sitter');
  const Python = require('tree-sitter-python');
  const parser = new Parser();
  parser.setLanguage(Python);
  return {
    utf16: true,
    parse(text, deadline) {
      const tree = parser.parse(text, undefined, { bufferSize: text.length * 2 + 1024, progressCallback: cancelAfter(deadline) });
      if (!tree) cancelled(parser, deadline);
      const root = tree.rootNode;
      return { cursor: root.walk() as Cursor, hasError: root.hasError as boolean, done() {} };
    },
  };
}

/** tree-sitter's progress callback (called every few hundred bytes): true cancels the parse. */
function cancelAfter(deadline: Deadline): (() => boolean) | undefined {
  return deadline.limited ? () => deadline.passed() : undefined;
}

/** A cancelled parse: the parser would resume it on the next call unless reset. */
function cancelled(parser: { reset(): void }, deadline: Deadline): never {
  parser.reset();
  throw new TimeBudgetExceeded(deadline.budgetMs);
}

/** Loads the native parser synchronously (once). Returns null when it cannot be loaded. */
function ensureBackend(): Backend | null {
  if (backend) return backend;
  if (backendError) return null;
  try {
    backend = loadNative();
  } catch (e) {
    backendError = e;
  }
  return backend;
}

/**
 * Prepares a parser: the native binding when it loads, otherwise web-tree-sitter with the
 * grammar's shipped wasm. The engine awaits this once before calling `extract`.
 */
export async function initPythonParser(): Promise<void> {
  if (ensureBackend()) return;
  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve('tree-sitter-python/tree-sitter-python.wasm');
  const mod: any = await import('web-tree-sitter');
  const WParser = mod.Parser ?? mod.default;
  const WLanguage = mod.Language ?? WParser.Language;
  await WParser.init();
  const lang = await WLanguage.load(wasmPath);
  const parser = new WParser();
  parser.setLanguage(lang);
  backend = {
    utf16: true,
    parse(text, deadline) {
      const tree = parser.parse(text, undefined, { progressCallback: cancelAfter(deadline) });
      if (!tree) cancelled(parser, deadline);
      const root = tree.rootNode;
      return { cursor: tree.walk() as Cursor, hasError: root.hasError as boolean, done: () => tree.delete() };
    },
  };
  backendError = null;
}

/** For tests: force the wasm fallback. */
export async function useWasmParserForTests(): Promise<void> {
  backend = null;
  backendError = new Error('forced');
  await initPythonParser();
}

export function parserAvailable(): boolean {
  return ensureBackend() !== null;
}

const typeNames: string[] = [];
const typeNamed: boolean[] = [];
const typeLeaf: boolean[] = [];

/** Parses `text` into a light tree; null when no parser is available. Throws TimeBudgetExceeded past the deadline. */
export function parsePython(text: string, deadline: Deadline = Deadline.NONE): ParsedFile | null {
  const be = ensureBackend();
  if (!be) return null;
  if (TYPE_AT_STATEMENT.test(text)) {
    // tree-sitter-python reads `type(x).y = 1` as a (broken) `type` alias statement; CPython reads
    // an expression. Parse with those `type` tokens renamed (same length, so offsets hold; the
    // analysis slices names from the original text).
    return parseWith(be, text.replace(TYPE_AT_STATEMENT_G, (m) => m.slice(0, -4) + 'typ\u00e9'), deadline);
  }
  return parseWith(be, text, deadline);
}

const TYPE_AT_STATEMENT = /(?:^|[\n;:])[ \t]*type(?=[ \t]*[(.[])/;
const TYPE_AT_STATEMENT_G = /(?:^|(?<=[\n;:]))[ \t]*type(?=[ \t]*[(.[])/g;

function parseWith(be: Backend, text: string, deadline: Deadline): ParsedFile {
  const { cursor, hasError, done } = be.parse(text, deadline);
  try {
    return buildTree(cursor, hasError, deadline);
  } finally {
    done();
  }
}

function buildTree(c: Cursor, hasError: boolean, deadline: Deadline): ParsedFile {
  const root: PyNode = { type: 'module', named: true, start: c.startIndex, end: c.endIndex, children: [], missing: false };
  let truncated = false;
  const strings: number[] = [];
  const comments: number[] = [];
  const done = () => ({ root, hasError, truncated, strings, comments });
  if (!c.gotoFirstChild()) return done();
  const stack: PyNode[] = [root];
  for (;;) {
    deadline.tick();
    const id = c.nodeTypeId;
    let type = typeNames[id];
    if (type === undefined) {
      type = c.nodeType;
      typeNames[id] = type;
      const named = c.nodeIsNamed;
      typeNamed[id] = named;
      typeLeaf[id] = type !== 'ERROR' && (!named || NAMED_LEAVES.has(type));
    }
    let node: PyNode;
    if (typeNamed[id]) {
      node = { type, named: true, start: c.startIndex, end: c.endIndex, children: EMPTY, missing: hasError && c.nodeIsMissing };
      if (type === 'string') strings.push(node.start, node.end);
      else if (type === 'comment') comments.push(node.start, node.end);
    } else if (hasError) {
      const missing = c.nodeIsMissing;
      const start = c.startIndex;
      node = { type, named: false, start, end: missing ? start : c.endIndex, children: EMPTY, missing };
    } else {
      node = { type, named: false, start: -1, end: -1, children: EMPTY, missing: false };
    }
    const parent = stack[stack.length - 1]!;
    if (parent.children === EMPTY) parent.children = [node];
    else parent.children.push(node);
    if (!typeLeaf[id]) {
      if (stack.length >= MAX_DEPTH) truncated = true;
      else if (c.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
    }
    while (!c.gotoNextSibling()) {
      if (!c.gotoParent()) return done();
      stack.pop();
      if (stack.length === 0) return done();
    }
  }
}
