import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { globsMayOverlap, leaseOverlaps, matchesLease } from './leases.js';
import type { LeaseHolder } from './leases.js';

describe('matchesLease', () => {
  it('matches globs with dotfiles included, * within one segment and ** across them', () => {
    expect(matchesLease('scripts/cleanup.sh', ['scripts/**'])).toBe(true);
    expect(matchesLease('.github/workflows/ci.yml', ['.github/workflows/*.yml'])).toBe(true);
    expect(matchesLease('src/.env', ['src/*'])).toBe(true);
    expect(matchesLease('src/a/b.ts', ['src/*'])).toBe(false);
    expect(matchesLease('src/a/b.ts', ['docs/**', 'src/**/*.ts'])).toBe(true);
    expect(matchesLease('src/a/b.md', ['src/**/*.ts'])).toBe(false);
  });

  it('takes a path without glob characters to cover itself and everything under it', () => {
    expect(matchesLease('src/cache', ['src/cache'])).toBe(true);
    expect(matchesLease('src/cache/store/index.ts', ['src/cache'])).toBe(true);
    expect(matchesLease('src/cache/index.ts', ['src/cache/'])).toBe(true);
    expect(matchesLease('src/cache2/index.ts', ['src/cache'])).toBe(false);
    expect(matchesLease('src', ['src/cache'])).toBe(false);
  });

  it('ignores a leading ./ and reads . as the whole repository', () => {
    expect(matchesLease('./docs/a.md', ['docs/*.md'])).toBe(true);
    expect(matchesLease('docs/a.md', ['./docs/*.md'])).toBe(true);
    expect(matchesLease('anything/at/all', ['.'])).toBe(true);
  });

  it('expands braces and reads a leading ! as negation', () => {
    expect(matchesLease('b/x', ['{a,b}/x'])).toBe(true);
    expect(matchesLease('c/x', ['{a,b}/x'])).toBe(false);
    expect(matchesLease('src/a.ts', ['!docs/**'])).toBe(true);
    expect(matchesLease('docs/a.md', ['!docs/**'])).toBe(false);
  });
});

