/** A recording SSE test client on fetch: parses frames (id, event, data) and comments as they arrive. */
import { waitFor } from "./wait.ts";

export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
  retry?: number;
}

/** Incremental SSE parser (LF line endings, as the hub writes). */
export class SseParser {
  readonly frames: SseFrame[] = [];
  readonly comments: string[] = [];
  private buffer = "";
  private current: Partial<SseFrame> & { dataLines?: string[] } = {};

  push(text: string): void {
    this.buffer += text;
    let nl = this.buffer.indexOf("\n");
    for (let guard = 0; nl >= 0 && guard < 1_000_000; guard++) {
      this.line(this.buffer.slice(0, nl));
      this.buffer = this.buffer.slice(nl + 1);
      nl = this.buffer.indexOf("\n");
    }
  }

  private line(line: string): void {
    if (line === "") {
      const c = this.current;
      if (c.dataLines || c.retry !== undefined) {
        const frame: SseFrame = { data: (c.dataLines ?? []).join("\n") };
        if (c.id !== undefined) frame.id = c.id;
        if (c.event !== undefined) frame.event = c.event;
        if (c.retry !== undefined) frame.retry = c.retry;
        this.frames.push(frame);
      }
      this.current = {};
      return;
    }
    if (line.startsWith(":")) {
      this.comments.push(line.slice(1).trim());
      return;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "data") this.current.dataLines = [...(this.current.dataLines ?? []), value];
    else if (field === "id") this.current.id = value;
    else if (field === "event") this.current.event = value;
    else if (field === "retry") this.current.retry = Number(value);
  }
}

export class TestSse {
  readonly parser = new SseParser();
  response: Response | null = null;
  ended = false;
  /** Each chunk as read from the network (to observe coalescing). */
  readonly chunks: string[] = [];
  private readonly abort = new AbortController();
  private readonly done: Promise<void>;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.done = this.run(url, headers);
  }

  private async run(url: string, headers: Record<string, string>): Promise<void> {
    try {
      const res = await fetch(url, { headers, signal: this.abort.signal });
      this.response = res;
      if (!res.body) return;
      const decoder = new TextDecoder();
      for await (const chunk of res.body) {
        const text = decoder.decode(chunk, { stream: true });
        this.chunks.push(text);
        this.parser.push(text);
      }
    } catch {
      // aborted or cut: `ended` tells the test
    } finally {
      this.ended = true;
    }
  }

  get frames(): SseFrame[] {
    return this.parser.frames;
  }
  eventFrames(): SseFrame[] {
    return this.frames.filter((f) => f.id !== undefined);
  }
  seqs(): number[] {
    return this.eventFrames().map((f) => JSON.parse(f.data).seq as number);
  }
  control(event: string): unknown[] {
    return this.frames.filter((f) => f.event === event && f.id === undefined).map((f) => JSON.parse(f.data));
  }
  waitFrames(pred: (frames: SseFrame[]) => boolean, timeoutMs = 3_000, what = "SSE frames") {
    return waitFor(() => pred(this.frames), { timeoutMs, what });
  }
  waitEvents(count: number, timeoutMs = 3_000) {
    return waitFor(() => this.eventFrames().length >= count, {
      timeoutMs,
      what: `${count} SSE events (have ${this.eventFrames().length})`,
    });
  }
  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }
  finished(): Promise<void> {
    return this.done;
  }
}
