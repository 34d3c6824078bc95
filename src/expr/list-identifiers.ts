/**
 * Static references of an expression to its environment, for validating workflows before they run:
 * `steps['flip-coin'].outputs.result` yields ['steps', 'flip-coin', 'outputs', 'result']. A path stops
 * at the first dynamic link (`a[x].b` yields ['a'] plus the paths inside x); closure variables (`#`) and
 * function names are not environment references.
 */
import type { ExprAst } from './types.js';

/** Member paths an expression reads from its environment roots, distinct, in order of appearance. */
export function expressionIdentifiers(ast: ExprAst): string[][] {
  const found: string[][] = [];
  const seen = new Set<string>();
  const add = (path: string[]): void => {
    const key = JSON.stringify(path);
    if (!seen.has(key)) {
      seen.add(key);
      found.push(path);
    }
  };
  visit(ast, add);
  return found;
}

/** The static env path of a member chain, or null when its root is not an identifier. */
function staticPath(node: ExprAst, add: (p: string[]) => void): string[] | null {
  switch (node.kind) {
    case 'identifier':
      return [node.name];
    case 'member': {
      const base = staticPath(node.object, add);
      if (base === null) {
        if (node.computed && staticRoot(node) !== null) visit(node.property, add);
        return null;
      }
      const prop = node.property;
      if (prop.kind === 'literal' && typeof prop.value === 'string') return [...base, prop.value];
      // A dynamic key ends the static path; what the key itself reads still counts.
      add(base);
      visit(prop, add);
      return null;
    }
    default:
      return null;
  }
}

function visit(node: ExprAst, add: (p: string[]) => void): void {
  switch (node.kind) {
    case 'identifier':
      add([node.name]);
      return;
    case 'member': {
      const path = staticPath(node, add);
      if (path !== null) add(path);
      else if (staticRoot(node) === null) {
        visit(node.object, add);
        if (node.computed) visit(node.property, add);
      }
      return;
    }
    default:
      for (const child of children(node)) visit(child, add);
  }
}

/** The root identifier of a member chain, or null when the chain starts elsewhere (call, `#`, literal). */
function staticRoot(node: ExprAst): string | null {
  if (node.kind === 'identifier') return node.name;
  return node.kind === 'member' ? staticRoot(node.object) : null;
}

function children(node: ExprAst): ExprAst[] {
  switch (node.kind) {
    case 'array': return node.items;
    case 'map': return node.entries.map((e) => e.value);
    case 'slice': return [node.object, ...(node.from ? [node.from] : []), ...(node.to ? [node.to] : [])];
    case 'call': return node.args;
    case 'method': return [node.object, ...node.args];
    case 'closure': return [node.body];
    case 'unary': return [node.operand];
    case 'binary': return [node.left, node.right];
    case 'conditional': return [node.test, node.consequent, node.alternate];
    default: return [];
  }
}
