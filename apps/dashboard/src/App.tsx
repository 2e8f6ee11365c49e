/** The page: status bar, banner, controls, P&L summary, charts and the four event panels. */
import { CandleChart } from "./charts/CandleChart.tsx";
import type { ChartFactory } from "./charts/chart-host.ts";
import { PnlChart } from "./charts/PnlChart.tsx";
import { AlertsPanel } from "./components/AlertsPanel.tsx";
import { EnginesStrip } from "./components/EnginesStrip.tsx";
import { FiltersBar } from "./components/FiltersBar.tsx";
import { MetricsPanel } from "./components/MetricsPanel.tsx";
import { NotificationsControl } from "./components/NotificationsControl.tsx";
import { SignalsPanel } from "./components/SignalsPanel.tsx";
import { StatusBar } from "./components/StatusBar.tsx";
import { SummaryCards } from "./components/SummaryCards.tsx";
import { TradesPanel } from "./components/TradesPanel.tsx";
import { TruncatedBanner } from "./components/TruncatedBanner.tsx";
import { WebhookHealth } from "./components/WebhookHealth.tsx";
import type { Session } from "./session.ts";
import type { WatchModel } from "./state/watch-status.ts";

export interface AppProps {
  session: Session;
  /** Chart maker; lightweight-charts by default, a recording fake in tests. */
  charts?: ChartFactory;
  /** Engines, rules and webhooks from the hub's health (optional: tests without it). */
  watch?: WatchModel;
}

export function App({ session: s, charts, watch }: AppProps) {
  return (
    <>
      <header class="topbar">
        <h1 class="brand">Tickerwire</h1>
        <StatusBar connection={s.connection} lastError={s.lastError} />
      </header>
      <main class="layout">
        <TruncatedBanner truncated={s.truncated} />
        {watch && <EnginesStrip watch={watch} now={s.connection.now} />}
        <div class="controls">
          <FiltersBar filter={s.view.filter} strategies={s.view.knownStrategies} onChange={s.view.setFilter} />
          <NotificationsControl notifier={s.notifier} />
        </div>
        <SummaryCards summary={s.summary} />
        <div class="charts">
          <PnlChart series={s.charts.pnlSeries} visible={s.pageVisible} factory={charts} />
          <CandleChart candles={s.charts.candles} selected={s.candleKey} visible={s.pageVisible} factory={charts} />
        </div>
        <div class="panels">
          <SignalsPanel items={s.view.signals} />
          <TradesPanel items={s.view.trades} />
          <MetricsPanel rows={s.view.metricsRows} />
          <AlertsPanel items={s.view.alerts} />
        </div>
        {watch && <WebhookHealth watch={watch} />}
      </main>
      <footer class="footer">
        Charts by{" "}
        <a href="https://www.tradingview.com/" rel="noopener noreferrer" target="_blank">
          TradingView Lightweight Charts™
        </a>
      </footer>
    </>
  );
}
