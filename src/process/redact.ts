/**
 * Secret values never reach a log, an evidence file or the database. A {@link Redactor} learns the values of the
 * secret-looking variables of the environments an attempt runs with, and replaces every occurrence of them with
 * `[redacted:NAME]`: in text, in argv, deep in JSON-like values, and in a finished log file written by a process
 * baton did not pipe.
 *
 * The values are matched with one regular expression built as a trie of the secrets (an alternation that shares
 * prefixes, so each position of the text is tried against the first characters once, not against every secret),
 * longest match first. That keeps redaction linear in the text for hundreds of secrets.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, rename, rm, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Values shorter than this are not redacted, even under a secret name. A short value is an ordinary word
 * (`true`, `main`, `admin`, `4096`): replacing it everywhere would wreck logs and, worse, label each place the word
 * occurs as the secret, which reveals it. 8 is also the shortest password NIST SP 800-63B accepts; API keys and
 * tokens are far longer.
 */
export const MIN_SECRET_LENGTH = 8;

/** Words that make a name secret wherever they stand, also as the end of a word (`PGPASSWORD`, `clientSecret`). */
const SECRET_ANYWHERE = ['PASSWORD', 'PASSWD', 'PASSPHRASE', 'SECRET', 'APIKEY', 'PRIVATEKEY'];

/**
 * Words that make a name secret only as its last word: `GITHUB_TOKEN` is a secret, `TOKEN_URL` and `MAX_TOKENS`
 * are not; `DB_PASS`, `NPM_AUTH` are, `AUTH_URL`, `PASS_THROUGH` are not.
 */
const SECRET_LAST = new Set(['KEY', 'PASS', 'PWD', 'AUTH', 'AUTHORIZATION', 'CREDENTIAL', 'CREDENTIALS', 'COOKIE']);

/**
 * True when a variable (or JSON key) named `name` likely holds a secret. The name is cut into words (at `_`, `-`,
 * `.`, camelCase humps and digits; trailing numbers are dropped, so `TOKEN2` counts) and judged by whole words,
 * never by substrings: substring rules such as detect-secrets' keyword list flag `TOKENIZER_PATH`, `MAX_TOKENS`,
 * `BYPASS_CACHE` and `KEYBOARD`. The rules, chosen so that a miss (a leaked key) is rarer than a false alarm (a
 * readable value hidden in logs):
 * - a word ending in PASSWORD, PASSWD, PASSPHRASE, SECRET, APIKEY or PRIVATEKEY, anywhere (`SECRET_KEY_BASE`);
 * - a last word ending in TOKEN (`GITHUB_TOKEN`, `accesstoken`), or being KEY (not `PUBLIC_KEY`), PASS, AUTH,
 *   AUTHORIZATION, CREDENTIAL(S) or COOKIE;
 * - PWD as the last of several words (`MYSQL_PWD`), since `PWD` alone is the shell's working directory.
 * Accepted false alarms: `CACHE_KEY`, `SORT_KEY`, `TOKEN` counters whose values are short anyway.
 */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.some((word) => SECRET_ANYWHERE.some((secret) => word.endsWith(secret)))) return true;
  const last = words.at(-1);
  if (last === undefined) return false;
  if (last.endsWith('TOKEN')) return true;
  if (!SECRET_LAST.has(last)) return false;
  if (last === 'PWD') return words.length > 1;
  return !(last === 'KEY' && words.at(-2) === 'PUBLIC');
}

function nameWords(name: string): string[] {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2');
  const words = spaced.toUpperCase().split(/[^A-Z0-9]+/).filter((word) => word !== '');
  while (words.length > 0 && /^[0-9]+$/.test(words.at(-1)!)) words.pop();
  return words;
}

/** An environment as `process.env` or a plan's `env` gives it. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Options of {@link Redactor.redactFileInPlace}. */
export interface RedactFileOptions {
  /** Bytes read at a time. @default 65536 */
  readonly chunkBytes?: number;
}

/**
 * Redacts the secrets of one or more environments. Built per attempt from what its processes see (baton's own
 * environment, the agent's and the action's `env`), so a key that only one agent has is redacted in its logs too.
 */
