/**
 * The plan object as readable YAML: the `yaml` package's Document API places each comment (`# line N`, where
 * an item came from, and notes such as "placeholder command") above the item it is about, which a plain
 * `stringify` cannot do.
 */
import { Document, isMap, isPair, isScalar } from 'yaml';

/** Renders the plan with comments keyed by dotted paths ("phases.0.actions.1", "agents.qa"). */
export function renderYaml(plan: Record<string, unknown>, comments: ReadonlyMap<string, string>, header: string): string {
  const doc = new Document(plan);
  doc.commentBefore = header;
  for (const [path, comment] of comments) {
    const keys = path.split('.').map((key) => (/^\d+$/u.test(key) ? Number(key) : key));
    const node = doc.getIn(keys, true);
    if (isMap(node)) {
      node.commentBefore = ` ${comment}`;
    } else if (keys.length > 0 && typeof keys.at(-1) === 'string') {
      const parent = doc.getIn(keys.slice(0, -1), true);
      const pair = isMap(parent) ? parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === keys.at(-1)) : undefined;
      if (pair !== undefined && isScalar(pair.key)) pair.key.commentBefore = ` ${comment}`;
    }
  }
  return doc.toString({ lineWidth: 0 });
}
