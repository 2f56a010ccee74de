// A file as it was at a commit, for commands that compare with the past (i18n-report --since).
// Only the CLI reads git: the service itself never depends on a checkout.
import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT } from '../paths.js';

export class UnknownRevisionError extends Error {}

/** Fails with UnknownRevisionError when `ref` names no commit here. */
export function assertRevision(ref: string): void {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: PROJECT_ROOT, stdio: 'pipe' });
  } catch {
    throw new UnknownRevisionError(`${ref} is not a commit in ${PROJECT_ROOT}`);
  }
}

/** The text of `path` (relative to the project root) at `ref`, or undefined if it did not exist then. */
export function fileAtRevision(ref: string, path: string): string | undefined {
  try {
    return execFileSync('git', ['show', `${ref}:${path}`], { cwd: PROJECT_ROOT, stdio: 'pipe', encoding: 'utf8' });
  } catch {
    return undefined;
  }
}

export function jsonAtRevision(ref: string, path: string): unknown {
  const text = fileAtRevision(ref, path);
  return text === undefined ? undefined : JSON.parse(text);
}