export class Redactor {
  /** Each secret (and each form it may be printed in) → the name of the variable that holds it. */
  private readonly names = new Map<string, string>();
  private readonly text: Matcher | undefined;
  private bytes: Matcher | undefined;

  constructor(...environments: readonly (Environment | undefined)[]) {
    for (const env of environments) {
      for (const [name, value] of Object.entries(env ?? {})) if (value !== undefined) this.learn(name, value);
    }
    this.text = this.names.size === 0 ? undefined : new Matcher(this.names);
  }

  /** How many distinct strings are redacted (a value, its lines and its JSON-escaped form count apart). */
  get size(): number {
    return this.names.size;
  }

  private learn(name: string, value: string): void {
    const secrets = isSecretName(name) ? secretForms(value) : [];
    const password = urlPassword(value);
    if (password !== undefined) secrets.push(password);
    for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH && !this.names.has(secret)) this.names.set(secret, name);
  }

  /** `text` with every secret replaced by `[redacted:NAME]`. */
  redact(text: string): string {
    return this.text === undefined ? text : this.text.replace(text).text;
  }

  /**
   * An argv with secrets redacted: known values anywhere, and the value of a flag whose name looks secret
   * (`--api-key=…`, `--token …`), since a CLI may be handed a key that is in no environment.
   */
  redactArgv(argv: readonly string[]): string[] {
    return argv.map((arg, index) => {
      const flag = /^(--?)([A-Za-z][\w-]*)=(.*)$/s.exec(arg);
      if (flag && isSecretName(flag[2]!) && flag[3]!.length >= MIN_SECRET_LENGTH) return `${flag[1]!}${flag[2]!}=${placeholder(flag[2]!)}`;
      const previous = index > 0 ? /^--?([A-Za-z][\w-]*)$/.exec(argv[index - 1]!) : null;
      if (previous && isSecretName(previous[1]!) && arg.length >= MIN_SECRET_LENGTH && !arg.startsWith('-')) return placeholder(previous[1]!);
      return this.redact(arg);
    });
  }

  /**
   * A deep copy of a JSON-like value with every string redacted; a string under a secret-looking key (`token`,
   * `api_key`) is replaced whole, known or not. Arrays and plain objects are copied, other values kept as they are.
   */
  redactValue<T>(value: T): T {
    return this.deep(value, undefined) as T;
  }

  private deep(value: unknown, key: string | undefined): unknown {
    if (typeof value === 'string') {
      return key !== undefined && isSecretName(key) && value.length >= MIN_SECRET_LENGTH ? placeholder(key) : this.redact(value);
    }
    if (Array.isArray(value)) return value.map((item: unknown) => this.deep(item, key));
    if (!isPlainObject(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, this.deep(item, name)]));
  }

  /**
   * Redacts a finished log file that a process wrote by itself (baton did not see its output go by). The file is
   * streamed, never loaded whole, and a secret cut by a chunk boundary is still found. It is rewritten (a
   * temporary file renamed over it, mode kept) only when it holds a secret; otherwise it is not touched at all.
   * Works on bytes, so output that is not valid UTF-8 comes back unchanged. Returns how many secrets it replaced.
   */
  async redactFileInPlace(path: string, options: RedactFileOptions = {}): Promise<number> {
    if (this.text === undefined) return 0;
    this.bytes ??= new Matcher(new Map([...this.names].map(([secret, name]) => [Buffer.from(secret, 'utf8').toString('latin1'), name])));
    const chunkBytes = options.chunkBytes ?? 65_536;
    if (!(await fileContains(path, this.bytes, chunkBytes))) return 0;
    const temp = `${path}.${process.pid}.redacting`;
    try {
      const count = await rewriteFile(path, temp, this.bytes, chunkBytes);
      await chmod(temp, (await stat(path)).mode & 0o7777);
      await rename(temp, path);
      return count;
    } finally {
      await rm(temp, { force: true });
    }
  }
}

