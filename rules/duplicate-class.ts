import picomatch from 'picomatch';
import { defineRule, type ClassFact, type ProjectModel } from '../src/rule-kit/index.js';

const DEFAULT_PATTERNS = ['Manager', 'Registry', 'Factory', 'Handler', 'Service', 'Client', 'Provider', 'Bridge', 'Protocol', 'Config'].map((s) => `*${s}`);

/** Declaration files describe a module that lives elsewhere (`m.pyi` next to `m.py`, `x.d.ts`): not definitions. */
const isDeclarationFile = (file: string) => /\.pyi$|\.d\.[cm]?ts$/.test(file);

/**
 * `class Config(base.Config)` or `class Blueprint(SansioBlueprint)` (imported `as`) extends a same-named
 * class on purpose: a refinement, not a copy.
 */
function extendsSameName(model: ProjectModel, file: string, cls: ClassFact): boolean {
  const imports = model.facts(file)?.imports ?? [];
  return cls.bases.some((b) => {
    if (b === null) return false;
    if (b.slice(b.lastIndexOf('.') + 1) === cls.name) return true;
    return !b.includes('.') && imports.some((imp) => imp.names.some((n) => n.local === b && n.imported === cls.name));
  });
}

interface Definition { file: string; cls: ClassFact }

/** The first folder of a project path (`''` for a file at the root). */
function topFolder(file: string): string {
  const i = file.indexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

/** The bases of a class as one key: each first-party base by where it is defined, others as written. */
function baseKey(model: ProjectModel, d: Definition): string {
  return d.cls.bases.map((b) => {
    if (b === null) return '?';
    const r = model.resolveClass(d.file, b);
    return r ? `${r.file}#${r.name}` : b;
  }).sort().join(',');
}

/** A folder with at least this many subfolders holding code is a folder of plugins (integrations, workspace packages). */
const PLUGIN_SIBLINGS = 10;

/**
 * The plugin each file belongs to — `homeassistant/components/alexa` for
 * `homeassistant/components/alexa/config.py` — under the innermost folder of plugins above it.
 * Each plugin names its own classes (`OptionsFlowHandler` in every integration): same-named classes
 * in two plugins of one folder are not duplicates of each other.
 */
function pluginsOf(files: Iterable<string>): (file: string) => string | null {
  const children = new Map<string, Set<string>>();
  for (const f of files) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length - 1; i++) {
      const dir = parts.slice(0, i).join('/');
      let set = children.get(dir);
      if (!set) children.set(dir, (set = new Set()));
      set.add(parts[i]!);
    }
  }
  const cache = new Map<string, string | null>();
  return (file) => {
    const dir = file.slice(0, Math.max(0, file.lastIndexOf('/')));
    if (cache.has(dir)) return cache.get(dir)!;
    const parts = dir.split('/');
    let plugin: string | null = null;
    for (let i = parts.length - 1; i >= 1 && plugin === null; i--) {
      if ((children.get(parts.slice(0, i).join('/'))?.size ?? 0) >= PLUGIN_SIBLINGS) plugin = parts.slice(0, i + 1).join('/');
    }
    cache.set(dir, plugin);
    return plugin;
  };
}

/** Every top-level class name defined in two or more first-party modules of one language family, with its definitions. */
function duplicatedNames(model: ProjectModel, keep: (file: string) => boolean, nameMatches: (name: string) => boolean): Map<string, Definition[]> {
  const groups = new Map<string, Definition[]>();
  for (const name of model.classNames()) {
    if (!nameMatches(name)) continue;
    const defs = model.classesNamed(name).filter((d) => keep(d.file) && !extendsSameName(model, d.file, d.cls));
    for (const family of ['python', 'js'] as const) {
      const own = defs.filter((d) => (model.languageOf(d.file) === 'python') === (family === 'python'));
      if (new Set(own.map((d) => d.file)).size >= 2) groups.set(`${family}:${name}`, own);
    }
  }
  return groups;
}

