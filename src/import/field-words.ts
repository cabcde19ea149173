/**
 * What the words of a field name or heading mean to the importer: `**Dependencies**:`, `**Priority:**`,
 * `**Timeline**:`, `**Risk Level**:`, "Success Criteria", "Go/No-Go". Documents vary the wording and the
 * language, so each kind is a small pattern over English, German, French and Spanish words.
 */

/** What a field line is about. */
export type FieldKind = 'dependencies' | 'priority' | 'duration' | 'risk' | 'metrics' | 'handoff' | 'goal' | 'owner' | 'support' | 'mode' | 'verify' | 'timebox' | 'rollback' | 'other';

const KINDS: readonly (readonly [FieldKind, RegExp])[] = [
  ['dependencies', /^(?:dependenc(?:y|ies)|depends on|dependent on|requires|prerequisites?|blocked by|waits for|after|needs|abhängigkeiten|abhängig von|hängt ab von|voraussetzungen?|dépendances?|dépend de|dependencias?|depende de)$/iu],
  ['priority', /^(?:priority|prio|priorität|priorité|prioridad)$/iu],
  ['duration', /^(?:timeline|duration|estimated?(?: time| effort| duration)?|estimate|est\.?|effort|dauer|aufwand|zeitrahmen|durée|duración)$/iu],
  ['risk', /^(?:risk(?: level)?|risiko|risque|riesgo)$/iu],
  ['metrics', /^(?:success (?:metrics|criteria)|acceptance criteria|kpis?|slos?|erfolgskriterien|critères de succès|criterios de éxito)$/iu],
  ['handoff', /^(?:hand-?off|übergabe)$/iu],
  ['goal', /^(?:goals?|objectives?|focus|primary focus|ziele?|objectifs?|objetivos?)$/iu],
  ['owner', /^(?:owner|owned by|assignee|assigned to|responsible|lead|driver|dri|verantwortlich|zuständig|responsable|propriétaire)$/iu],
  ['support', /^(?:support|supporting|reviewers?|reviewed by|pair|helpers?|backup|unterstützung|prüfer|soutien|apoyo|revisor)$/iu],
  ['mode', /^(?:mode|execution(?: mode)?|modus|ausführung|mode d'exécution|modo)$/iu],
  ['verify', /^(?:verify|verified by|verification|check(?:ed by)?|test command|validate|validation|done when|prüfen|prüfung|comprobar|comprobación|verificar|vérifier|vérification)$/iu],
  ['rollback', /^(?:rollback(?: point| plan)?|roll-?back|revert(?: plan)?|fallback|plan b|undo|if (?:this|it) fails|on failure|if not|falls (?:das|es) fehlschlägt|si (?:ça|cela) échoue|en cas d'échec|si falla|rückfall(?:ebene)?|rückweg|rückbau|reversión|plan de reversión|retour arrière)$/iu],
  ['timebox', /^(?:time-?box|timeboxed|hard stop|deadline|max(?:imum)? time|zeitbox|límite de tiempo)$/iu],
];

/** The kind of a field by its name. */
export function fieldKind(name: string): FieldKind {
  return KINDS.find(([, pattern]) => pattern.test(name.trim()))?.[0] ?? 'other';
}

const PRIORITY_WORDS: readonly (readonly [string, RegExp])[] = [
  ['critical', /\b(?:critical|blocker|urgent|p0|kritisch|critique|crítica?)\b/iu],
  ['high', /\b(?:high|p1|hoch|haute?|alta?|important)\b/iu],
  ['low', /\b(?:low|p3|p4|niedrig|basse?|baja?|minor|nice to have)\b/iu],
  ['medium', /\b(?:medium|normal|moderate|p2|mittel|moyenne?|media)\b/iu],
];

/** critical/high/medium/low from a priority phrase, or undefined when it names none. */
export function priorityOf(text: string): string | undefined {
  return PRIORITY_WORDS.find(([, pattern]) => pattern.test(text))?.[0];
}

/**
 * low/medium/high from a risk phrase. "Medium-High" is high and "Critical" high: when a document hedges, the
 * stricter reading is kept, since an under-rated risk is the costly mistake.
 */
export function riskOf(text: string): string | undefined {
  if (/\b(?:high|critical|severe|hoch|kritisch|élevé|alto|alta)\b/iu.test(text)) return 'high';
  if (/\b(?:medium|moderate|mittel|moyen|medio|media)\b/iu.test(text)) return 'medium';
  if (/\b(?:low|minor|niedrig|gering|faible|bajo|baja)\b/iu.test(text)) return 'low';
  return undefined;
}

/** A heading or field that states success metrics or criteria. */
export function isMetricsTitle(text: string): boolean {
  // Lookarounds on letters, not \b: JavaScript's \b is ASCII-only, so it never holds next to "é" or "è".
  return /(?<![\p{L}\p{N}])(?:success|slos?|kpis?|acceptance|erfolg\p{L}*|abnahmekriterien|akzeptanzkriterien|succès|éxito|(?:done|exit|completion) criteria|definition of done|criterios? de (?:aceptación|salida)|critères? d['’]acceptation|critères? de (?:réussite|sortie))(?![\p{L}\p{N}])/iu.test(text);
}

/** Alerts and escalations: thresholds that page someone when crossed, not targets a gate checks. */
export function isAlertTitle(text: string): boolean {
  return /\b(?:alerts?|alerting|alarms?|warnungen|alertes?|alertas?|escalat\w*|eskalation|incidents?|paging|on-?call|rollback triggers?)\b/iu.test(text);
}

/** Criteria are pass/fail statements; metrics without a target are only things to watch. */
export function isCriteriaTitle(text: string): boolean {
  // German compounds end in "-kriterien" ("Abnahmekriterien", "Erfolgskriterien"): no boundary before it.
  return /(?<![\p{L}\p{N}])(?:criteria|criterion|critères?|criterios?|acceptance|definition of done)(?![\p{L}\p{N}])|(?:kriterien|kriterium)(?![\p{L}\p{N}])/iu.test(text);
}

/** A go/no-go list: its items are what a person checks before the next phase may start. */
export function isGoNoGoTitle(text: string): boolean {
  return /\bgo\s*[/-]\s*no[\s-]*go\b/iu.test(text);
}

/** An item that asks for a person's approval rather than work: "Phase 1 gate review and approval". */
export function isApprovalText(text: string): boolean {
  return /\b(?:gate review|approval|approve|sign-?off|go\s*[/-]\s*no[\s-]*go|freigabe|abnahme)\b/iu.test(text);
}

/** "All Agents", "Everyone", "Team": the whole team rather than one role. */
export function isEveryone(name: string): boolean {
  return /^(?:all(?: agents| roles| team members)?|everyone|everybody|whole team|team|alle(?: agenten)?)$/iu.test(name.trim());
}

/** A field that lists the team rather than assigning work: "**Team:** 4 agents (Schema Designer, …)". */
export function isRosterName(name: string): boolean {
  return /^(?:team|roles?|agents?|staff(?:ing)?|people|members|team members|participants|besetzung|rollen|équipe|rôles|equipo|roles del equipo)$/iu.test(name.trim());
}

/** "Open questions", "Notes", "Risks" under a metrics heading hold no metrics. */
export function isAsideTitle(title: string): boolean {
  return /(?<![\p{L}])(?:open questions?|questions?|fragen|preguntas|faq|notes?|notizen|notas|risks?|risiken|riesgos|assumptions?|annahmen|out of scope)(?![\p{L}])/iu.test(title);
}

/**
 * A section whose lists and headings name work without asking for it: a rollback plan, a risk register, a
 * contact or escalation list, monitoring to watch, open questions. Its items are not work to do now, and its
 * headings do not add to the work they name.
 */
export function isNotWorkTitle(title: string): boolean {
  return (
    isAsideTitle(title) ||
    /(?<![\p{L}])(?:rollback|roll-?back|fallback|plan b|contingency|if .* fails|risk register|risques|contacts?|escalation|eskalation|on-?call|who to call|ansprechpartner|contactos|monitoring|observability|überwachung|surveillance|monitoreo)(?![\p{L}])/iu.test(title)
  );
}