describe('globsMayOverlap', () => {
  const cases: [string, string, boolean][] = [
    ['scripts/**', 'scripts/cleanup.sh', true],
    ['src/a/**', 'src/b/**', false],
    ['*.md', '*.ts', false],
    ['docs/*.md', 'docs/**', true],
    ['src/**/*.ts', 'src/**/*.md', false],
    ['src/**/*.ts', 'src/**/index.*', true],
    ['a/*', 'a/b/c', false],
    ['a/*', 'a/b', true],
    ['**', 'src/deep/file.ts', true],
    ['**', '*.md', true],
    ['test-*', '*.ts', true],
    ['test-*', 'spec-*', false],
    ['src/cache', 'src/cache/**/*.ts', true],
    ['src/cache', 'src/cache2/x', false],
    ['{a,b}/x', 'b/*', true],
    ['{a,b}/x', 'c/*', false],
    ['{a,{b,c}}/x', 'c/x', true],
    ['src/{a,b}/**', 'src/c/**', false],
    ['[ab].ts', 'b.ts', true],
    ['[ab].ts', 'c.md', false],
    ['@(a|b).ts', '*.md', false],
    ['!docs/**', 'docs/a.md', true],
    ['.', 'x', true],
    ['**.ts', 'a/b.ts', true],
  ];
  it.each(cases)('%s and %s: %s', (a, b, expected) => {
    expect(globsMayOverlap(a, b)).toBe(expected);
    expect(globsMayOverlap(b, a)).toBe(expected);
  });

  const NAMES = ['a', 'b', '.x', 'a.ts', 'b.ts', 'ab', 'x', '!x', '{a}'];
  const SEGMENTS = [...NAMES, '*', '*.ts', 'a*', '?', '??', '**', '{a,b}', '{a,}', '[ab]', '@(a|b)', '*(a|b)', '**.ts', 'a**', '*a*', '{1..3}'];
  const glob = fc.tuple(
    fc.constantFrom('', '', '', './', '!'),
    fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 4 }),
  ).map(([lead, segments]) => `${lead}${segments.join('/')}`);
  const path = fc.array(fc.constantFrom(...NAMES, '1', '2', 'a.ts'), { minLength: 1, maxLength: 4 }).map((names) => names.join('/'));

  it('never says no when a path matches both globs', () => {
    fc.assert(
      fc.property(glob, glob, path, (a, b, file) => {
        if (matchesLease(file, [a]) && matchesLease(file, [b])) expect(globsMayOverlap(a, b)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('never says no when a glob matches a path given as a lease of its own', () => {
    fc.assert(
      fc.property(glob, path, (a, file) => {
        if (matchesLease(file, [a])) expect(globsMayOverlap(a, file)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('answers the same both ways round', () => {
    fc.assert(fc.property(glob, glob, (a, b) => globsMayOverlap(a, b) === globsMayOverlap(b, a)), { numRuns: 2000 });
  });
});

describe('leaseOverlaps', () => {
  const holder = (id: string, files: string[], parallelOk?: boolean): LeaseHolder =>
    parallelOk === undefined ? { id, files } : { id, files, parallelOk };

  it('lists the pairs that may share a file, in file order, with the patterns that may', () => {
    const overlaps = leaseOverlaps([
      holder('docs', ['docs/**']),
      holder('cleanup', ['scripts/a.sh', '.github/workflows/*.yml']),
      holder('scripts', ['scripts/**', 'README.md']),
      holder('ci', ['.github/**', 'docs/ci.md']),
      holder('free', []),
    ]);
    expect(overlaps).toEqual([
      { a: 'docs', b: 'ci', patterns: [['docs/**', 'docs/ci.md']] },
      { a: 'cleanup', b: 'scripts', patterns: [['scripts/a.sh', 'scripts/**']] },
      { a: 'cleanup', b: 'ci', patterns: [['.github/workflows/*.yml', '.github/**']] },
    ]);
  });

  it('compares patterns that start with a wildcard with everything', () => {
    const overlaps = leaseOverlaps([holder('a', ['src/x/readme.md']), holder('b', ['lib/*.ts']), holder('all-docs', ['**/*.md'])]);
    expect(overlaps).toEqual([{ a: 'a', b: 'all-docs', patterns: [['src/x/readme.md', '**/*.md']] }]);
  });

  it('counts what lies under a path written without glob characters, since it may be a directory', () => {
    expect(leaseOverlaps([holder('a', ['lib/y.ts']), holder('all-docs', ['**/*.md'])])).toHaveLength(1);
  });

  it('leaves out actions marked parallelOk and never pairs an action with itself', () => {
    expect(leaseOverlaps([holder('a', ['src/**', 'src/x.ts']), holder('b', ['src/**'], true)])).toEqual([]);
  });

  it('lists each pattern pair once even when several brace alternatives meet', () => {
    expect(leaseOverlaps([holder('a', ['{src,lib}/**']), holder('b', ['{src,lib}/x.ts'])])).toEqual([
      { a: 'a', b: 'b', patterns: [['{src,lib}/**', '{src,lib}/x.ts']] },
    ]);
  });

  it('finds the same pairs as comparing every pattern with every other', () => {
    const PATTERNS = ['src/**', 'src/a.ts', 'src/*.md', 'src/{a,b}/**', 'docs/**', 'docs', '*.md', '**/*.ts', 'README.md', '{src,docs}/x', '!src/**'];
    const plans = fc.array(fc.subarray(PATTERNS, { maxLength: 3 }), { maxLength: 8 });
    fc.assert(
      fc.property(plans, (leases) => {
        const actions = leases.map((files, i) => holder(`a${i}`, files));
        const expected: { a: string; b: string; patterns: [string, string][] }[] = [];
        actions.forEach((a, i) =>
          actions.slice(i + 1).forEach((b) => {
            const patterns = a.files.flatMap((pa) => b.files.filter((pb) => globsMayOverlap(pa, pb)).map((pb): [string, string] => [pa, pb]));
            if (patterns.length > 0) expected.push({ a: a.id, b: b.id, patterns });
          }),
        );
        expect(leaseOverlaps(actions)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('finds exactly the overlaps among 10 000 actions whose leases split the repository by folder', () => {
    const actions = Array.from({ length: 10_000 }, (_, i) =>
      holder(`a${i}`, [`packages/p${i % 100}/src/m${i}/**`, `packages/p${i % 100}/test/m${i}.test.ts`, ...(i % 1000 === 0 ? ['docs/**'] : [])]),
    );
    actions.push(holder('readme', ['packages/p7/src/m7/README.md']));
    // Speed is measured in bench/ (no wall-clock limits in unit tests); this checks the folder tree finds every pair.
    const overlaps = leaseOverlaps(actions);
    expect(overlaps).toHaveLength(45 + 1);
    expect(overlaps[0]).toEqual({ a: 'a0', b: 'a1000', patterns: [['docs/**', 'docs/**']] });
    expect(overlaps.find((o) => o.b === 'readme')).toEqual({ a: 'a7', b: 'readme', patterns: [['packages/p7/src/m7/**', 'packages/p7/src/m7/README.md']] });
  });
});
