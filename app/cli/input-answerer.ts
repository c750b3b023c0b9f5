// How `mcpdesk call` answers a server's input request (MCP elicitation, form mode): answers given with --input, else questions on the terminal, else none (a typed InputRequired error).
import { createInterface } from 'node:readline/promises';
import type { InputAnswer, InputAnswerer, InputField, InputQuestion } from '../../main/servers/input.ts';
import { UsageError } from './args.ts';
import { err, type CliIo } from './io.ts';

type Value = string | number | boolean | string[];

/** `--input JSON` (scripts) wins; a terminal on stdin and stderr gets questions; otherwise undefined (the engine then fails clearly). */
export function cliAnswerer(io: CliIo, inputFlag: string | undefined): InputAnswerer | undefined {
  if (inputFlag !== undefined) return fromJson(parseInput(inputFlag));
  const tty = (io.stdin as { isTTY?: boolean }).isTTY && (io.stderr as { isTTY?: boolean }).isTTY;
  return tty ? (q) => askOnTerminal(io, q) : undefined;
}

function parseInput(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new UsageError('--input must be a JSON object of answers, e.g. \'{"ok": true}\'');
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new UsageError('--input must be a JSON object of answers');
  return v as Record<string, unknown>;
}

/** Answers from --input: the fields asked for, taken from the object, else the field's default (SEP-1034); declined when a required one is still missing. */
function fromJson(answers: Record<string, unknown>): InputAnswerer {
  return async (q) => {
    const content: Record<string, Value> = {};
    for (const [name, field] of Object.entries(q.fields)) {
      const v = answers[name] ?? field.default;
      if (isValue(v)) content[name] = v;
    }
    return q.required.every((r) => r in content) ? { action: 'accept', content } : { action: 'decline' };
  };
}

function isValue(v: unknown): v is Value {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
}

/** One question per field on stderr, answers read from stdin; an empty answer to an optional field skips it. */
async function askOnTerminal(io: CliIo, q: InputQuestion): Promise<InputAnswer> {
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  try {
    err(io, `The server asks: ${q.message}`);
    const content: Record<string, Value> = {};
    for (const [name, field] of Object.entries(q.fields)) {
      const v = await askField(rl, name, field, q.required.includes(name));
      if (v === 'cancel') return { action: 'cancel' };
      if (v !== undefined) content[name] = v;
    }
    return { action: 'accept', content };
  } finally {
    rl.close();
  }
}

async function askField(rl: ReturnType<typeof createInterface>, name: string, f: InputField, required: boolean): Promise<Value | undefined | 'cancel'> {
  const label = `${f.title ?? name}${f.description ? ` (${f.description})` : ''}${f.enum ? ` [${f.enum.join('/')}]` : f.type === 'boolean' ? ' [y/n]' : ''}${isValue(f.default) ? ` (default ${String(f.default)})` : required ? '' : ' (optional)'}: `;
  for (;;) {
    const text = (await rl.question(label)).trim();
    if (text === '' && isValue(f.default)) return f.default;
    if (text === '' && !required) return undefined;
    const v = convert(text, f);
    if (v !== undefined) return v;
    if (text === '') return 'cancel';
  }
}

/** The typed value of an answer, or undefined when it does not fit the field. */
function convert(text: string, f: InputField): Value | undefined {
  if (f.type === 'boolean') return /^(y|yes|true)$/i.test(text) ? true : /^(n|no|false)$/i.test(text) ? false : undefined;
  if (f.type === 'number' || f.type === 'integer') {
    const n = Number(text);
    return text !== '' && Number.isFinite(n) && (f.type === 'number' || Number.isInteger(n)) ? n : undefined;
  }
  if (f.enum && !f.enum.includes(text)) return undefined;
  return text === '' ? undefined : text;
}
