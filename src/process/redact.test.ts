import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSecretName, MIN_SECRET_LENGTH, Redactor } from './redact.js';

function tempFile(content: string | Buffer, mode = 0o644): string {
  const file = join(mkdtempSync(join(tmpdir(), 'baton-redact-')), 'attempt.log');
  writeFileSync(file, content, { mode });
  return file;
}

describe('secret names', () => {
  it.each([
    'API_KEY', 'ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'GEMINI_API_KEY', 'GITHUB_TOKEN', 'GH_TOKEN', 'NPM_TOKEN',
    'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN', 'CLIENT_SECRET', 'SECRET_KEY_BASE',
    'PASSWORD', 'DB_PASSWORD', 'PGPASSWORD', 'SMTP_PASSWD', 'DB_PASS', 'MYSQL_PWD', 'GOOGLE_APPLICATION_CREDENTIALS',
    'PRIVATE_KEY', 'SSH_KEY', 'AUTH', 'NPM_CONFIG__AUTH', 'HTTP_AUTHORIZATION', 'SESSION_COOKIE', 'apiKey',
    'clientSecret', 'x-api-key', 'accesstoken', 'TOKEN2', 'GPG_PASSPHRASE',
  ])('%s looks like a secret', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each([
    'TOKENIZER_PATH', 'MAX_TOKENS', 'TOKEN_URL', 'PATH', 'HOME', 'PWD', 'OLDPWD', 'AUTH_URL', 'AUTHOR_NAME',
    'PUBLIC_KEY', 'KEYBOARD', 'MONKEY_BUSINESS', 'BYPASS_CACHE', 'PASS_THROUGH', 'SECRETARY_NAME', 'BATON_RUN',
    'input_tokens', 'output_tokens', 'CARGO_TARGET_DIR', 'SSH_AUTH_SOCK', 'GIT_ASKPASS', 'XAUTHORITY', 'AWS_ACCESS_KEY_ID', '',
  ])('%s does not', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe('redacting text', () => {
  it('replaces every occurrence of each secret with its name, and leaves the rest as it was', () => {
    const redactor = new Redactor({ ANTHROPIC_API_KEY: 'sk-ant-0123456789', HOME: '/home/me', PATH: '/usr/bin' });
    expect(redactor.redact('key sk-ant-0123456789 in /home/me, again:sk-ant-0123456789.')).toBe(
      'key [redacted:ANTHROPIC_API_KEY] in /home/me, again:[redacted:ANTHROPIC_API_KEY].',
    );
  });

  it(`ignores values shorter than ${MIN_SECRET_LENGTH} characters, which would hide ordinary words`, () => {
    const redactor = new Redactor({ DB_PASSWORD: 'admin', GITHUB_TOKEN: 'ghp_abcdefgh' });
    expect(redactor.redact('admin ghp_abcdefgh')).toBe('admin [redacted:GITHUB_TOKEN]');
  });

  it('prefers the longest secret where two start at the same place', () => {
    const redactor = new Redactor({ SHORT_TOKEN: 'abcdefgh', LONG_TOKEN: 'abcdefghijkl' });
    expect(redactor.redact('abcdefghijkl abcdefghXY')).toBe('[redacted:LONG_TOKEN] [redacted:SHORT_TOKEN]XY');
  });

  it('treats regex characters in secrets as plain characters', () => {
    const redactor = new Redactor({ API_KEY: 'a.b*c+d?(e)[f]{g}|h^$\\' });
    expect(redactor.redact('x a.b*c+d?(e)[f]{g}|h^$\\ y aXbbc')).toBe('x [redacted:API_KEY] y aXbbc');
  });

  it('learns from every environment given, the first name winning for a shared value', () => {
    const redactor = new Redactor(undefined, { GITHUB_TOKEN: 'shared-value-1' }, { GH_TOKEN: 'shared-value-1', NPM_TOKEN: 'npm-value-22' });
    expect(redactor.redact('shared-value-1 npm-value-22')).toBe('[redacted:GITHUB_TOKEN] [redacted:NPM_TOKEN]');
  });

  it('finds a multi-line key line by line and a JSON-escaped value as it appears in JSON', () => {
    const pem = '-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END KEY-----';
    const redactor = new Redactor({ PRIVATE_KEY: pem, CLIENT_SECRET: 'quote"and\\slash' });
    expect(redactor.redact(JSON.stringify({ pem, s: 'quote"and\\slash' }))).not.toMatch(/MIIEvQ|quote/);
    expect(redactor.redact('+MIIEvQIBADANBgkqhkiG9w0BAQEFAASC')).toBe('+[redacted:PRIVATE_KEY]');
  });

  it('redacts the password of a URL with credentials, whatever the variable is called', () => {
    const redactor = new Redactor({ DATABASE_URL: 'postgres://app:s3cr3t-pass@db:5432/app' });
    expect(redactor.redact('connecting to postgres://app:s3cr3t-pass@db:5432/app')).toBe('connecting to postgres://app:[redacted:DATABASE_URL]@db:5432/app');
  });

  it('handles many secrets in a large text', () => {
    const env = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`SERVICE_${i}_TOKEN`, `tok-${i}-${'x'.repeat(i % 7)}-end`]));
    const redactor = new Redactor(env);
    const text = Array.from({ length: 20_000 }, (_, i) => `line ${i} uses tok-${i % 600}-${'x'.repeat((i % 600) % 7)}-end`).join('\n');
    const redacted = redactor.redact(text);
    const left = [...redacted.matchAll(/tok-(\d+)-x*-end/g)].map((match) => Number(match[1]));
    expect(left.length).toBeGreaterThan(0);
    expect(left.filter((n) => n < 500)).toEqual([]);
    expect(redacted).toContain('line 3 uses [redacted:SERVICE_3_TOKEN]');
    expect(redacted).toContain('line 599 uses tok-599-');
  });

  it('returns the text unchanged when there is nothing to redact', () => {
    expect(new Redactor({ PATH: '/usr/bin:/bin' }).redact('PATH=/usr/bin:/bin')).toBe('PATH=/usr/bin:/bin');
  });
});

describe('redacting argv and values', () => {
  const redactor = new Redactor({ OPENAI_API_KEY: 'sk-proj-abcdefgh' });

  it('redacts known values in argv and the value of a secret-looking flag', () => {
    expect(redactor.redactArgv(['codex', 'exec', '--config', 'key=sk-proj-abcdefgh', '--api-key=unknown-value-1', '--token', 'another-secret', '--max-tokens', '100000000'])).toEqual(
      ['codex', 'exec', '--config', 'key=[redacted:OPENAI_API_KEY]', '--api-key=[redacted:api-key]', '--token', '[redacted:token]', '--max-tokens', '100000000'],
    );
  });

  it('redacts deep in JSON-like values without changing their shape or the input', () => {
    const input = { command: ['x', 'sk-proj-abcdefgh'], usage: { input_tokens: 10 }, env: { GITHUB_TOKEN: 'not-in-any-env' }, ok: true, none: null };
    const output = redactor.redactValue(input);
    expect(output).toEqual({ command: ['x', '[redacted:OPENAI_API_KEY]'], usage: { input_tokens: 10 }, env: { GITHUB_TOKEN: '[redacted:GITHUB_TOKEN]' }, ok: true, none: null });
    expect(input.command[1]).toBe('sk-proj-abcdefgh');
  });
});

describe('redacting a finished log file', () => {
  const redactor = new Redactor({ ANTHROPIC_API_KEY: 'sk-ant-api03-secret', DB_PASSWORD: 'hunter2hunter2' });

  it('rewrites the file when it holds a secret, keeping its mode', async () => {
    const file = tempFile('start sk-ant-api03-secret middle hunter2hunter2 end\n', 0o600);
    expect(await redactor.redactFileInPlace(file)).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('start [redacted:ANTHROPIC_API_KEY] middle [redacted:DB_PASSWORD] end\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('does not touch a file without secrets', async () => {
    const file = tempFile('nothing to see here\n');
    const before = statSync(file);
    expect(await redactor.redactFileInPlace(file)).toBe(0);
    expect(statSync(file).ino).toBe(before.ino);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
  });

  it('finds secrets that straddle chunk boundaries, whatever the chunk size', async () => {
    const text = 'sk-ant-api03-secret'.repeat(3) + 'x hunter2hunter2hunter2hunter2 sk-ant-api03-secre';
    for (const chunkBytes of [1, 2, 3, 5, 7, 18, 19, 20, 64]) {
      const file = tempFile(text);
      await redactor.redactFileInPlace(file, { chunkBytes });
      expect(readFileSync(file, 'utf8'), `chunks of ${chunkBytes}`).toBe(redactor.redact(text));
    }
  });

  it('matches redacting the whole text at once, for any text and chunk size', async () => {
    const secrets = ['aaaaaaaa', 'aaaaaaaab', 'abababab', 'ünïcödé-secret'];
    const env = Object.fromEntries(secrets.map((secret, i) => [`S${i}_TOKEN`, secret]));
    const fileRedactor = new Redactor(env);
    const pieces = fc.array(fc.oneof(fc.constantFrom(...secrets, 'a', 'b', 'ab', '\n', 'é'), fc.string({ maxLength: 4 })), { maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(pieces, fc.integer({ min: 1, max: 40 }), async (parts, chunkBytes) => {
        const text = parts.join('');
        const file = tempFile(text);
        await fileRedactor.redactFileInPlace(file, { chunkBytes });
        expect(readFileSync(file, 'utf8')).toBe(fileRedactor.redact(text));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps bytes that are not UTF-8 as they were', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe, 0x80]), Buffer.from(' hunter2hunter2 '), Buffer.from([0xc3])]);
    const file = tempFile(bytes);
    await redactor.redactFileInPlace(file, { chunkBytes: 4 });
    expect(readFileSync(file)).toEqual(Buffer.concat([Buffer.from([0xff, 0xfe, 0x80]), Buffer.from(' [redacted:DB_PASSWORD] '), Buffer.from([0xc3])]));
  });
});
