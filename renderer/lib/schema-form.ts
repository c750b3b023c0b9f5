// A tool's input schema as a form: one field per simple top-level property (string, number, integer, boolean, string enum); anything else — nested objects, arrays, $ref, combinators, a very wide schema — is typed as JSON. Never follows $ref or recurses, so a huge or cyclic schema costs nothing.
export interface SchemaField {
  name: string;
  type: 'string' | 'number' | 'integer' | 'boolean';
  required: boolean;
  title: string | null;
  description: string | null;
  enum: string[] | null;
}

export type SchemaForm = { kind: 'fields'; fields: SchemaField[] } | { kind: 'json' };

/** Past this many properties a form is no help: JSON it is. */
const MAX_FIELDS = 40;
const SIMPLE = new Set(['string', 'number', 'integer', 'boolean']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function fieldsOf(schema: Record<string, unknown>): SchemaForm {
  const props = schema.properties;
  if (props === undefined) return { kind: 'fields', fields: [] };
  if (!isRecord(props) || Object.keys(props).length > MAX_FIELDS) return { kind: 'json' };
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  const fields: SchemaField[] = [];
  for (const [name, p] of Object.entries(props)) {
    const field = isRecord(p) ? simpleField(name, p, required.has(name)) : undefined;
    if (!field) return { kind: 'json' };
    fields.push(field);
  }
  return { kind: 'fields', fields };
}

function simpleField(name: string, p: Record<string, unknown>, required: boolean): SchemaField | undefined {
  const strings = Array.isArray(p.enum) && p.enum.every((e) => typeof e === 'string') ? (p.enum as string[]) : null;
  const type = typeof p.type === 'string' ? p.type : strings ? 'string' : undefined;
  if (!type || !SIMPLE.has(type) || (Array.isArray(p.enum) && !strings)) return undefined;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return { name, type: type as SchemaField['type'], required, title: text(p.title), description: text(p.description), enum: strings };
}

/** The arguments from the form's values (empty fields left out) or from the JSON text; an Error says what is wrong. */
export function argsFrom(form: SchemaForm, values: Record<string, string | boolean>, json: string): Record<string, unknown> {
  if (form.kind === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw new Error('The arguments are not valid JSON');
    }
    if (!isRecord(parsed)) throw new Error('The arguments must be a JSON object');
    return parsed;
  }
  const args: Record<string, unknown> = {};
  for (const f of form.fields) {
    const v = values[f.name];
    if (v === undefined || v === '') continue;
    args[f.name] = f.type === 'boolean' ? v === true : f.type === 'string' ? String(v) : toNumber(f, String(v));
  }
  return args;
}

function toNumber(f: SchemaField, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || (f.type === 'integer' && !Number.isInteger(n))) throw new Error(`${f.title ?? f.name} must be ${f.type === 'integer' ? 'a whole number' : 'a number'}`);
  return n;
}
