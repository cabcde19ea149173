/**
 * bench/import: importing a large plan document. `npm run bench:import` (or `npx tsx bench/import.ts`).
 *
 * A generated document of about 5,000 lines in the seeds' style: 40 phases ("Phase N: … (Parallel Execution)"),
 * each with 8 workstreams ("N.M Name (Role A + Role B)") holding field lines (dependencies, priority, timeline,
 * risk), a 6-item checklist with code spans, and per phase a success-metrics table and a go/no-go list; a roles
 * table first and a dependency list last (one line per workstream, "4.3 …: depends on 4.2", which the importer
 * resolves against every action and compares with the workstream's own field); the text is mojibake'd once
 * (UTF-8 read as Windows-1252) like the seeds. Measured, the median of 9 runs after a warm-up:
 * `importMarkdown` whole, and as the reference the Markdown parse alone (unified + remark-parse + remark-gfm),
 * which is the floor any importer built on a real parser pays.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { importMarkdown } from '../src/import/import.js';
import { median } from './median.js';

const PHASES = 40;
const WORKSTREAMS = 8;
const ROLES = ['Build Engineer', 'DevOps Engineer', 'Performance Specialist', 'QA Engineer', 'Systems Architect', 'Release Manager'];

function workstream(phase: number, n: number): string[] {
  const owner = ROLES[(phase + n) % ROLES.length]!;
  const support = ROLES[(phase + n + 1) % ROLES.length]!;
  const deps = n === 1 ? (phase === 1 ? 'None (can start immediately)' : `Phase ${phase - 1} completion`) : `${phase}.${n - 1} Workstream ${n - 1} partially`;
  return [
    `### ${phase}.${n} Workstream ${n} of phase ${phase} (${owner} + ${support})`,
    '',
    `**Dependencies**: ${deps}`,
    `**Priority**: ${n % 3 === 0 ? 'Critical' : 'High'}`,
    `**Timeline**: ${1 + (n % 3)}-${2 + (n % 3)} days`,
    `**Risk**: ${n % 2 === 0 ? 'Medium' : 'Low'}`,
    '',
    ...Array.from({ length: 6 }, (_, i) => `- [${i === 0 && n % 4 === 0 ? 'x' : ' '}] Step ${i + 1}: improve the ${owner.toLowerCase()} work, check with \`cargo test -p crate${n}\` ✅`),
    '',
  ];
}

function documentText(): string {
  const lines = ['# Build Optimization Plan 🚀', '', '**Goal**: cut build time without losing coverage.', ''];
  lines.push('## Roles', '', '| Role | Runs as | Focus |', '|---|---|---|', ...ROLES.map((role) => `| ${role} | claude-code | ${role.toLowerCase()} work |`), '');
  for (let phase = 1; phase <= PHASES; phase++) {
    lines.push(`## Phase ${phase}: Stage ${phase} (${phase % 2 === 0 ? 'Sequential' : 'Parallel'} Execution)`, '');
    for (let n = 1; n <= WORKSTREAMS; n++) lines.push(...workstream(phase, n));
    lines.push('#### Success Metrics', '', '| Metric | Baseline | Target |', '|---|---|---|', `| Build time | ${300 - phase}s | ≤ ${200 - phase}s |`, '| Coverage | 80% | ≥ 85% |', '');
    lines.push('#### Go/No-Go', '', '- [ ] All gates green', '- [ ] No regressions', '');
  }
  lines.push('## Dependencies', '');
  for (let phase = 1; phase <= PHASES; phase++) {
    for (let n = 2; n <= WORKSTREAMS; n++) lines.push(`- ${phase}.${n} Workstream ${n} of phase ${phase}: depends on ${phase}.${n - 1}`);
  }
  // UTF-8 read as Windows-1252 once, as in the seeds (a simplified mapping of the bytes of ✅ and ≤).
  return lines.join('\n').replaceAll('✅', 'âœ…').replaceAll('≤', 'â‰¤').replaceAll('≥', 'â‰¥').replaceAll('🚀', 'ðŸš€');
}

const text = documentText();
const lineCount = text.split('\n').length;
const parser = unified().use(remarkParse).use(remarkGfm);
const parseMs = median(() => parser.parse(text));
const importMs = median(() => importMarkdown(text, { file: 'bench.md', agentDefault: 'claude-code' }));
const imported = importMarkdown(text, { file: 'bench.md', agentDefault: 'claude-code' });
const mb = process.memoryUsage().rss / 2 ** 20;
console.log(`import of a generated document: ${lineCount} lines, ${text.length} characters; node ${process.version}\n`);
console.log('| step | ms (median of 9) | × parse alone |');
console.log('|---|---:|---:|');
console.log(`| Markdown parse alone (remark + GFM), the reference | ${parseMs.toFixed(0)} | 1.00 |`);
console.log(`| importMarkdown (repair, outline, recognise, build, YAML with line comments) | ${importMs.toFixed(0)} | ${(importMs / parseMs).toFixed(2)} |`);
console.log(`\n${imported.actions} actions, ${imported.warnings.length} warnings, ${imported.yaml.split('\n').length} lines of YAML; peak RSS ${mb.toFixed(0)} MB; target: under 1,000 ms`);
