/**
 * Just enough of Source Map v3 (https://tc39.es/ecma426/) to name a position of a minified bundle:
 * the mappings' Base64 VLQ decoded into per-line segments, and the original file, line and source
 * text of the segment at or before a generated (line, column). Pure.
 */

export interface RawSourceMap {
  sources: string[];
  sourcesContent?: (string | null)[];
  mappings: string;
}

export interface OriginalPosition {
  source: string;
  /** 0-based, as in the map. */
  line: number;
  column: number;
  /** The original source line from `column` on (trimmed), when the map carries the sources. */
  text: string;
}

/** A decoded segment: [generated column, source index, original line, original column]. */
type Segment = [number, number, number, number];

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_VALUE = new Map([...B64].map((c, i) => [c, i]));

/** Decodes one line's comma-separated VLQ segments; `state` carries the running source fields. */
function decodeLine(text: string, state: number[]): Segment[] {
  const out: Segment[] = [];
  let col = 0;
  for (const seg of text.split(",")) {
    if (!seg) continue;
    const fields: number[] = [];
    let value = 0;
    let shift = 0;
    for (const ch of seg) {
      const digit = B64_VALUE.get(ch);
      if (digit === undefined) throw new Error(`bad source map character "${ch}"`);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    col += fields[0] ?? 0;
    if (fields.length < 4) continue; // a generated position with no source
    state[0] = (state[0] ?? 0) + (fields[1] as number);
    state[1] = (state[1] ?? 0) + (fields[2] as number);
    state[2] = (state[2] ?? 0) + (fields[3] as number);
    out.push([col, state[0], state[1], state[2]]);
  }
  return out;
}

export class SourceMapLookup {
  readonly #lines: Segment[][];
  readonly #sourceLines = new Map<number, string[]>();

  constructor(private readonly map: RawSourceMap) {
    const state = [0, 0, 0];
    this.#lines = map.mappings.split(";").map((l) => decodeLine(l, state));
  }

  /** The original position of a 0-based generated (line, column), or null where nothing maps. */
  originalPosition(line: number, column: number): OriginalPosition | null {
    const segs = this.#lines[line];
    if (!segs || segs.length === 0) return null;
    let lo = 0;
    let hi = segs.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((segs[mid] as Segment)[0] <= column) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return null;
    const [, src, oLine, oCol] = segs[found] as Segment;
    return { source: this.map.sources[src] ?? "?", line: oLine, column: oCol, text: this.#text(src, oLine, oCol) };
  }

  #text(src: number, line: number, col: number): string {
    let lines = this.#sourceLines.get(src);
    if (!lines) {
      lines = (this.map.sourcesContent?.[src] ?? "").split("\n");
      this.#sourceLines.set(src, lines);
    }
    return (lines[line] ?? "").slice(col).trim();
  }
}
