/**
 * Who is on the other side of a conflict. A merge into the integration branch that conflicts collides with work
 * merged before it; the integration branch's first-parent chain has one merge commit per action, each with its
 * `Baton-Action` trailer, so the actions whose merges touched the conflicted files can be named.
 */
import { git, splitNul } from './git.js';
import { trailerFormat } from './trailers.js';

/** The two sides of a conflicting merge into the integration branch, for the report and the resolver. */
export interface ConflictSides {
  /** The actions already merged into the integration branch that changed the conflicted files, oldest first. */
  readonly ours: readonly string[];
  /** The branch being merged. */
  readonly theirs: string;
  /** For each conflicted file, the actions in `ours` that changed it. */
  readonly byFile: Readonly<Record<string, readonly string[]>>;
}

const RECORD = '\x1e';
const FIELD = '\x1f';

/**
 * The actions merged into `integrationTip` since its merge base with `branchTip` that changed any of `files`,
 * read from the `Baton-Action` trailers of the first-parent chain. Commits without the trailer (made by hand)
 * are not named.
 */
export async function conflictSides(
  dir: string,
  tips: { readonly integration: string; readonly branch: string },
  branch: string,
  files: readonly string[],
): Promise<ConflictSides> {
  const byFile = new Map(files.map((file) => [file, new Set<string>()]));
  const base = await git(dir, ['merge-base', tips.integration, tips.branch], { allowFail: true });
  const range = base.exitCode === 0 ? [`${base.stdout.trim()}..${tips.integration}`] : [tips.integration];
  const format = `--format=${RECORD}%H${FIELD}${trailerFormat('Baton-Action')}`;
  const args = ['--literal-pathspecs', 'log', '--first-parent', '--diff-merges=first-parent', '--no-renames', '--name-only', '-z'];
  const { stdout } = await git(dir, [...args, format, ...range, '--', ...files]);
  const ours: string[] = [];
  for (const record of stdout.split(RECORD).reverse()) {
    const [header = '', ...names] = splitNul(record);
    const actions = (header.split(FIELD)[1] ?? '').split(',').filter((action) => action !== '');
    for (const name of names.map((field) => field.replace(/^\n/, ''))) {
      for (const action of actions) byFile.get(name)?.add(action);
    }
    for (const action of actions) if (!ours.includes(action)) ours.push(action);
  }
  return { ours, theirs: branch, byFile: Object.fromEntries([...byFile].map(([file, set]) => [file, [...set]])) };
}
