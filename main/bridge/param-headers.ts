// SEP-2243 (MCP 2026-07-28 Streamable HTTP, "x-mcp-header"): which tool parameters are mirrored as `Mcp-Param-*` headers, whether a tool's annotations are valid, and the header values (plain, or the `=?base64?…?=` form). The SDK keeps its own copy internal, so this follows the spec's rules.

/** One `x-mcp-header` declaration: where the argument is, and the header name suffix. */
export interface HeaderDeclaration {
  path: string[];
  header: string;
}

export type HeaderScan = { valid: true; declarations: HeaderDeclaration[] } | { valid: false; reason: string };

const KEY = 'x-mcp-header';
const PREFIX = 'Mcp-Param-';
/** RFC 9110 §5.6.2 token: the header name suffix must be one. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Types an annotated property may have (`number` is not among them). */
const PRIMITIVE = new Set(['string', 'integer', 'boolean']);
/** Keywords whose subschemas are not "statically reachable via properties": an annotation below them makes the tool invalid. */
const UNREACHABLE = ['items', 'prefixItems', 'contains', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'propertyNames', 'patternProperties', 'dependentSchemas', 'oneOf', 'anyOf', 'allOf', 'not', 'if', 'then', 'else', '$defs', 'definitions'];
/** Of those, the ones holding a name → subschema map. */
const MAPS = new Set(['patternProperties', 'dependentSchemas', '$defs', 'definitions']);
const BASE64_OPEN = '=?base64?';
const BASE64_CLOSE = '?=';

/** Reads a tool's `inputSchema`: its declarations, or why the tool must be refused (the first rule broken). */
export function scanHeaders(inputSchema: unknown): HeaderScan {
  const declarations: HeaderDeclaration[] = [];
  const seen = new Map<string, string>();
  const visit = (node: unknown, path: string[], reachable: boolean): string | undefined => {
    if (node === null || typeof node !== 'object') return undefined;
    const schema = node as Record<string, unknown>;
    if (KEY in schema) {
      const fault = declaration(schema, path, reachable, seen);
      if (typeof fault === 'string') return fault;
      declarations.push(fault);
    }
    const props = schema.properties;
    if (props !== null && typeof props === 'object') {
      for (const [name, child] of Object.entries(props)) {
        const fault = visit(child, [...path, name], reachable);
        if (fault) return fault;
      }
    }
    for (const k of UNREACHABLE) {
      for (const branch of branches(schema[k], MAPS.has(k))) {
        const fault = visit(branch, [...path, `<${k}>`], false);
        if (fault) return fault;
      }
    }
    return undefined;
  };
  const fault = visit(inputSchema, [], true);
  return fault ? { valid: false, reason: fault } : { valid: true, declarations };
}

/** One annotated property: a declaration, or the rule it breaks. */
function declaration(schema: Record<string, unknown>, path: string[], reachable: boolean, seen: Map<string, string>): HeaderDeclaration | string {
  const at = path.length ? path.join('.') : '<root>';
  if (!reachable || path.length === 0) return `${at}: ${KEY} is only allowed on properties reached through 'properties'`;
  const name = schema[KEY];
  if (typeof name !== 'string' || !TOKEN.test(name)) return `${at}: ${KEY} must be a non-empty RFC 9110 token`;
  const type = schema.type;
  if (typeof type !== 'string' || !PRIMITIVE.has(type)) return `${at}: ${KEY} is only allowed on string, integer or boolean properties (got ${typeof type === 'string' ? type : 'none'})`;
  const earlier = seen.get(name.toLowerCase());
  if (earlier !== undefined) return `${KEY} '${name}' is declared twice (also as '${earlier}'; names are case-insensitive)`;
  seen.set(name.toLowerCase(), name);
  return { path, header: name };
}

function branches(sub: unknown, isMap: boolean): unknown[] {
  if (sub === undefined) return [];
  if (Array.isArray(sub)) return sub;
  return isMap && sub !== null && typeof sub === 'object' ? Object.values(sub) : [sub];
}

/** The `Mcp-Param-*` headers of one tools/call; an absent, null or non-primitive argument sends no header. */
export function paramHeaders(declarations: HeaderDeclaration[], args: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of declarations) {
    const text = primitiveText(valueAt(args, d.path));
    if (text !== undefined) out[`${PREFIX}${d.header}`] = encodeHeaderValue(text);
  }
  return out;
}

function valueAt(root: unknown, path: string[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Strings as they are, booleans as true/false, numbers in decimal (not NaN/Infinity, no unsafe integers). */
function primitiveText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' && Number.isFinite(v) && (!Number.isInteger(v) || Number.isSafeInteger(v))) return String(v);
  return undefined;
}

/** A value as an HTTP field value (RFC 9110 §5.5): visible ASCII as is; empty, non-ASCII, control characters, outer whitespace or a value that looks encoded → `=?base64?<UTF-8 as Base64>?=`. */
export function encodeHeaderValue(value: string): string {
  return needsBase64(value) ? `${BASE64_OPEN}${Buffer.from(value, 'utf8').toString('base64')}${BASE64_CLOSE}` : value;
}

function needsBase64(s: string): boolean {
  if (s.length === 0 || s !== s.trim()) return true;
  if (s.startsWith(BASE64_OPEN) && s.endsWith(BASE64_CLOSE)) return true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 9 && (c < 0x20 || c > 0x7e)) return true;
  }
  return false;
}
