/**
 * Stage 1: what the project is — its runners, their test-file patterns, and the resolvers —
 * read statically from the project's own config files.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import type { JsRunnerConfig } from '../config/js-runners.js';
import { clearConfigCaches, inNorecurseDir, loadPytestConfig, pythonVersionFrom, type PytestConfig } from '../config/pytest.js';
import type { UserConfig } from '../config/schema.js';
import type { FrontEndOptions, Language } from '../facts/types.js';
import { createPythonResolver } from '../model/resolve-python.js';
import type { ProjectSetup } from '../model/project.js';
import type { Runner } from '../model/types.js';

export interface ProjectContext extends ProjectSetup {
  jsRunners: JsRunnerConfig[];
  pytest: PytestConfig;
  pythonVersion: [number, number];
  /** Does the runner inject its globals (describe/it/expect) into this JS file? */
  runnerGlobals(file: string): boolean;
  frontEndOptions(file: string, language: Language): FrontEndOptions;
}

/** pytest matches python_files against the basename with fnmatch. */
function fnmatcher(patterns: string[]): (name: string) => boolean {
  const ms = patterns.map((p) => picomatch(p, { dot: true }));
  return (name) => ms.some((m) => m(name));
}

/**
 * `hasJs`: the run has JS/TS files. Without them the JS runner configs and the TS resolver (and so
 * TypeScript itself, ~0.6 s to load) are never loaded.
 */
export async function createProjectContext(root: string, user: UserConfig, hasJs = true): Promise<ProjectContext> {
  // Config files are read afresh by every run (a long-lived editor server sees their edits; the run cache records the reads).
  clearConfigCaches();
  const js = hasJs ? await import('../config/js-runners.js') : null;
  const jsRunners = js ? js.loadJsRunnerConfigs(root) : [];
  const tsResolver = hasJs ? (await import('../model/resolve-ts.js')).createTsResolver({ root, runners: jsRunners }) : null;
  const pytest = loadPytestConfig(root);
  const pythonVersion = user.pythonVersion
    ? (user.pythonVersion.split('.').map(Number) as [number, number])
    : pythonVersionFrom(pytest, root);
  const userTests = user.testFiles?.length ? picomatch(user.testFiles, { dot: true }) : null;
  const pyFile = fnmatcher(pytest.pythonFiles);
  const abs = (f: string) => path.join(root, f);
  const jsCache = new Map<string, JsRunnerConfig | null>();
  const jsRunnerOf = (file: string) => {
    if (!jsCache.has(file)) jsCache.set(file, js ? js.isTestFile(jsRunners, abs(file)) : null);
    return jsCache.get(file)!;
  };
  const isPython = (f: string) => f.endsWith('.py');

  const testFiles = new Map<string, boolean>();
  const isTestFile = (file: string): boolean => {
    let yes = testFiles.get(file);
    if (yes !== undefined) return yes;
    if (userTests) yes = userTests(file);
    else if (isPython(file)) yes = pyFile(path.posix.basename(file)) && !inNorecurseDir(pytest, abs(file));
    else if (/\.d\.[mc]?ts$/.test(file)) yes = false;
    else yes = jsRunnerOf(file) !== null;
    testFiles.set(file, yes);
    return yes;
  };
  const runnerOf = (file: string): Runner => {
    if (isPython(file) || file.endsWith('.pyi')) return 'pytest';
    return (jsRunnerOf(file)?.runner ?? jsRunners[0]?.runner ?? 'unknown') as Runner;
  };

  return {
    root,
    jsRunners,
    pytest,
    pytestConfig: () => pytest,
    pythonVersion,
    tsResolver,
    pyResolver: createPythonResolver({ root, pytest, venv: user.venv ? path.resolve(root, user.venv) : undefined, pythonVersion }),
    isTestFile,
    runnerOf,
    runnerGlobals(file) {
      const cfg = jsRunnerOf(file) ?? jsRunners[0];
      if (!cfg) return true;
      return cfg.globals || cfg.dynamic;
    },
    frontEndOptions(file) {
      return {
        pythonVersion,
        pythonFunctions: pytest.pythonFunctions,
        pythonClasses: pytest.pythonClasses,
        isTest: isTestFile(file),
      };
    },
  };
}
