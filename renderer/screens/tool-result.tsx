// A tool's result as the person should see it: its text, its images (only image types, only inline data, size-limited), its structured content, and whether the tool reported an error.
import type { Output } from '../../app/contract/api.ts';

/** An inline image larger than this is not drawn (its size is said instead). */
const MAX_IMAGE_BASE64 = 5 * 1024 * 1024;
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

type Block = { type?: unknown; text?: unknown; data?: unknown; mimeType?: unknown; uri?: unknown };

export function ToolResult({ result }: { result: Output<'callTool'> }) {
  const blocks = Array.isArray(result.content) ? (result.content as Block[]) : [];
  return (
    <div className={result.isError === true ? 'tool-result tool-error' : 'tool-result'} role="status" data-testid="tool-result">
      {result.isError === true && <p className="alert-message">The tool reported an error:</p>}
      {blocks.map((b, i) => <ResultBlock key={i} block={b} />)}
      {result.structuredContent !== undefined && <pre className="structured">{JSON.stringify(result.structuredContent, null, 2).slice(0, 100_000)}</pre>}
    </div>
  );
}

function ResultBlock({ block: b }: { block: Block }) {
  if (b.type === 'text' && typeof b.text === 'string') return <pre>{b.text.slice(0, 100_000)}</pre>;
  if (b.type === 'image' && typeof b.data === 'string' && typeof b.mimeType === 'string') {
    if (!IMAGE_TYPES.has(b.mimeType) || !/^[A-Za-z0-9+/=]*$/.test(b.data.slice(0, 1000))) return <p>[an image of type {b.mimeType.slice(0, 40)}, not shown]</p>;
    if (b.data.length > MAX_IMAGE_BASE64) return <p>[an image of {Math.round((b.data.length * 3) / 4 / 1024 / 1024)} MB, too large to show]</p>;
    return <img src={`data:${b.mimeType};base64,${b.data}`} alt="An image the tool returned" className="result-image" />;
  }
  if (typeof b.type === 'string') return <p>[{b.type.slice(0, 40)}{typeof b.uri === 'string' ? `: ${b.uri.slice(0, 200)}` : ''}]</p>;
  return null;
}
