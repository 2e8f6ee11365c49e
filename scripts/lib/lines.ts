/**
 * Line handling for child-process output: split a byte stream into lines (a chunk may end
 * mid-line) and tag each line with a prefix. Used by the dev runner and the test harness.
 */

/** Splits `pending + chunk` into complete lines and the unterminated rest (CRLF or LF endings). */
export function splitLines(pending: string, chunk: string): { lines: string[]; rest: string } {
  const parts = (pending + chunk).split("\n");
  const rest = parts.pop() ?? "";
  return { lines: parts.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l)), rest };
}

/**
 * Reads a byte stream to its end, calling `onLine` for every line (the last one even without a
 * trailing newline). Resolves when the stream ends; a stream error ends it quietly.
 */
export async function forEachLine(
  stream: ReadableStream<Uint8Array> | null | undefined,
  onLine: (line: string) => void,
): Promise<void> {
  if (!stream) return;
  const decoder = new TextDecoder();
  let pending = "";
  try {
    for await (const chunk of stream) {
      const r = splitLines(pending, decoder.decode(chunk, { stream: true }));
      pending = r.rest;
      for (const line of r.lines) onLine(line);
    }
  } catch {
    // The child was killed mid-write: whatever was read is all there is.
  }
  const tail = pending + decoder.decode();
  if (tail.length > 0) onLine(tail);
}

/** `[name] ` padded for names up to `width` characters, so prefixed output of several children lines up. */
export function linePrefix(name: string, width: number): string {
  return `${`[${name}]`.padEnd(width + 2, " ")} `;
}
