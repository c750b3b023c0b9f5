// A tool as the server described it, for `check --json` and the UI: every field kept as sent (JSON Schema 2020-12 schemas whole, `$ref` never dereferenced; SEP-2106).
import type { Tool } from '@modelcontextprotocol/client';

export interface ToolView {
  name: string;
  title: string | null;
  description: string | null;
  /** The input schema exactly as listed (any dialect keywords, `$defs`, `$ref`, `x-mcp-header` annotations). */
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown> | null;
  annotations: Record<string, unknown> | null;
}

/** The DTO of one listed tool. */
export function toolView(t: Tool): ToolView {
  return {
    name: t.name,
    title: t.title ?? null,
    description: t.description ?? null,
    inputSchema: { ...t.inputSchema },
    outputSchema: t.outputSchema ? { ...t.outputSchema } : null,
    annotations: t.annotations ? { ...t.annotations } : null,
  };
}
