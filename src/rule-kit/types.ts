/**
 * The API rules are written against: rule metadata, the visit context, findings and fixes.
 * Rules import only from `src/rule-kit`.
 */
import type {
  ClassFact, FileFacts, ImportFact, Language, MemberAccessFact, ParseErrorFact, Phase,
  ReferenceFact, Span, TestFact, TextIssueFact, ExportFact,
} from '../facts/types.js';
import type { ProjectModel } from '../model/types.js';

export type Severity = 'off' | 'warn' | 'error';

export interface Edit { file: string; start: number; end: number; text: string }

export interface Fix {
  title: string;
  applicability: 'safe' | 'unsafe' | 'display';
  edits: Edit[];
}

export interface RelatedLocation { file: string; span: Span; message: string }

/** One reported problem, after the engine filled in rule metadata. */
export interface Finding {
  ruleId: string;
  file: string;
  span: Span;
  phase: Phase;
  severity: Exclude<Severity, 'off'>;
  messageId: string;
  message: string;
  /** Did-you-mean candidates / notes a user can act on. */
  suggestions: string[];
  fix?: Fix;
  related?: RelatedLocation[];
}

export interface OptionSpec {
  /** 'record': an object of string keys to string values (`{ "old.module": "new.module" }`). */
  type: 'string' | 'string[]' | 'number' | 'boolean' | 'record';
  default: unknown;
  description: string;
}

export interface RuleDocs {
  summary: string;
  why: string;
  /** Fixture cases rendered as examples: 'invalid/<case>' and 'valid/<case>'. */
  examples?: { invalid?: string; valid?: string };
  fixSafety?: string;
  limitations?: string;
}

export interface ReportDescriptor<M extends string> {
  at: Span;
  /** Defaults to the file being visited. */
  file?: string;
  message: M;
  data?: Record<string, string | number>;
  /** Required when the rule's phase is a list: the phase of this finding. */
  phase?: Phase;
  suggestions?: string[];
  fix?: Fix;
  related?: RelatedLocation[];
}

export interface RuleContext<M extends string> {
  readonly model: ProjectModel;
  /** The facts of the file being visited (undefined in `project`). */
  readonly file: FileFacts;
  readonly options: Record<string, unknown>;
  report(d: ReportDescriptor<M>): void;
}

export interface Visitors<M extends string> {
  file?(facts: FileFacts, ctx: RuleContext<M>): void;
  import?(imp: ImportFact, ctx: RuleContext<M>): void;
  export?(exp: ExportFact, ctx: RuleContext<M>): void;
  reference?(ref: ReferenceFact, ctx: RuleContext<M>): void;
  memberAccess?(acc: MemberAccessFact, ctx: RuleContext<M>): void;
  class?(cls: ClassFact, ctx: RuleContext<M>): void;
  test?(test: TestFact, ctx: RuleContext<M>): void;
  textIssue?(issue: TextIssueFact, ctx: RuleContext<M>): void;
  parseError?(err: ParseErrorFact, ctx: RuleContext<M>): void;
}

export interface RuleDefinition<M extends string = string> {
  id: string;
  /** A list when the phase depends on the case (each report then names its phase). */
  phase: Phase | Phase[];
  languages: Language[];
  severity: Exclude<Severity, 'off'>;
  status: 'stable' | 'preview';
  /** Which files the rule visits: only test files, or every file in the model that is reported. */
  scope: 'test-files' | 'all-files';
  fix: { availability: 'none' | 'sometimes' | 'always'; applicability?: 'safe' | 'unsafe' };
  /**
   * The rule asks the model for types the syntax cannot settle (`model.checkedReceiver`): when it is on,
   * the engine starts the TypeScript checker for the TS test files that need it (src/engine/type-check.ts).
   */
  usesTypes?: boolean;
  options?: Record<string, OptionSpec>;
  messages: Record<M, string>;
  docs: RuleDocs;
  visit: Visitors<M>;
  /** Runs once after every file was visited (cross-file rules). `ctx.file` is not set. */
  project?(ctx: Omit<RuleContext<M>, 'file'>): void;
}

export type Rule = RuleDefinition<string>;
