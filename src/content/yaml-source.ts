import { LineCounter, parseDocument, isNode, type Document } from 'yaml';

/** YAML parsed with enough position data to say which line a field is on. */
export interface YamlSource {
  readonly value: unknown;
  /** 1-based line of the value at `path` (or the nearest ancestor that exists). */
  lineOf(path: readonly PropertyKey[]): number;
}

export type YamlResult = { ok: true; source: YamlSource } | { ok: false; line: number; message: string };

/** `firstLine` is the 1-based line in the file where `text` starts. */
export function parseYaml(text: string, firstLine = 1): YamlResult {
  const counter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const line = counter.linePos(err.pos[0]).line + firstLine - 1;
    return { ok: false, line, message: err.message.split('\n')[0] ?? 'invalid YAML' };
  }
  const lineOf = (path: readonly PropertyKey[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return counter.linePos(node.range[0]).line + firstLine - 1;
    }
    return firstLine;
  };
  let value: unknown;
  try {
    // The yaml library refuses alias "bombs" (exponential expansion) by throwing; that is a problem in the file.
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { ok: false, line: firstLine, message: (err as Error).message.split('\n')[0] ?? 'invalid YAML' };
  }
  return { ok: true, source: { value, lineOf } };
}
