import type { ScanSubject } from '../subject';
import type { RuleInfo, Severity } from '../types';

/** What a rule found: where, and optionally a weaker severity than the rule's default. */
export type Evidence = {
  /** Offset in the subject's text; turned into a line and an excerpt. */
  readonly offset?: number;
  readonly excerpt?: string;
  readonly severity?: Severity;
};

/** A detection rule. `check` must be linear in the input (see rules-redos test). */
export type Rule = {
  readonly info: RuleInfo;
  /** Cheap filter run before `check`. */
  readonly appliesTo: (s: ScanSubject) => boolean;
  readonly check: (s: ScanSubject) => Evidence | null;
};

export const SEVERITY_RANK: Record<Severity, number> = {
  info: 0,
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};

/** Builds a catalogue entry with the defaults that follow from the severity. */
export function ruleInfo(info: RuleInfo): RuleInfo {
  return info;
}