export default defineRule({
  id: 'duplicate-class',
  phase: 'integrity',
  languages: ['python', 'ts', 'js'],
  severity: 'warn',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'none' },
  options: {
    namePatterns: { type: 'string[]', default: DEFAULT_PATTERNS, description: 'Globs over class names to check (`*Manager`); `["*"]` checks every class name.' },
    ignore: { type: 'string[]', default: [], description: 'Globs of files whose classes are not compared (vendored code, examples).' },
    includeTestFiles: { type: 'boolean', default: false, description: 'Also compare classes defined in test code — test files, `conftest.py`, modules in test folders (by default two tests may each define their own `FakeClient`, and a fake may take the real class\'s name).' },
  },
  messages: {
    duplicate: 'class `{name}` is also defined in {others}: code and tests can import, patch or isinstance-check a different one',
  },
  docs: {
    summary: 'One class name defined at the top level of several first-party modules (by default names ending in Manager, Registry, Factory, Handler, Service, Client, Provider, Bridge, Protocol or Config).',
    why: 'Two `WebSocketManager` classes drift apart: a test patches `app.ws.WebSocketManager` while the code under test uses `app.core.WebSocketManager`, so the patch does nothing and the test checks the wrong class. There should be one source of truth, re-exported where needed.',
    examples: { invalid: 'invalid/python-two-managers', valid: 'valid/reexports-and-tests' },
    limitations: 'Definitions in different top-level folders (`app/` and `scripts/`) are separate programs and are not compared. Definitions whose base classes differ are not compared (a sensor and a binary sensor of one integration, two `Provider` subclasses): a copy keeps its bases; a copy that later gained or changed a base is missed. A class inside a plugin — a subfolder of a folder with 10 or more subfolders of code, such as `components/<integration>/` or a workspace\'s `packages/<name>/` — is compared only with classes of the same plugin: each integration names its own `OptionsFlowHandler` and `InvalidAuth`. Only `class` statements count: re-exports and `from a import X` are the same class and are never reported. A class that extends a same-named class (`class Config(base.Config)`, or one imported under another name) is treated as a deliberate refinement. Python and JS/TS classes are compared separately; `.pyi` and `.d.ts` files are not definitions.',
  },
  visit: {},
  project(ctx) {
    const { model } = ctx;
    const patterns = (ctx.options.namePatterns as string[]).filter(Boolean);
    const nameMatches = patterns.includes('*') ? () => true : picomatch(patterns);
    const ignored = (ctx.options.ignore as string[]).length ? picomatch(ctx.options.ignore as string[], { dot: true }) : () => false;
    const includeTests = ctx.options.includeTestFiles === true;
    const keep = (file: string) => !isDeclarationFile(file) && !ignored(file) && (includeTests || !model.isTestCode(file));
    const groups = duplicatedNames(model, keep, nameMatches);
    const pluginOf = groups.size ? pluginsOf(model.fileNames()) : () => null;
    // A plugin's classes are its own (valid/plugin-folders): compared only with the same plugin's.
    // Classes built on different bases are different things that share a name (`DemoProvider(stt.Provider)`
    // and `DemoProvider(tts.Provider)`, a sensor and a binary sensor): copies keep their bases.
    // Two top-level folders (`homeassistant/` and `script/`, `src/` and `tools/`) are separate programs.
    const apart = (a: Definition, b: Definition) => topFolder(a.file) !== topFolder(b.file)
      || pluginOf(a.file) !== pluginOf(b.file) || baseKey(model, a) !== baseKey(model, b);
    for (const defs of groups.values()) {
      for (const d of defs) {
        // Rules report only in the files the user named; the other definitions are named in the message.
        if (!model.isReported(d.file)) continue;
        const others = defs.filter((o) => o.file !== d.file && !apart(d, o));
        if (!others.length) continue;
        ctx.report({
          file: d.file, at: d.cls.span, message: 'duplicate',
          data: { name: d.cls.name, others: [...new Set(others.map((o) => `\`${o.file}\``))].join(', ') },
          related: others.map((o) => ({ file: o.file, span: o.cls.span, message: `\`${o.cls.name}\` defined here` })),
        });
      }
    }
  },
});
