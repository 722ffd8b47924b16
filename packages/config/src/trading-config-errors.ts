import type { z } from 'zod';

/** 'risk.entryWindow.start', 'universe[2]'; '(root)' for the file itself. */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

/** One line per problem, each starting with the path of the field to fix. */
export function formatSchemaIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    const where = formatConfigPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${formatConfigPath([...issue.path, key])}: unknown setting`);
    }
    return [`${where}: ${issue.message}`];
  });
}
