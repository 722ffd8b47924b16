import type { z } from 'zod';

export interface BodyIssue {
  readonly field: string;
  readonly message: string;
}

export interface BadRequestBody {
  readonly error: {
    readonly code: 'BAD_REQUEST';
    readonly message: string;
    /** The first offending field, dotted (`slippage.x`); `body` when the body itself is wrong. */
    readonly field: string;
    readonly issues: readonly BodyIssue[];
  };
}

function fieldOf(issue: z.core.$ZodIssue): string {
  // An unknown key sits at the object's own path; the caller wants the key's name.
  const path =
    issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys.join(', ')] : issue.path;
  const field = path.map(String).join('.');
  // An unknown key spelt "" would otherwise name no field at all.
  return field === '' ? 'body' : field;
}

/** A 400 body naming every field zod refused, the first one as `field`. */
export function describeBadRequest(error: z.ZodError): BadRequestBody {
  const issues = error.issues.map((issue) => ({ field: fieldOf(issue), message: issue.message }));
  const first = issues[0] ?? { field: 'body', message: 'invalid body' };
  return {
    error: {
      code: 'BAD_REQUEST',
      message: `${first.field}: ${first.message}`,
      field: first.field,
      issues,
    },
  };
}
