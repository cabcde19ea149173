/**
 * Why a goal fact cannot be made true, in words a plan author can act on: nothing provides it, its providers
 * were excluded after failing, or its providers need something that is itself out of reach (and what, at the
 * root of that chain).
 */
import type { Domain } from './domain.js';

/** What the explanation needs from the search setup. */
export interface ReachContext {
  readonly domain: Domain;
  /** h_add per fact; `Infinity` marks the unreachable ones. */
  readonly factCost: Float64Array;
  /** 1 for each excluded node. */
  readonly excluded: Uint8Array;
}

const MAX_LISTED = 5;

/** One sentence fragment, read after the quoted fact: `"deploy" its providers (ship) need "x", which cannot be reached`. */
export function explainUnreachable(context: ReachContext, fact: string): string {
  const id = context.domain.facts.id(fact);
  const own = reasonFor(context, fact, id);
  if (own.blockedBy === undefined) return own.text;
  return `${own.text} (${rootCause(context, own.blockedBy, [id!])})`;
}

interface Reason {
  readonly text: string;
  /** The first unreachable requirement of a usable provider, when that is why the fact is out of reach. */
  readonly blockedBy?: number;
}

function reasonFor(context: ReachContext, fact: string, id: number | undefined): Reason {
  const { domain, excluded, factCost } = context;
  const providers = id === undefined ? [] : domain.providers[id]!;
  if (providers.length === 0) return { text: withoutProvider(context, fact) };
  const failed = providers.filter((p) => excluded[p] === 1).map((p) => domain.nodes[p]!.id);
  const usable = providers.filter((p) => excluded[p] === 0);
  if (usable.length === 0) return { text: `its providers are excluded (failed: ${list(failed)})` };
  const blocked = [...new Set(usable.flatMap((p) => domain.nodes[p]!.requires.filter((r) => factCost[r] === Infinity)))];
  const names = list(usable.map((p) => domain.nodes[p]!.id));
  if (blocked[0] === undefined) return { text: `its providers (${names}) cannot run` };
  const needs = blocked.slice(0, MAX_LISTED).map((r) => `"${domain.facts.name(r)}"`);
  const more = blocked.length > MAX_LISTED ? ', …' : '';
  const others = failed.length > 0 ? `; the others are excluded (failed: ${list(failed)})` : '';
  const text = `its providers (${names}) need ${needs.join(', ')}${more}, which cannot be reached${others}`;
  return { text, blockedBy: blocked[0] };
}

function withoutProvider(context: ReachContext, fact: string): string {
  const plan = context.domain.plan;
  if (Object.hasOwn(plan.facts, fact)) return 'nothing provides it and the plan\'s facts say it is false';
  if (Object.hasOwn(plan.sensors, fact)) return 'nothing provides it and its sensor did not report it true';
  return 'nothing provides it, it is not a known fact and no sensor measures it';
}

/** Follows first unreachable requirements down to a fact with no usable provider, or around a cycle. */
function rootCause(context: ReachContext, start: number, seen: number[]): string {
  const names = (ids: readonly number[]): string =>
    ids.map((i) => `"${context.domain.facts.name(i)}"`).join(' → ');
  const chain = [...seen];
  const position = new Map(chain.map((id, i) => [id, i]));
  let id = start;
  for (;;) {
    const at = position.get(id);
    if (at !== undefined) return `a cycle: ${names([...chain.slice(at), id])}`;
    position.set(id, chain.length);
    chain.push(id);
    const reason = reasonFor(context, context.domain.facts.name(id), id);
    if (reason.blockedBy === undefined) return `${names(chain.slice(seen.length))}: ${reason.text}`;
    id = reason.blockedBy;
  }
}

function list(ids: readonly string[]): string {
  return ids.length > MAX_LISTED ? `${ids.slice(0, MAX_LISTED).join(', ')}, …` : ids.join(', ');
}
