/**
 * Mojibake: UTF-8 text that was decoded as cp1252 (or Latin-1) or MacRoman and saved again
 * (`é` → `Ã©`, `’` → `â€™`, `🔄` → `ðŸ”„`, `✅` → `‚úÖ`). Found by round-trip: re-encode a
 * suspect run in the code page, decode it as UTF-8, keep it when that is valid and more plausible.
 */

/** cp1252 bytes 0x80–0x9F (the five undefined bytes map to their C1 controls, as Windows and browsers do). */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f'
  + '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
/** MacRoman bytes 0x80–0xFF. */
const MAC_ROMAN = '\xc4\xc5\xc7\xc9\xd1\xd6\xdc\xe1\xe0\xe2\xe4\xe3\xe5\xe7\xe9\xe8\xea\xeb\xed\xec\xee\xef\xf1\xf3\xf2\xf4\xf6\xf5\xfa\xf9\xfb\xfc'
  + '\u2020\xb0\xa2\xa3\xa7\u2022\xb6\xdf\xae\xa9\u2122\xb4\xa8\u2260\xc6\xd8\u221e\xb1\u2264\u2265\xa5\xb5\u2202\u2211\u220f\u03c0\u222b\xaa\xba\u03a9\xe6\xf8'
  + '\xbf\xa1\xac\u221a\u0192\u2248\u2206\xab\xbb\u2026\xa0\xc0\xc3\xd5\u0152\u0153\u2013\u2014\u201c\u201d\u2018\u2019\xf7\u25ca\xff\u0178\u2044\u20ac\u2039\u203a\ufb01\ufb02'
  + '\u2021\xb7\u201a\u201e\u2030\xc2\xca\xc1\xcb\xc8\xcd\xce\xcf\xcc\xd3\xd4\uf8ff\xd2\xda\xdb\xd9\u0131\u02c6\u02dc\xaf\u02d8\u02d9\u02da\xb8\u02dd\u02db\u02c7';

interface CodePage { name: string; byteOf: Map<number, number>; strongLeads: Set<number> }

function codePage(name: string, high: string, latin1: boolean, strongLeads: number[]): CodePage {
  const byteOf = new Map<number, number>();
  if (latin1) for (let b = 0x80; b <= 0xff; b++) byteOf.set(b, b);
  for (let i = 0; i < high.length; i++) byteOf.set(high.charCodeAt(i), 0x80 + i);
  return { name, byteOf, strongLeads: new Set(strongLeads) };
}

// cp1252 is a superset of Latin-1's printable range; its 0x80–0x9F specials do not collide with U+0080–U+00FF.
const PAGES: CodePage[] = [
  codePage('cp1252', CP1252_HIGH, true, [0xc2, 0xc3]),
  codePage('MacRoman', MAC_ROMAN, false, [0xc2, 0xc3]),
];

/** Scripts and symbol blocks real text uses; a round-trip that lands elsewhere was not mojibake. */
function plausible(cp: number): boolean {
  return (cp >= 0xa0 && cp <= 0x24f) || (cp >= 0x370 && cp <= 0x52f) || (cp >= 0x5d0 && cp <= 0x6ff)
    || (cp >= 0x900 && cp <= 0xdff) || (cp >= 0xe00 && cp <= 0xe7f) || (cp >= 0x1e00 && cp <= 0x1fff)
    || (cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x3000 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x9fff)
    || (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xff00 && cp <= 0xffef)
    || (cp >= 0x1f000 && cp <= 0x1faff);
}

const LETTER = /\p{L}/u;

interface Unit { start: number; end: number; text: string; strong: boolean }

/** One UTF-8 sequence spelled in `page` starting at `i`, or null. */
function unitAt(line: string, i: number, page: CodePage): Unit | null {
  const lead = page.byteOf.get(line.charCodeAt(i));
  if (lead === undefined) return null;
  const need = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
  if (!need || i + need >= line.length) return null;
  let cp = lead & (0x3f >> need);
  let allLetters = true;
  for (let k = 1; k <= need; k++) {
    const ch = line.charCodeAt(i + k);
    const b = Number.isNaN(ch) ? undefined : page.byteOf.get(ch);
    if (b === undefined || (b & 0xc0) !== 0x80) return null;
    if (!LETTER.test(line[i + k])) allLetters = false;
    cp = (cp << 6) | (b & 0x3f);
  }
  const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || !plausible(cp)) return null;
  // Two-character units are the risky ones (`«é` is French, not MacRoman for `ǎ`): strong only with the
  // classic lead (`Ã`, `Â`, `√`, `¬`) or a continuation that is not a letter (`Ã©`, `Ð¿`).
  const strong = need > 1 || page.strongLeads.has(lead) || !allLetters;
  return { start: i, end: i + need + 1, text: String.fromCodePoint(cp), strong };
}

/** The mojibake units of one line in one code page; empty unless at least one is strong. */
function unitsIn(line: string, page: CodePage): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < line.length;) {
    const c = line.charCodeAt(i);
    if (c < 0x80) { i++; continue; }
    const u = unitAt(line, i, page);
    if (u) { units.push(u); i = u.end; } else i++;
  }
  return units.some((u) => u.strong) ? units : [];
}

export interface MojibakeRun {
  /** Offsets within the line. */
  start: number;
  end: number;
  /** The restored text for [start, end). */
  replacement: string;
  codePage: string;
}

/** One repair of one line: the span from the first to the last mojibake unit, restored. */
function repairOnce(line: string): MojibakeRun | null {
  let best: { units: Unit[]; page: CodePage } | null = null;
  for (const page of PAGES) {
    const units = unitsIn(line, page);
    if (units.length && (!best || units.length > best.units.length)) best = { units, page };
  }
  if (!best) return null;
  const { units, page } = best;
  let out = '';
  let at = units[0].start;
  for (const u of units) { out += line.slice(at, u.start) + u.text; at = u.end; }
  return { start: units[0].start, end: units[units.length - 1].end, replacement: out, codePage: page.name };
}

/** The mojibake of one line, restored (text mangled twice is repaired twice), or null. */
export function mojibakeInLine(line: string): MojibakeRun | null {
  const run = repairOnce(line);
  if (!run) return null;
  for (let pass = 0; pass < 2; pass++) {
    const again = repairOnce(run.replacement);
    if (!again) break;
    run.replacement = run.replacement.slice(0, again.start) + again.replacement + run.replacement.slice(again.end);
  }
  return run;
}

/** Cheap pre-check: does the text contain any character some code page above spells a UTF-8 lead byte with? */
export function mayHaveMojibake(text: string): boolean {
  return /[\u00c2-\u00f4\u0192\u2248\u2206\u00ab\u00bb\u2026\u00a0\u00c0\u00c3\u00d5\u0152\u0153\u2013\u2014\u201a\u201c\u201d\u2018\u2019\u00f7\u25ca\u00ff\u0178\u2044\u20ac\u2039\u203a\ufb01\ufb02\u2021\u00b7\u201e\u2030\u00ac\u221a]/.test(text);
}
