// Answers a server's request for input (MCP elicitation, form mode; in 2026-07-28 carried by an `input_required` result, SEP-2322): through the host's answerer, or a typed error when no one can answer.
import { DeskError } from '../errors.ts';

/** What the server asks: a message and a flat JSON Schema object of primitive fields (MCP elicitation form mode). */
export interface InputQuestion {
  message: string;
  /** `properties` of the requested schema, by field name. */
  fields: Record<string, InputField>;
  required: string[];
}

export interface InputField {
  type?: string;
  title?: string;
  description?: string;
  enum?: unknown[];
  default?: unknown;
}

export type InputAnswer = { action: 'accept'; content: Record<string, string | number | boolean | string[]> } | { action: 'decline' | 'cancel' };

/** A host's way to ask the person (a terminal prompt, answers given on the command line, a dialog). */
export type InputAnswerer = (q: InputQuestion) => Promise<InputAnswer>;

/** The elicitation handler's body: the question read from `params`, answered by `answerer`, else InputRequired. */
export async function answerInput(answerer: InputAnswerer | undefined, params: unknown): Promise<InputAnswer> {
  const q = toQuestion(params);
  if (!answerer) {
    throw new DeskError('InputRequired', `The server asks for input to go on ("${q.message.slice(0, 200)}"), and no one can answer here`, {
      hint: 'Run the command on a terminal to answer, or give the answers with --input \'{"field": value}\'.',
    });
  }
  return answerer(q);
}

/** Reads an elicitation request's params (form mode); URL mode and anything else is refused with a typed error. */
export function toQuestion(params: unknown): InputQuestion {
  const p = (params ?? {}) as { mode?: unknown; message?: unknown; requestedSchema?: { properties?: unknown; required?: unknown } };
  if (p.mode !== undefined && p.mode !== 'form') throw new DeskError('InputRequired', `The server asks for input in "${String(p.mode).slice(0, 20)}" mode, which MCP Desk cannot answer`);
  const props = p.requestedSchema?.properties;
  const fields = props !== null && typeof props === 'object' && !Array.isArray(props) ? (props as Record<string, InputField>) : {};
  const required = Array.isArray(p.requestedSchema?.required) ? p.requestedSchema.required.filter((r): r is string => typeof r === 'string') : [];
  return { message: typeof p.message === 'string' ? p.message : '', fields, required };
}
