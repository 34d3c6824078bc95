import type { Path } from './diagnostic.js';
import { SCHEMAS } from './schema-argo.js';
import type { FieldType } from './schema-types.js';

export interface SchemaVisitor {
  unknownField(path: Path, key: string, known: readonly string[]): void;
  invalidType(path: Path, expected: string, actual: string): void;
}

/** What a YAML value is, in words for messages: "a string", "a list", ... */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const SIMPLE: Record<string, [string, (v: unknown) => boolean]> = {
  'string': ['a string', (v) => typeof v === 'string'],
  'bool': ['a boolean', (v) => typeof v === 'boolean'],
  'int': ['an integer', (v) => typeof v === 'number' && Number.isInteger(v)],
  'int-or-string': ['an integer or a string', (v) => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))],
  'scalar': ['a string, number or boolean', (v) => ['string', 'number', 'boolean'].includes(typeof v)],
  'opaque': ['a mapping', isMapping],
  'opaque-list': ['a list', Array.isArray],
  'any': ['anything', () => true],
};

/**
 * Walks a value along its schema type and reports unknown fields and wrong types. Null is accepted
 * everywhere: Go's JSON decoding treats `field:` with no value as absent.
 */
export function walkSchema(value: unknown, type: FieldType, path: Path, visitor: SchemaVisitor): void {
  if (value === null || value === undefined) return;
  if (typeof type === 'string') {
    walkSimple(value, type, path, visitor);
    return;
  }
  if ('object' in type) {
    if (!isMapping(value)) return visitor.invalidType(path, 'a mapping', describeValue(value));
    const schema = SCHEMAS[type.object];
    for (const [key, child] of Object.entries(value)) {
      const childType = schema[key];
      if (childType === undefined) visitor.unknownField([...path, key], key, Object.keys(schema));
      else walkSchema(child, childType, [...path, key], visitor);
    }
    return;
  }
  if ('mapOf' in type) {
    if (!isMapping(value)) return visitor.invalidType(path, 'a mapping', describeValue(value));
    for (const [key, child] of Object.entries(value)) walkSchema(child, { object: type.mapOf }, [...path, key], visitor);
    return;
  }
  if (!Array.isArray(value)) return visitor.invalidType(path, 'a list', describeValue(value));
  value.forEach((item, i) => {
    if ('list' in type) walkSchema(item, { object: type.list }, [...path, i], visitor);
    else if (!Array.isArray(item)) visitor.invalidType([...path, i], 'a list of steps (a parallel group)', describeValue(item));
    else item.forEach((step, j) => walkSchema(step, { object: type.listOfLists }, [...path, i, j], visitor));
  });
}

function walkSimple(value: unknown, type: string, path: Path, visitor: SchemaVisitor): void {
  if (type === 'string-list') {
    if (!Array.isArray(value)) return visitor.invalidType(path, 'a list of strings', describeValue(value));
    value.forEach((item, i) => {
      if (typeof item !== 'string') visitor.invalidType([...path, i], 'a string', describeValue(item));
    });
    return;
  }
  if (type === 'string-map') {
    if (!isMapping(value)) return visitor.invalidType(path, 'a mapping of strings', describeValue(value));
    for (const [key, item] of Object.entries(value)) {
      if (typeof item !== 'string') visitor.invalidType([...path, key], 'a string', describeValue(item));
    }
    return;
  }
  const simple = SIMPLE[type];
  if (simple && !simple[1](value)) visitor.invalidType(path, simple[0], describeValue(value));
}
