/**
 * A long trading history for the dashboard's browser tests, and what the dashboard must show for
 * it, computed here independently of the hub and of @tickerwire/desk: plain sums over the
 * published items in publish (= seq) order. Trade pairs across strategies and symbols (some
 * left open), with signals, metrics and candles between them; every symbol gets a candle first,
 * so positions are marked by candles alone (the same in every filtered view).
 *
 * Amounts are whole cents and quantities whole numbers, so every true figure is a whole number
 * of cents and the page's rounding to cents cannot differ from ours.
 */
import { TOPICS } from "@tickerwire/protocol";

export interface Item {
  topic: string;
  data: Record<string, unknown>;
}

export const DESK_STRATEGIES = [
  "RSI_Oversold",
  "MACD_Divergence",
  "Trend_Following",
  "Support_Bounce",
  "Volume_Spike",
  "Grid_Bot",
] as const;
const SYMBOLS = ["BTC-USDT", "ETH-USDT", "SOL-USDT"] as const;
const BASE_PRICE: Record<string, number> = { "BTC-USDT": 42_000, "ETH-USDT": 2_500, "SOL-USDT": 100 };

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cents = (n: number) => Math.round(n * 100) / 100;

/** Candles, one per symbol per call, each a minute after the last. */
class Market {
  #minute = 0;
  readonly #rnd: () => number;
  constructor(rnd: () => number) {
    this.#rnd = rnd;
  }
  candle(symbol: string): Item {
    const close = cents(BASE_PRICE[symbol]! * (0.97 + this.#rnd() * 0.06));
    return {
      topic: TOPICS.candle(symbol, "1m"),
      data: {
        symbol,
        interval: "1m",
        open: close,
        high: cents(close * 1.002),
        low: cents(close * 0.998),
        close,
        volume: 5,
        start: new Date(Date.UTC(2026, 0, 19) + this.#minute++ * 60_000).toISOString(),
      },
    };
  }
}

/**
 * `pairs` trades opened and, three steps later, closed — except one in `keepOpenEvery`, left
 * open — plus a signal every 3rd step, a candle every 10th and metrics every 25th. About 2.5
 * events per pair.
 */
export function deskHistory(options: {
  pairs: number;
  seed?: number;
  keepOpenEvery?: number;
  prefix?: string;
}): Item[] {
  const rnd = mulberry32(options.seed ?? 11);
  const market = new Market(rnd);
  const keepOpen = options.keepOpenEvery ?? 120;
  const prefix = options.prefix ?? "T";
  const items: Item[] = SYMBOLS.map((s) => market.candle(s));
  const pending: { id: string; strategy: string; symbol: string; entry: number; qty: number }[] = [];
  const closes = new Map<string, number>();
  for (let i = 0; i < options.pairs; i++) {
    const strategy = DESK_STRATEGIES[i % DESK_STRATEGIES.length] as string;
    const symbol = SYMBOLS[i % SYMBOLS.length] as string;
    const entry = cents(BASE_PRICE[symbol]! * (0.97 + rnd() * 0.06));
    const qty = 1 + Math.floor(rnd() * 3);
    const id = `${prefix}${i}`;
    items.push({
      topic: TOPICS.tradeExecuted,
      data: {
        trade_id: id,
        strategy_name: strategy,
        action: rnd() < 0.5 ? "BUY" : "SELL",
        entry_price: entry,
        quantity: qty,
        symbol,
      },
    });
    if (i % keepOpen !== 0) pending.push({ id, strategy, symbol, entry, qty });
    if (i % 3 === 0) {
      items.push({
        topic: TOPICS.signal(strategy),
        data: {
          strategy_name: strategy,
          action: rnd() < 0.5 ? "BUY" : "SELL",
          price: entry,
          confidence: cents(rnd()),
          symbol,
        },
      });
    }
    if (i % 10 === 0) items.push(market.candle(symbol));
    if (pending.length > 3) {
      const p = pending.shift()!;
      const pnl = cents((rnd() - 0.45) * 40);
      items.push({
        topic: TOPICS.tradeClosed,
        data: {
          trade_id: p.id,
          strategy_name: p.strategy,
          entry_price: p.entry,
          exit_price: p.entry,
          pnl,
          symbol: p.symbol,
        },
      });
      closes.set(p.strategy, (closes.get(p.strategy) ?? 0) + 1);
    }
    if (i % 25 === 0) {
      items.push({
        topic: TOPICS.metrics(strategy),
        data: { strategy_name: strategy, total_trades: closes.get(strategy) ?? 0, win_rate: 0.5, total_profit_loss: 0 },
      });
    }
  }
  return items;
}

/** A candle that moves `symbol`'s mark, and closes for some open trades: the live tail. */
export function liveTail(items: readonly Item[], symbol: string, close: number, closeCount: number): Item[] {
  const open = expectDesk(items).positions.slice(0, closeCount);
  return [
    {
      topic: TOPICS.candle(symbol, "1m"),
      data: {
        symbol,
        interval: "1m",
        open: close,
        high: close,
        low: close,
        close,
        volume: 1,
        start: "2026-02-01T00:00:00.000Z",
      },
    },
    ...open.map((p) => ({
      topic: TOPICS.tradeClosed,
      data: { trade_id: p.tradeId, strategy_name: p.strategy, entry_price: p.entry, exit_price: p.entry, pnl: 7.25 },
    })),
  ];
}

export interface ExpectedStrategy {
  strategy: string;
  closed: number;
  wins: number;
  /** In cents, exact. */
  realizedCents: number;
  unrealized: number;
  grossProfitCents: number;
  grossLossCents: number;
  maxDrawdownCents: number;
  open: number;
}

export interface ExpectedPosition {
  tradeId: string;
  strategy: string;
  symbol: string;
  action: "BUY" | "SELL";
  entry: number;
  qty: number;
  mark: number;
  unrealized: number;
}

export interface ExpectedDesk {
  strategies: ExpectedStrategy[];
  /** Newest first. */
  positions: ExpectedPosition[];
  realizedCents: number;
  unrealized: number;
  closed: number;
  wins: number;
  open: number;
}

/** What the desk holds after `items`, for all strategies or only `only`'s. */
export function expectDesk(items: readonly Item[], only?: readonly string[]): ExpectedDesk {
  const marks = new Map<string, number>();
  const open = new Map<string, ExpectedPosition>();
  const books = new Map<string, ExpectedStrategy & { peakCents: number }>();
  const book = (s: string) => {
    let b = books.get(s);
    if (!b) {
      b = {
        strategy: s,
        closed: 0,
        wins: 0,
        realizedCents: 0,
        unrealized: 0,
        grossProfitCents: 0,
        grossLossCents: 0,
        maxDrawdownCents: 0,
        open: 0,
        peakCents: 0,
      };
      books.set(s, b);
    }
    return b;
  };
  for (const { topic, data: d } of items) {
    if (topic.startsWith("market.")) marks.set(d.symbol as string, d.close as number);
    else if (topic === TOPICS.tradeExecuted) {
      open.set(d.trade_id as string, {
        tradeId: d.trade_id as string,
        strategy: d.strategy_name as string,
        symbol: d.symbol as string,
        action: d.action as "BUY" | "SELL",
        entry: d.entry_price as number,
        qty: d.quantity as number,
        mark: 0,
        unrealized: 0,
      });
    } else if (topic === TOPICS.tradeClosed) {
      open.delete(d.trade_id as string);
      const b = book(d.strategy_name as string);
      const pnl = Math.round((d.pnl as number) * 100);
      b.closed++;
      b.realizedCents += pnl;
      if (pnl > 0) {
        b.wins++;
        b.grossProfitCents += pnl;
      } else if (pnl < 0) b.grossLossCents -= pnl;
      b.peakCents = Math.max(b.peakCents, b.realizedCents);
      b.maxDrawdownCents = Math.max(b.maxDrawdownCents, b.peakCents - b.realizedCents);
    }
  }
  const wanted = (s: string) => !only || only.includes(s);
  const positions = [...open.values()].filter((p) => wanted(p.strategy)).reverse();
  for (const p of positions) {
    p.mark = marks.get(p.symbol) as number;
    p.unrealized = (p.action === "BUY" ? p.mark - p.entry : p.entry - p.mark) * p.qty;
    const b = book(p.strategy);
    b.open++;
    b.unrealized += p.unrealized;
  }
  const strategies = [...books.values()]
    .filter((b) => wanted(b.strategy))
    .sort((a, b) => (a.strategy < b.strategy ? -1 : 1))
    .map(({ peakCents: _, ...rest }) => rest);
  return {
    strategies,
    positions,
    realizedCents: strategies.reduce((s, b) => s + b.realizedCents, 0),
    unrealized: strategies.reduce((s, b) => s + b.unrealized, 0),
    closed: strategies.reduce((s, b) => s + b.closed, 0),
    wins: strategies.reduce((s, b) => s + b.wins, 0),
    open: positions.length,
  };
}

/** `$1,234.56`, `-$12.00` (never `-$0.00`): how the page writes an amount. */
export function money(value: number): string {
  const text = Math.abs(value).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return value < 0 && text !== "0.00" ? `-$${text}` : `$${text}`;
}

export const percent = (wins: number, closed: number) => `${closed > 0 ? ((wins / closed) * 100).toFixed(2) : "0.00"}%`;

/** The summary cards' texts by test id. */
export function summaryTexts(d: ExpectedDesk): Record<string, string> {
  const realized = d.realizedCents / 100;
  return {
    "sum-realized-pnl": money(realized),
    "sum-unrealized-pnl": money(d.unrealized),
    "sum-total-pnl": money(realized + d.unrealized),
    "sum-total-trades": String(d.closed),
    "sum-win-rate": percent(d.wins, d.closed),
    "sum-active-positions": String(d.open),
  };
}

/** Each strategy row's cells as shown: name, closed, win rate, realized, unrealized, total, PF, max DD, open. */
export function strategyCells(d: ExpectedDesk): string[][] {
  return d.strategies.map((s) => [
    s.strategy,
    String(s.closed),
    percent(s.wins, s.closed),
    money(s.realizedCents / 100),
    money(s.unrealized),
    money(s.realizedCents / 100 + s.unrealized),
    s.grossLossCents > 0 ? (s.grossProfitCents / s.grossLossCents).toFixed(2) : "—",
    money(s.maxDrawdownCents / 100),
    String(s.open),
  ]);
}

/** Each position row's trade id, mark and unrealized P&L as shown. */
export function positionCells(d: ExpectedDesk): string[][] {
  return d.positions.slice(0, 100).map((p) => [p.tradeId, money(p.mark), money(p.unrealized)]);
}
