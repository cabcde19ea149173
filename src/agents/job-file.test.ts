import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../process/run-command.js';
import { jobLine, shellQuote } from './job-file.js';

/** Runs a job line the way a launcher does: `( eval "$vars"; eval "$cmd" )`. */
async function runLine(line: { exports: string; command: string }): Promise<string> {
  const result = await runCommand('( eval "$VARS"; eval "$CMD" )', { env: { ...process.env, VARS: line.exports, CMD: line.command } });
  return result.output;
}

describe('job lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-job-'));

  it('quotes values so that nothing in them is interpreted', async () => {
    const nasty = `it's $(touch /tmp/baton-never) \`id\` "q" \\ $HOME`;
    expect((await runCommand(`printf %s ${shellQuote(nasty)}`)).output).toBe(nasty);
    expect(await runLine(jobLine({ env: { NASTY: nasty }, command: 'printf %s "$NASTY"' }, join(dir, 'a.sh')))).toBe(nasty);
  });

  it('runs the command as written, with its variables', async () => {
    const line = jobLine({ env: { GREETING: "it's fine", BATON_ACTION: 'build' }, command: 'echo "$GREETING from $BATON_ACTION"; exit 0' }, join(dir, 'b.sh'));
    expect(await runLine(line)).toBe("it's fine from build\n");
  });

  it('puts what cannot travel on one line into a job file the line sources', async () => {
    const file = join(dir, 'c.sh');
    const line = jobLine({ env: { MULTI: 'one\ntwo' }, command: 'printf "%s|" "$MULTI"\necho done' }, file);
    expect(line.command).toBe(`. '${file}'`);
    expect(readFileSync(file, 'utf8')).toContain("export MULTI='one\ntwo'");
    expect(await runLine(line)).toBe('one\ntwo|done\n');
  });

  it('execs a simple command that is a program, and leaves builtins to the shell', () => {
    expect(jobLine({ env: {}, command: 'make test' }, join(dir, 'd.sh')).command).toBe('exec make test');
    expect(jobLine({ env: {}, command: 'true' }, join(dir, 'e.sh')).command).toBe('true');
    expect(jobLine({ env: {}, command: 'make test && echo ok' }, join(dir, 'f.sh')).command).toBe('make test && echo ok');
  });

  it('runs the command in its own directory, even one with a quote in its name', async () => {
    const place = join(dir, "it's here");
    mkdirSync(place);
    expect(await runLine(jobLine({ env: {}, command: 'pwd', cwd: place }, join(dir, 'd.sh')))).toBe(`${place}\n`);
  });

  it('fails with 126 and runs nothing when its directory is gone', async () => {
    const result = await runCommand('( eval "$VARS"; eval "$CMD" ); echo "status $?"', {
      env: { ...process.env, ...toVars(jobLine({ env: {}, command: 'echo ran', cwd: join(dir, 'missing') }, join(dir, 'e.sh'))) },
    });
    expect(result.output).toMatch(/status 126\n$/);
    expect(result.output).not.toContain('ran');
  });
});

function toVars(line: { exports: string; command: string }): Record<string, string> {
  return { VARS: line.exports, CMD: line.command };
}
