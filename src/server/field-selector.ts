import { ServerError } from './errors.js';

/** What a field selector may say about a workflow: Argo's clients only ever select by name. */
export interface FieldSelector {
  name?: { op: 'eq' | 'ne'; value: string };
}

/** Parses `metadata.name=X` (also `==`, `!=`, and `metadata.namespace=` matching the path's namespace). */
export function parseFieldSelector(text: string | undefined, namespace: string, field = 'listOptions.fieldSelector'): FieldSelector {
  const out: FieldSelector = {};
  if (!text) return out;
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(metadata\.name|metadata\.namespace)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw new ServerError('ERR_SERVER_BAD_REQUEST', `${field}: cannot use '${part}': only metadata.name and metadata.namespace can be selected (=, ==, !=)`);
    const op = m[2] === '!=' ? 'ne' : 'eq';
    const value = (m[3] ?? '').trim();
    if (m[1] === 'metadata.namespace') {
      if ((op === 'eq') !== (value === namespace)) throw new ServerError('ERR_SERVER_BAD_REQUEST', `${field}: '${part}' contradicts the namespace '${namespace}' of the request path`);
      continue;
    }
    out.name = { op, value };
  }
  return out;
}

/** Whether a workflow name passes the selector. */
export function matchesFields(name: string, selector: FieldSelector): boolean {
  if (!selector.name) return true;
  return selector.name.op === 'eq' ? name === selector.name.value : name !== selector.name.value;
}
