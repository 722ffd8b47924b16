import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRepoFile } from './deploy-files';
import { repoRoot } from './repo-root';

/** Just enough of a Dockerfile parser for the checks: instructions, grouped by stage. */

export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export interface Stage {
  readonly from: string;
  readonly instructions: readonly Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: { from: string; instructions: Instruction[] }[] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args };
    if (instruction.keyword === 'FROM') stages.push({ from: args, instructions: [] });
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

/** COPY's sources from the build context (not --from=stage), flags dropped. */
export function copySources(instruction: Instruction): string[] {
  if (instruction.keyword !== 'COPY') return [];
  const words = instruction.args.split(/\s+/);
  if (words.some((word) => word.startsWith('--from='))) return [];
  const paths = words.filter((word) => !word.startsWith('--'));
  return paths.slice(0, -1);
}

/** ENV's variable names, in both `ENV A=1 B=2` and `ENV A 1` forms. */
export function envNames(instruction: Instruction): string[] {
  if (instruction.keyword !== 'ENV') return [];
  const pairs = [...instruction.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=/g)];
  if (pairs.length === 0) return [instruction.args.split(/\s+/)[0] ?? ''];
  return pairs.map(([, name = '']) => name);
}

/**
 * Whether .dockerignore keeps `path` out of the build context. Docker matches each pattern
 * against the path and its parent directories; the last matching line wins (`!` re-includes).
 */
export function isDockerIgnored(path: string, dockerignore: string): boolean {
  const patterns = dockerignore
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const candidates = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const regex = globToRegex(pattern.replace(/^!/, '').replace(/^\//, ''));
    if (candidates.some((candidate) => regex.test(candidate))) ignored = !negated;
  }
  return ignored;
}

function globToRegex(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob.charAt(i);
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

interface Manifest {
  readonly name: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

/** Every workspace package by name, with its directory. */
export function workspacePackages(): Map<string, { dir: string; manifest: Manifest }> {
  const found = new Map<string, { dir: string; manifest: Manifest }>();
  for (const parent of ['apps', 'packages', 'tooling']) {
    for (const child of readdirSync(join(repoRoot, parent))) {
      const dir = `${parent}/${child}`;
      let manifest: Manifest;
      try {
        manifest = JSON.parse(readRepoFile(`${dir}/package.json`)) as Manifest;
      } catch {
        continue;
      }
      found.set(manifest.name, { dir, manifest });
    }
  }
  return found;
}

/**
 * The directories `pnpm install --filter <name>...` needs: the package and every workspace
 * package it depends on, dev dependencies included, transitively.
 */
export function workspaceClosure(name: string): Set<string> {
  const packages = workspacePackages();
  const dirs = new Set<string>();
  const visit = (current: string) => {
    const found = packages.get(current);
    if (found === undefined || dirs.has(found.dir)) return;
    dirs.add(found.dir);
    const { dependencies = {}, devDependencies = {} } = found.manifest;
    for (const [dependency, range] of Object.entries({ ...dependencies, ...devDependencies })) {
      if (range.startsWith('workspace:')) visit(dependency);
    }
  };
  visit(name);
  return dirs;
}

/** The text of every TypeScript file under a directory of the repository, but `exclude`d ones. */
export function sourcesUnder(dir: string, exclude = /^$/): string {
  const texts: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(join(repoRoot, path), { withFileTypes: true })) {
      const child = `${path}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (/\.tsx?$/.test(entry.name) && !exclude.test(child))
        texts.push(readFileSync(join(repoRoot, child), 'utf8'));
    }
  };
  walk(dir);
  return texts.join('\n');
}
