/**
 * A small structural check of JSON values against the OpenAPI document's schemas: follows
 * $ref, checks types, required properties, enums and array items. Enough to catch an
 * answer that drifts from the document; not a full JSON Schema validator.
 */
type Schema = { readonly [key: string]: unknown };

export function structuralErrors(document: Schema, schema: Schema, value: unknown, at = '$'): string[] {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = ref.replace(/^#\//, '').split('/').reduce<unknown>((node, part) => (node as Schema | undefined)?.[part], document);
    if (!target) return [`${at}: unresolved ${ref}`];
    return structuralErrors(document, target as Schema, value, at);
  }
  const errors: string[] = [];
  const type = schema.type;
  if (type === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected an object`];
    const record = value as Record<string, unknown>;
    for (const name of (schema.required as string[] | undefined) ?? []) if (record[name] === undefined) errors.push(`${at}.${name}: required`);
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [name, child] of Object.entries(properties)) {
      if (record[name] !== undefined) errors.push(...structuralErrors(document, child, record[name], `${at}.${name}`));
    }
    if (schema.properties) for (const name of Object.keys(record)) if (!(name in properties)) errors.push(`${at}.${name}: not documented`);
  } else if (type === 'array') {
    if (!Array.isArray(value)) return [`${at}: expected an array`];
    value.forEach((item, index) => errors.push(...structuralErrors(document, schema.items as Schema, item, `${at}[${index}]`)));
  } else if (type === 'string') {
    if (typeof value !== 'string') return [`${at}: expected a string`];
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) errors.push(`${at}: does not match ${schema.pattern}`);
  } else if (type === 'integer') {
    if (!Number.isInteger(value)) return [`${at}: expected an integer`];
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') return [`${at}: expected a boolean`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${at}: not one of ${schema.enum.join(', ')}`);
  return errors;
}