function placeholder(name: string): string {
  return `[redacted:${name}]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The forms a secret value may be printed in: as it is, each of its lines (a PEM key is often printed line by
 * line, or inside JSON with its newlines escaped) and JSON-escaped (a value with `"` or `\` in a JSON log).
 */
function secretForms(value: string): string[] {
  const forms = [value];
  if (value.includes('\n')) forms.push(...value.split(/\r?\n/));
  const escaped = JSON.stringify(value).slice(1, -1);
  if (escaped !== value) forms.push(escaped);
  return forms;
}

/** The password of a URL with credentials (`postgres://user:pa55word@host/db`), under any variable name. */
function urlPassword(value: string): string | undefined {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/@:]*:([^\s/@]+)@/.exec(value)?.[1];
}

/** One regular expression for many literal strings: a trie of them, longest match first. */
class Matcher {
  readonly pattern: RegExp;
  /** The longest secret: a match can start no further back than this from the end of what was read. */
  readonly maxLength: number;

  constructor(private readonly names: ReadonlyMap<string, string>) {
    this.pattern = new RegExp(triePattern(trieOf(names.keys())), 'g');
    this.maxLength = Math.max(...[...names.keys()].map((secret) => secret.length));
  }

  /**
   * Replaces the matches that start before `end` (default: all). Returns the text up to where it is final and
   * the position in `text` where that stopped, so a stream can hold back what a secret may still straddle.
   */
  replace(text: string, end = text.length): { text: string; stop: number; count: number } {
    let out = '';
    let pos = 0;
    let count = 0;
    this.pattern.lastIndex = 0;
    for (let match = this.pattern.exec(text); match && match.index < end; match = this.pattern.exec(text)) {
      out += text.slice(pos, match.index) + placeholder(this.names.get(match[0]) ?? '?');
      pos = match.index + match[0].length;
      count += 1;
    }
    const stop = Math.max(pos, end);
    return { text: out + text.slice(pos, stop), stop, count };
  }
}

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  end: boolean;
}

function trieOf(words: Iterable<string>): TrieNode {
  const root: TrieNode = { children: new Map(), end: false };
  for (const word of words) {
    let node = root;
    for (const unit of word.split('')) {
      let next = node.children.get(unit);
      if (!next) node.children.set(unit, (next = { children: new Map(), end: false }));
      node = next;
    }
    node.end = true;
  }
  return root;
}

/** A chain of single children is a plain literal; recursion happens only where secrets part or one ends. */
function triePattern(start: TrieNode): string {
  let out = '';
  let node = start;
  while (node.children.size === 1 && !node.end) {
    const [unit, next] = node.children.entries().next().value!;
    out += escapeUnit(unit);
    node = next;
  }
  if (node.children.size === 0) return out;
  const branches = [...node.children].map(([unit, child]) => escapeUnit(unit) + triePattern(child));
  const body = branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
  // Greedy: the longer secret is tried first, the shorter one (ending here) when it fails.
  return out + (node.end ? `(?:${body})?` : body);
}

/** Letters and digits as they are, every other UTF-16 unit as `\uXXXX`: nothing in a secret is regex syntax. */
function escapeUnit(unit: string): string {
  return /[A-Za-z0-9_]/.test(unit) ? unit : `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Whether the file holds a secret; stops reading at the first one. Bytes are read as latin1, one char each. */
async function fileContains(path: string, matcher: Matcher, chunkBytes: number): Promise<boolean> {
  const probe = new RegExp(matcher.pattern.source);
  let carry = '';
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes })) {
    const text = carry + (chunk as Buffer).toString('latin1');
    if (probe.test(text)) return true;
    carry = text.slice(Math.max(0, text.length - (matcher.maxLength - 1)));
  }
  return false;
}

async function rewriteFile(from: string, to: string, matcher: Matcher, chunkBytes: number): Promise<number> {
  let carry = '';
  let count = 0;
  const scan = (text: string, final: boolean): Buffer => {
    const end = final ? text.length : Math.max(0, text.length - (matcher.maxLength - 1));
    const done = matcher.replace(text, end);
    carry = text.slice(done.stop);
    count += done.count;
    return Buffer.from(done.text, 'latin1');
  };
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, scan(carry + chunk.toString('latin1'), false));
    },
    flush(callback) {
      callback(null, scan(carry, true));
    },
  });
  await pipeline(createReadStream(from, { highWaterMark: chunkBytes }), transform, createWriteStream(to));
  return count;
}
