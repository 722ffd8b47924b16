import type { z } from 'zod';

export interface AlertIssue {
  /** Dotted, e.g. `targets.1`; empty for the body itself. */
  readonly path: string;
  readonly message: string;
}

export interface AlertProblem {
  /** The first bad top-level field, e.g. `stop`; null when the body itself is wrong. */
  readonly field: string | null;
  /** Names the field, so the TradingView alert log alone says what to fix. */
  readonly message: string;
  readonly issues: readonly AlertIssue[];
}

/**
 * A zod error as the webhook answers it. An unknown field is reported under its own name
 * (zod reports it on the object), since a misspelt field is the commonest alert mistake.
 */
export function describeAlertIssues(error: z.ZodError): AlertProblem {
  const issues: AlertIssue[] = error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: key, message: 'is not a field of the alert' }))
      : [{ path: issue.path.map(String).join('.'), message: issue.message }],
  );
  const first = issues[0] ?? { path: '', message: 'is not valid' };
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return {
    field: first.path === '' ? null : (first.path.split('.')[0] ?? null),
    message: `${first.path === '' ? 'the alert' : first.path}: ${first.message}${more}`,
    issues,
  };
}
