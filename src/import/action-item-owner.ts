/**
 * Who an action item names: people by @handle at its start ("@alice (backend): …", "@a + @b: …") or after its
 * title as a tracking issue writes them ("… (@priya) `M`", "… — @dana (backend)"), else roles at its start
 * ("SRE: …", "backend on-call: …"). A handle may carry its role in parentheses, when the words there read as one
 * (not "maybe", "on-call" or a duration). "@Alice" and "@alice" are one person.
 *
 * Pure reading: the only thing asked of the document is which roles a name means (`ownersIn`), so "SRE:" is read
 * as the document spells its roles.
 */
import type { Collector } from './collect-context.js';
import { parseDurationText } from './duration-text.js';
import { fieldKind } from './field-words.js';
import { splitOwners } from './parenthetical.js';

/** A person named by handle, with the role written beside it. */
export interface Person {
  readonly handle: string;
  readonly role?: string;
}

/** Who an item names at its start (or, by handle, after its title): people by handle, or roles. */
export type Owner = { readonly people: readonly Person[] } | { readonly roles: readonly string[] };

const HANDLE = /^@(?<handle>[\p{L}\d_](?:[\p{L}\d_.-]*[\p{L}\d_])?)(?:\s*\((?<role>[^()]{1,40})\))?/u;
const NAME = String.raw`@[\p{L}\d_](?:[\p{L}\d_.-]*[\p{L}\d_])?`;
const NAMES_JOIN = String.raw`\s*(?:[,&+/]|\band\b)\s*`;
/** What may follow an owner written after the title: the end, a size, a dash or a comma before a tail. */
const OWNER_END = String.raw`(?=\s*(?:$|[—–,;:\[\x60]|-\s))`;
/** "(@priya)", "(@a, @b)" after the title. */
const OWNER_PAREN = new RegExp(String.raw`\s*\(\s*(?<names>${NAME}(?:${NAMES_JOIN}${NAME})*)\s*\)${OWNER_END}`, 'u');
/** "— @priya", "- @dana (backend)" after the title. */
const OWNER_DASH = new RegExp(String.raw`\s+[—–-]\s+(?<names>${NAME}(?:\s*\([^()]{1,40}\))?(?:${NAMES_JOIN}${NAME}(?:\s*\([^()]{1,40}\))?)*)${OWNER_END}`, 'u');
const JOIN = /^\s*(?:[,&+/]|and)\s*(?=@)/u;
const NOT_ROLES = /^(?:maybe|optional|tbd|tba|wip|pls|please|ideally|probably|fyi|cc|if time|on[- ]?call|\?+|me|you|lead)$/iu;
const ROLE_HEAD = /^(?<name>[\p{L}][\p{L}\d &+/'-]{0,40}?)(?:\s+\(?on[- ]?call\)?)?\s*:\s+(?<rest>\S.*)$/u;

/**
 * Who an item names: people at its start ("@alice (backend): …") or after its title ("… (@priya) `M`", "… —
 * @dana"), else roles at its start ("SRE: …"); the text without them, and the owner as written.
 */
export function ownerOf(c: Pick<Collector, 'ownersIn'>, text: string, knownRoles: readonly string[]): { owner: Owner; written: string; rest: string } | undefined {
  const head = handleHead(text);
  const after = head === undefined ? ownerAfterTitle(text) : undefined;
  if (after !== undefined) return { owner: { people: after.people }, written: after.written, rest: after.rest };
  // Handles before roles: "Docs: write the page (@kofi)" is kofi's.
  const found = head ?? roleHead(c, text, knownRoles);
  if (found === undefined) return undefined;
  return { owner: found, written: text.slice(0, text.length - found.rest.length).replace(/[\s:—–-]+$/u, ''), rest: found.rest };
}

/** "(@priya)" or "— @dana (backend)" after an item's title: the people, as written, and the text without them. */
export function ownerAfterTitle(text: string): { people: Person[]; written: string; rest: string } | undefined {
  for (const pattern of [OWNER_PAREN, OWNER_DASH]) {
    const match = pattern.exec(text);
    const names = match?.groups?.names;
    if (match === null || names === undefined || match.index === 0) continue;
    const { people, rest } = peopleAt(names);
    if (people.length === 0 || rest.trim() !== '') continue;
    return { people, written: names.trim(), rest: text.slice(0, match.index) + text.slice(match.index + match[0].length) };
  }
  return undefined;
}

/** "@alice (backend):", "@bob", "@a + @b:": the people an item starts with, and the text after them. */
export function handleHead(text: string): { people: Person[]; rest: string } | undefined {
  const { people, rest } = peopleAt(text);
  // The handle ends at a colon, a dash or a space: "@alice's notes" names nobody.
  const separator = /^\s*[:—–-]\s*|^\s+/u.exec(rest);
  if (people.length === 0 || separator === null || rest.length === separator[0].length) return undefined;
  return { people, rest: rest.slice(separator[0].length) };
}

/** "@a (backend) + @b": the handles a text starts with, each with the role written beside it, and what follows. */
function peopleAt(text: string): { people: Person[]; rest: string } {
  const people: Person[] = [];
  let rest = text;
  for (;;) {
    const match = HANDLE.exec(rest);
    const handle = match?.groups?.handle;
    if (match === null || handle === undefined) break;
    const role = match.groups?.role;
    const roled = role !== undefined && isRoleText(role);
    people.push({ handle, ...(roled ? { role: role.trim() } : {}) });
    rest = rest.slice(roled ? match[0].length : handle.length + 1);
    const join = JOIN.exec(rest);
    if (join === null) break;
    rest = rest.slice(join[0].length);
  }
  return { people, rest };
}

/** "SRE:", "backend on-call:": a role the document knows, or one that reads as a role. */
function roleHead(c: Pick<Collector, 'ownersIn'>, text: string, knownRoles: readonly string[]): { roles: string[]; rest: string } | undefined {
  const groups = ROLE_HEAD.exec(text)?.groups;
  const name = groups?.name?.trim();
  if (name === undefined || groups?.rest === undefined || fieldKind(name) !== 'other') return undefined;
  const roles = c.ownersIn(name) ?? splitOwners(name, knownRoles);
  return roles === undefined ? undefined : { roles, rest: groups.rest };
}

/** The text in "@alice (backend)" is a role: a few words, not a duration or a note ("maybe", "on-call"). */
export function isRoleText(text: string): boolean {
  const inner = text.trim();
  return /^[\p{L}][\p{L}\d &+/.-]{0,38}$/u.test(inner) && inner.split(/\s+/u).length <= 4 && !NOT_ROLES.test(inner) && parseDurationText(inner) === undefined;
}

/** How a handle is looked up: "@Alice" and "@alice" are one person. */
export function handleKey(handle: string): string {
  return handle.toLowerCase();
}
