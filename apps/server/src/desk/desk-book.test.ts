import { describe, expect, it } from "bun:test";
import { createLocalBus, type StoredEvent } from "@tickerwire/bus";
import { parseDesk } from "@tickerwire/desk";
import { SnapshotMessage, TOPICS } from "@tickerwire/protocol";
import { createDeskBook } from "./desk-book.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function closes(strategy: string, pnls: number[]) {
  return pnls.flatMap((pnl, i) => [
    {
      type: "trade" as const,
      topic: TOPICS.tradeExecuted,
      data: {
        trade_id: `${strategy}-${i}`,
        strategy_name: strategy,
        action: "BUY" as const,
        entry_price: 100,
        quantity: 1,
      },
    },
    {
      type: "trade_closed" as const,
      topic: TOPICS.tradeClosed,
      data: { trade_id: `${strategy}-${i}`, strategy_name: strategy, entry_price: 100, exit_price: 100 + pnl, pnl },
    },
  ]);
}

describe("the hub's desk book", () => {
  it("is the bus's projection: snapshots are valid messages stamped with the seq they include", async () => {
    const book = createDeskBook({ epoch: () => "e1", logger: silent });
    const bus = createLocalBus({ path: ":memory:", projection: book });
    await bus.publish(closes("A", [5, -2]));
    await bus.publish(closes("B", [1]));
    const m = SnapshotMessage.parse(JSON.parse(book.snapshot({ patterns: [">"] }).json));
    expect(m).toMatchObject({ type: "snapshot", epoch: "e1", seq: 6 });
    expect(m.state.ledger.total).toMatchObject({ closed_trades: 3, wins: 2, losses: 1, realized_pnl: 4 });
    // A view of one strategy is that strategy's figures.
    const a = SnapshotMessage.parse(JSON.parse(book.snapshot({ patterns: [">"], filter: { strategies: ["A"] } }).json));
    expect(a.state.ledger.total).toMatchObject({ closed_trades: 2, realized_pnl: 3 });
    await bus.close();
  });

  it("serializes a view once per seq, and again once the state has moved", async () => {
    const book = createDeskBook({ epoch: () => "e1", logger: silent });
    const bus = createLocalBus({ path: ":memory:", projection: book });
    await bus.publish(closes("A", [1]));
    const first = book.snapshot({ patterns: [">"] });
    expect(book.snapshot({ patterns: [">"] })).toBe(first);
    await bus.publish(closes("A", [2]));
    const next = book.snapshot({ patterns: [">"] });
    expect(next).not.toBe(first);
    expect(next.seq).toBe(4);
    await bus.close();
  });

  it("ignores events it already holds, and its checkpoint restores the same state", () => {
    const book = createDeskBook({ epoch: () => "e1", logger: silent });
    const batch = closes("A", [3]).map((e, i) => ({
      ...e,
      seq: i + 1,
      timestamp: "2026-01-01T00:00:00.000Z",
      json: "",
    }));
    book.apply(batch as unknown as StoredEvent[]);
    book.apply(batch as unknown as StoredEvent[]);
    expect(book.state.ledger.total.closed_trades).toBe(1);
    const again = createDeskBook({ epoch: () => "e1", logger: silent });
    again.restore(book.serialize());
    expect(again.state).toEqual(parseDesk(book.serialize()));
    expect(again.seq()).toBe(2);
  });

  it("says once per batch when a cap of the state was passed", () => {
    const warnings: unknown[] = [];
    const book = createDeskBook({
      epoch: () => "e1",
      logger: { ...silent, warn: (...a: unknown[]) => warnings.push(a) },
    });
    book.state.limits.strategies = 1;
    const batch = [...closes("A", [1]), ...closes("B", [1])].map((e, i) => ({
      ...e,
      seq: i + 1,
      timestamp: "2026-01-01T00:00:00.000Z",
      json: "",
    }));
    book.apply(batch as unknown as StoredEvent[]);
    expect(book.state.overflow.strategies).toBeGreaterThan(0);
    expect(warnings).toHaveLength(1);
  });
});
