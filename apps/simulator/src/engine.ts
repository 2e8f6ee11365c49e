/**
 * The simulation: per tick, every symbol's market moves; closed candles feed the strategies;
 * signals open and close positions; closed trades update the strategy metrics and the
 * auto-graduate monitor. Produces a deterministic stream of protocol events for a seed: the
 * same seed and options always give the same events in the same order.
 */
import type { PublishableEvent } from "@tickerwire/protocol";
import { alertEvent, candleEvent, metricsEvent, signalEvent, tradeClosedEvent, tradeExecutedEvent } from "./events.ts";
import { GraduateMonitor } from "./graduate/monitor.ts";
import type { GraduateThresholds } from "./graduate/thresholds.ts";
import { DEFAULT_THRESHOLDS } from "./graduate/thresholds.ts";
import type { Bar } from "./market/candles.ts";
import { floorTo, parseInterval } from "./market/interval.ts";
import { regimeAlert } from "./market/regime-alert.ts";
import { SymbolMarket } from "./market/symbol-market.ts";
import { DEFAULT_SYMBOLS } from "./market/symbols.ts";
import { createStrategy, STRATEGY_NAMES } from "./strategies/registry.ts";
import type { Strategy, StrategyName } from "./strategies/types.ts";
import { MetricsAccumulator } from "./trading/metrics.ts";
import type { ClosedTrade } from "./trading/positions.ts";
import { PositionBook } from "./trading/positions.ts";

export interface TradingOptions {
  takeProfit: number;
  stopLoss: number;
  /** Maximum holding time in candles. */
  maxHoldCandles: number;
  /** Capital per trade in quote currency. */
  notional: number;
}

export interface EngineOptions {
  seed: number;
  symbols: readonly string[];
  strategies: readonly StrategyName[];
  /** Candle interval as in the topic, e.g. "1m". */
  interval: string;
  /** Simulated start (epoch ms), aligned down to the interval. Part of what makes a stream reproducible. */
  startTime: number;
  /** Simulated milliseconds per tick (the price moves once per tick). */
  tickMs: number;
  trading: TradingOptions;
  graduate: GraduateThresholds;
  /** Closed candles kept per symbol for the strategies to look at. */
  historyBars: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  seed: 1,
  symbols: DEFAULT_SYMBOLS,
  strategies: STRATEGY_NAMES,
  interval: "1m",
  startTime: Date.UTC(2026, 0, 19, 10, 0, 0),
  tickMs: 5_000,
  trading: { takeProfit: 0.004, stopLoss: 0.003, maxHoldCandles: 20, notional: 10_000 },
  graduate: DEFAULT_THRESHOLDS,
  historyBars: 150,
};

export interface EngineStats {
  ticks: number;
  candles: number;
  signals: number;
  opened: number;
  closed: number;
  promotions: number;
  rollbacks: number;
  systemAlerts: number;
  openPositions: number;
}

export interface EngineStep {
  /** Simulated time at the end of this tick (epoch ms). */
  time: number;
  events: PublishableEvent[];
}

interface SymbolState {
  market: SymbolMarket;
  bars: Bar[];
}

export class Engine {
  readonly options: EngineOptions;
  private readonly intervalMs: number;
  private readonly symbols: SymbolState[];
  private readonly strategies: Strategy[];
  private readonly book: PositionBook;
  private readonly metrics = new Map<StrategyName, MetricsAccumulator>();
  private readonly monitor: GraduateMonitor;
  private readonly counts: Omit<EngineStats, "openPositions"> = {
    ticks: 0,
    candles: 0,
    signals: 0,
    opened: 0,
    closed: 0,
    promotions: 0,
    rollbacks: 0,
    systemAlerts: 0,
  };
  private now: number;

  constructor(options: Partial<EngineOptions> = {}) {
    const o = { ...DEFAULT_ENGINE_OPTIONS, ...options };
    this.options = o;
    this.intervalMs = parseInterval(o.interval);
    this.now = floorTo(o.startTime, this.intervalMs);
    this.symbols = o.symbols.map((s) => ({
      market: new SymbolMarket(s, { seed: o.seed, intervalMs: this.intervalMs }),
      bars: [],
    }));
    this.strategies = o.strategies.map(createStrategy);
    this.book = new PositionBook({
      rules: {
        takeProfit: o.trading.takeProfit,
        stopLoss: o.trading.stopLoss,
        maxHoldMs: o.trading.maxHoldCandles * this.intervalMs,
      },
      notional: o.trading.notional,
      idPrefix: `T${(o.seed >>> 0).toString(36)}`,
    });
    this.monitor = new GraduateMonitor(o.graduate);
  }

  /** Simulated time of the last tick (epoch ms). */
  get time(): number {
    return this.now;
  }

  get stats(): EngineStats {
    return { ...this.counts, openPositions: this.book.positions().length };
  }

  /** Advances one tick and returns the events it produced (often none). */
  step(): EngineStep {
    this.now += this.options.tickMs;
    this.counts.ticks++;
    const events: PublishableEvent[] = [];
    const dtMin = this.options.tickMs / 60_000;
    for (const s of this.symbols) {
      const symbol = s.market.symbol;
      const tick = s.market.step(this.now, dtMin);
      if (tick.regimeChange) {
        this.counts.systemAlerts++;
        events.push(alertEvent(regimeAlert(symbol, tick.regimeChange.from, tick.regimeChange.to)));
      }
      for (const t of this.book.onPrice(symbol, tick.price, this.now)) this.onClosed(t, events);
      if (!tick.closed) continue;
      this.counts.candles++;
      events.push(candleEvent(symbol, this.options.interval, tick.closed));
      s.bars.push(tick.closed);
      if (s.bars.length > this.options.historyBars) s.bars.shift();
      for (const strategy of this.strategies) {
        const signal = strategy.evaluate(s.bars);
        if (!signal) continue;
        this.counts.signals++;
        events.push(signalEvent(strategy.name, symbol, signal, tick.closed.close));
        // The trade fills at the market price now, a tick after the candle the strategy saw.
        const r = this.book.onSignal(strategy.name, symbol, signal.action, tick.price, this.now);
        if (r.closed) this.onClosed(r.closed, events);
        if (r.opened) {
          this.counts.opened++;
          events.push(tradeExecutedEvent(r.opened));
        }
      }
    }
    return { time: this.now, events };
  }

  private onClosed(t: ClosedTrade, events: PublishableEvent[]): void {
    this.counts.closed++;
    events.push(tradeClosedEvent(t));
    let acc = this.metrics.get(t.strategy);
    if (!acc) {
      acc = new MetricsAccumulator();
      this.metrics.set(t.strategy, acc);
    }
    acc.add(t);
    events.push(metricsEvent(t.strategy, acc.snapshot()));
    const alert = this.monitor.record(t.strategy, t);
    if (alert) {
      if (alert.kind === "promoted") this.counts.promotions++;
      else this.counts.rollbacks++;
      events.push(alertEvent(alert));
    }
  }
}

export function createEngine(options: Partial<EngineOptions> = {}): Engine {
  return new Engine(options);
}
