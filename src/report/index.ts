/** Reporters: findings in, text out. The only stage besides fix/write that faces the user. */
import type { Finding } from '../rule-kit/types.js';
import { stylish } from './stylish.js';
import { json } from './json.js';
import { compact } from './compact.js';
import { github } from './github.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';

export interface ReportInput {
  findings: Finding[];
  root: string;
  /** Every reported file, clean ones included (the JSON formatter lists them). */
  files: string[];
  color: boolean;
}

export type Reporter = (input: ReportInput) => string;

export const REPORTERS: Record<string, Reporter> = { stylish, json, compact, github, sarif, junit };
