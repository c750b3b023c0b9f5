// The tools the remote server listed last, by name: their `Mcp-Param-*` declarations for tools/call, and the ones refused for invalid `x-mcp-header` annotations (SEP-2243: a client MUST exclude such a tool).
import { isObject, type Result } from './rpc.ts';
import { paramHeaders, scanHeaders, type HeaderDeclaration } from './param-headers.ts';

export class ToolMap {
  /** True once a tools/list answer was read (a call to an unknown tool then needs no listing first). */
  listed = false;
  readonly #declarations = new Map<string, HeaderDeclaration[]>();
  readonly #refused = new Map<string, string>();

  /** Reads one tools/list page (the first one starts over) and returns it without the refused tools. */
  learn(result: Result, firstPage: boolean): Result {
    if (firstPage) {
      this.#declarations.clear();
      this.#refused.clear();
    }
    this.listed = true;
    if (!Array.isArray(result.tools)) return result;
    const kept = result.tools.filter((tool: unknown) => this.#keep(tool));
    return kept.length === result.tools.length ? result : { ...result, tools: kept };
  }

  /** Why a tool is refused, or undefined when it may be called. */
  refusal(name: string): string | undefined {
    return this.#refused.get(name);
  }

  known(name: string): boolean {
    return this.#declarations.has(name) || this.#refused.has(name);
  }

  /** The `Mcp-Param-*` headers of a call to `name` with `args` (none for a tool not listed). */
  headers(name: string, args: unknown): Record<string, string> {
    const d = this.#declarations.get(name);
    return d?.length ? paramHeaders(d, args) : {};
  }

  #keep(tool: unknown): boolean {
    if (!isObject(tool) || typeof tool.name !== 'string') return true;
    const scan = scanHeaders(tool.inputSchema);
    if (scan.valid) {
      this.#declarations.set(tool.name, scan.declarations);
      this.#refused.delete(tool.name);
      return true;
    }
    this.#refused.set(tool.name, scan.reason);
    this.#declarations.delete(tool.name);
    return false;
  }
}
