/**
 * The page: skip link, status bar, banner, controls, P&L summary, charts and the four event
 * panels, plus the live regions that announce connection changes and critical alerts. Tab order follows the reading
 * order: skip link, filters, notifications, symbol picker, then each panel's list or table.
 */
import { CandleChart } from "./charts/CandleChart.tsx";
import type { ChartFactory } from "./charts/chart-host.ts";
import { PnlChart } from "./charts/PnlChart.tsx";
import { AlertsPanel } from "./components/AlertsPanel.tsx";
import { LiveRegion } from "./components/a11y/LiveRegion.tsx";
import { SkipLink } from "./components/a11y/SkipLink.tsx";
import { FiltersBar } from "./components/FiltersBar.tsx";
import { MetricsPanel } from "./components/MetricsPanel.tsx";
import { NotificationsControl } from "./components/NotificationsControl.tsx";
import { SignalsPanel } from "./components/SignalsPanel.tsx";
import { StatusBar } from "./components/StatusBar.tsx";
import { SummaryCards } from "./components/SummaryCards.tsx";
import { TradesPanel } from "./components/TradesPanel.tsx";
import { TruncatedBanner } from "./components/TruncatedBanner.tsx";
import type { Session } from "./session.ts";

export interface AppProps {
  session: Session;
  /** Chart maker; lightweight-charts by default, a recording fake in tests. */
  charts?: ChartFactory;
}

export function App({ session: s, charts }: AppProps) {
  return (
    <>
      <SkipLink target="panels">Skip to the event panels</SkipLink>
      <header class="topbar">
        <h1 class="brand">Tickerwire</h1>
        <StatusBar connection={s.connection} lastError={s.lastError} />
      </header>
      <main class="layout">
        <LiveRegion announcer={s.announcers.status} testId="announce-status" />
        <LiveRegion announcer={s.announcers.critical} testId="announce-critical" />
        <TruncatedBanner truncated={s.truncated} />
        <div class="controls">
          <FiltersBar filter={s.view.filter} strategies={s.view.knownStrategies} onChange={s.view.setFilter} />
          <NotificationsControl notifier={s.notifier} />
        </div>
        <SummaryCards summary={s.summary} />
        <div class="charts">
          <PnlChart series={s.charts.pnlSeries} visible={s.pageVisible} factory={charts} />
          <CandleChart candles={s.charts.candles} selected={s.candleKey} visible={s.pageVisible} factory={charts} />
        </div>
        <div class="panels" id="panels" tabIndex={-1}>
          <SignalsPanel items={s.view.signals} />
          <TradesPanel items={s.view.trades} />
          <MetricsPanel rows={s.view.metricsRows} />
          <AlertsPanel items={s.view.alerts} />
        </div>
      </main>
      <footer class="footer">
        Charts by{" "}
        <a href="https://www.tradingview.com/" rel="noopener noreferrer" target="_blank">
          TradingView Lightweight Charts™<span class="visually-hidden"> (opens in a new tab)</span>
        </a>
      </footer>
    </>
  );
}
