/**
 * Stage 2: one file's bytes → its facts. Reading, decoding and the language front-end,
 * with every failure turned into a fact about that file instead of an exception.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { decodeFile } from '../frontends/text/decode.js';
import { addCommentFacts } from '../frontends/text/comments.js';
import { emptyFacts, skippedFacts, type FileFacts, type FrontEndOptions, type Language } from '../facts/types.js';
import { LineIndex } from '../facts/span.js';
import { Deadline, TimeBudgetExceeded } from '../facts/deadline.js';
import { initPythonParser, pythonFrontEnd } from '../frontends/python/index.js';
import type { FrontEnd } from '../facts/types.js';

/** The JS/TS front-end loads TypeScript (~0.6 s): imported only when a run has JS/TS files. */
let tsFrontEnd: FrontEnd | null = null;

/** Make the front-end of `language` ready (the Python parser, or the TypeScript module). Call before extractFile. */
export async function initFrontEnd(language: Language): Promise<void> {
  if (language === 'python') return initPythonParser();
  tsFrontEnd ??= (await import('../frontends/ts/index.js')).tsFrontEnd;
}

function frontEndFor(language: Language): FrontEnd {
  if (language === 'python') return pythonFrontEnd;
  if (!tsFrontEnd) throw new Error('the JS/TS front-end is not loaded: await initFrontEnd() first');
  return tsFrontEnd;
}

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

export interface ExtractRequest {
  root: string;
  file: string;
  language: Language;
  options: FrontEndOptions;
  maxFileSize: number;
  /** Milliseconds one file's extraction may take (`maxFileTime`); 0 = no limit. */
  maxFileTime: number;
  /** Text given on stdin instead of the file's bytes. */
  text?: string;
}

export function extractFile(req: ExtractRequest): FileFacts {
  const src = readSource(req);
  return 'facts' in src ? src.facts : extractFromBytes(req, src.bytes);
}

/** Reads a file's bytes (or the stdin text); an unreadable or oversized file becomes its facts. */
export function readSource(req: ExtractRequest): { bytes: Uint8Array } | { facts: FileFacts } {
  const abs = path.join(req.root, req.file);
  try {
    if (req.text !== undefined) return { bytes: Buffer.from(req.text, 'utf8') };
    const st = statSync(abs);
    if (st.size > req.maxFileSize) return { facts: skippedFacts(req.file, req.language, '', 0, 'size', `is ${st.size} bytes, over the ${req.maxFileSize}-byte limit (maxFileSize)`) };
    return { bytes: readFileSync(abs) };
  } catch (e) {
    return { facts: skippedFacts(req.file, req.language, '', 0, 'unreadable', `could not be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`) };
  }
}

/** The content hash the facts cache keys on (the same digest `decodeFile` records as `facts.hash`). */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/**
 * Decoding and the language front-end over bytes already read. A file that takes longer than
 * `maxFileTime` becomes skipped facts (the front-ends check the deadline as they walk).
 */
export function extractFromBytes(req: ExtractRequest, bytes: Uint8Array): FileFacts {
  const deadline = req.maxFileTime > 0 ? new Deadline(req.maxFileTime) : Deadline.NONE;
  const decoded = decodeFile(bytes);
  let facts: FileFacts;
  if (decoded.binary) {
    facts = emptyFacts(req.file, req.language, decoded.hash, decoded.size);
  } else {
    const fe = frontEndFor(req.language);
    try {
      facts = fe.extract({ file: req.file, text: decoded.text, hash: decoded.hash, size: decoded.size, language: req.language, options: req.options, deadline });
    } catch (e) {
      if (e instanceof TimeBudgetExceeded) return skippedFacts(req.file, req.language, decoded.hash, decoded.size, 'time', e.message);
      facts = emptyFacts(req.file, req.language, decoded.hash, decoded.size);
      facts.parseErrors.push({ message: `internal error in the ${req.language} front-end: ${(e as Error).message}`, span: new LineIndex('').span(0, 0), code: 'internal' });
    }
  }
  facts.textIssues = [...decoded.issues, ...facts.textIssues];
  if (!decoded.binary) addCommentFacts(facts, decoded.text);
  // Parts no walk can interrupt (TypeScript's parser, decoding) still count against the budget.
  if (deadline.passed()) return skippedFacts(req.file, req.language, decoded.hash, decoded.size, 'time', new TimeBudgetExceeded(req.maxFileTime).message);
  return facts;
}
