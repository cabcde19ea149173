/**
 * Plain `Name: value` lines (no bold) as fields. Plain lines are ordinary prose and checklist steps far more
 * often than bold ones ("- [ ] Verify: the endpoint answers under load", "- [ ] Backup: snapshot the
 * database"), so a plain line is a field only when its name is one of a few unmistakable ones *and* its value
 * reads as that field's value: a duration for an estimate, a command in backticks for a check, a role for an
 * owner, a reference for a dependency. Anything else stays a step.
 */
import { parseDependencyText } from './dependency-text.js';
import { findDurationText, parseDurationText } from './duration-text.js';
import { fieldKind, isEveryone, priorityOf, riskOf } from './field-words.js';
import type { FieldKind } from './field-words.js';
import { saysLoop } from './loop-text.js';
import { findModeWords } from './mode-words.js';
import { splitOwners } from './parenthetical.js';

/** Names that may start a plain field line, by what they are. */
const PLAIN_NAMES =
  /^(?:estimated?(?: time| effort)?|est\.?|duration|timeline|time-?box|dependencies|depends on|blocked by|prerequisites?|priority|prio|risk(?: level)?|owner|assignee|support|reviewers?|reviewed by|mode|execution(?: mode)?|verify|verification|check|test command|rollback(?: point| plan)?|if (?:this|it) fails|plan b|dauer|aufwand|abhängig von|abhängigkeiten|priorität|risiko|verantwortlich|prüfen|durée|dépend de|priorité|risque|responsable|vérifier|duración|depende de|prioridad|riesgo|comprobar)$/iu;

/** Whether a plain `name: value` line is a field (see the module comment). */
export function isPlainField(name: string, value: string): boolean {
  if (!PLAIN_NAMES.test(name.trim())) return false;
  return valueFits(fieldKind(name), value.trim());
}

function valueFits(kind: FieldKind, value: string): boolean {
  switch (kind) {
    case 'duration':
    case 'timebox':
      return parseDurationText(value) !== undefined || findDurationText(value) !== undefined || /\b(?:pts?|points?|sp)\b/iu.test(value);
    case 'priority':
      return priorityOf(value) !== undefined;
    case 'risk':
      return riskOf(value) !== undefined;
    case 'owner':
    case 'support':
      // "Owner: Priya" names a person as plainly as "Owner: QA Engineer" names a role.
      return isEveryone(value) || splitOwners(value) !== undefined || /^[\p{Lu}][\p{L}'-]+(?:\s+[\p{Lu}][\p{L}'-]+){0,2}$/u.test(value);
    case 'verify':
      return /`[^`]+`/u.test(value);
    case 'dependencies':
      return parseDependencyText(value).length > 0;
    case 'mode':
      return findModeWords(value).length > 0 || saysLoop(value);
    case 'rollback':
      return value !== '';
    default:
      return false;
  }
}
