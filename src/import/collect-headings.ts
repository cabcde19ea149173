/**
 * What a heading inside a phase says about the work under it: its name without numbering, emoji and a "Day
 * 5-6:" label, and its owners — in parentheses at its end, leading it ("QA Engineer: …"), or in an
 * `**Owner:**` field right under it.
 */
import type { Collector } from './collect-context.js';
import { fieldKind } from './field-words.js';
import { ownerOf, stripLead } from './heading.js';
import type { Section } from './outline.js';
import { splitOwners } from './parenthetical.js';

/** "### 1.1 Collector" followed by "**Owner:** Platform Engineer": a workstream whose owner is a field. */
export function ownerField(c: Collector, section: Section): { owners: string[]; name: string } | undefined {
  const first = section.blocks[0];
  if (first?.kind !== 'paragraph') return undefined;
  const field = first.fields.find((f) => fieldKind(f.name) === 'owner' && f.value !== '');
  if (field === undefined) return undefined;
  return { owners: c.ownersIn(field.value) ?? [field.value], name: groupName(section.title) };
}

const DAY_LABEL = /^(?:days?|weeks?|tage?|wochen?|jours?|semaines?|d[ií]as?|semanas?)\s+\d+(?:\s*(?:-|–|—|&|\+|,|to|bis)\s*\d+)*\s*(?:[:.|–—-]\s*)?/iu;

/** A group's or workstream's name: its title without numbering, emoji and a leading "Day 5-6:" label. */
export function groupName(title: string): string {
  const rest = stripLead(title).rest;
  const name = rest.replace(DAY_LABEL, '').trim();
  return name === '' ? rest : name;
}

/** Owners of a heading: "(Build Engineer)" at its end, or a leading "Agent Alpha - Track A: …" / "QA Engineer: …". */
export function ownerHeading(c: Collector, title: string): { owners: string[]; name: string } | undefined {
  const owner = ownerOf(title, c.knownRoles);
  if (owner !== undefined) return { owners: [...owner.owners], name: owner.name };
  const rest = stripLead(title).rest;
  const lead = /^(?<who>[^:–—-]{2,40}?)\s*(?:\s[-–—]\s|:\s)(?<name>.+)$/u.exec(rest)?.groups;
  if (lead?.who === undefined || lead.name === undefined) return undefined;
  const owners = splitOwners(lead.who.trim(), c.knownRoles);
  return owners === undefined ? undefined : { owners, name: lead.name.trim() };
}
