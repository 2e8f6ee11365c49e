/**
 * The page, in reading order (also the order on a phone): status bar, banner, P&L summary, open
 * positions, the filter and notification controls (folded on a phone), the cumulative P&L and
 * market charts, P&L by strategy and by day, then the four event panels; plus the live regions
 * that announce connection changes and critical alerts. Tab order follows the reading order.
 */
import { CandleChart } from "./charts/CandleChart.tsx";
import type { ChartFactory } from "./charts/chart-host.ts";
import { PnlChart } from "./charts/PnlChart.tsx";
import { AlertsPanel } from "./components/AlertsPanel.tsx";
import { LiveRegion } from "./components/a11y/LiveRegion.tsx";
import { SkipLink } from "./components/a11y/SkipLink.tsx";
import { DailyPanel } from "./components/desk/DailyPanel.tsx";
import { PositionsPanel } from "./components/desk/PositionsPanel.tsx";
import { StrategiesPanel } from "./components/desk/StrategiesPanel.tsx";
import { EnginesStrip } from "./components/EnginesStrip.tsx";
import { FiltersBar } from "./components/FiltersBar.tsx";
import { MetricsPanel } from "./components/MetricsPanel.tsx";
import { NotificationsControl } from "./components/NotificationsControl.tsx";
import { SignalsPanel } from "./components/SignalsPanel.tsx";
import { StatusBar } from "./components/StatusBar.tsx";
import { SummaryCards } from "./components/SummaryCards.tsx";
import { TradesPanel } from "./components/TradesPanel.tsx";
import { TruncatedBanner } from "./components/TruncatedBanner.tsx";
import { ViewControls } from "./components/ViewControls.tsx";
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
  const v = s.view;
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
        <SummaryCards summary={v.summary} />
        {watch && <EnginesStrip watch={watch} now={s.connection.now} />}
        <div class="desk-top">
          <PositionsPanel positions={v.positions} />
          <ViewControls filter={v.filter}>
            <FiltersBar filter={v.filter} strategies={v.knownStrategies} onChange={v.setFilter} />
            <NotificationsControl notifier={s.notifier} />
          </ViewControls>
        </div>
        <div class="charts">
          <PnlChart equity={v.equity} summary={v.summary} visible={s.pageVisible} factory={charts} />
          <CandleChart
            keys={v.candleKeys}
            series={v.candles}
            selected={v.candleKey}
            visible={s.pageVisible}
            factory={charts}
          />
        </div>
        <div class="desk-tables">
          <StrategiesPanel rows={v.strategies} />
          <DailyPanel days={v.daily} />
        </div>
        <div class="panels" id="panels" tabIndex={-1}>
          <SignalsPanel items={v.signals} />
          <TradesPanel items={v.trades} />
          <MetricsPanel rows={v.metricsRows} />
          <AlertsPanel items={v.alerts} />
        </div>
        {watch && <WebhookHealth watch={watch} />}
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
