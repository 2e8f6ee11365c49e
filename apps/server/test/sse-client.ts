/** A recording SSE test client on fetch: parses frames (id, event, data) and comments as they arrive. */
import { SseParser } from "@tickerwire/protocol/sse-parser";
import { waitFor } from "./wait.ts";

export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
  retry?: number;
}

/** The frames and comments of a stream, read with protocol's spec-following parser. */
class FrameRecorder {
  readonly frames: SseFrame[] = [];
  readonly comments: string[] = [];
  private readonly parser = new SseParser();

  push(text: string): void {
    for (const item of this.parser.push(text)) {
      if (item.kind === "comment") this.comments.push(item.text.trim());
      else if (item.kind === "retry") this.frames.push({ data: "", retry: item.ms });
      else {
        const frame: SseFrame = { data: item.data, event: item.event };
        if (item.id !== undefined) frame.id = item.id;
        this.frames.push(frame);
      }
    }
  }
}

export class TestSse {
  readonly parser = new FrameRecorder();
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
