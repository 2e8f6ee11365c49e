"""A toy trading engine publishing to a Tickerwire hub with tickerwire.py: an RSI-like rule on a
random-walk price emits BUY/SELL signals; a confident BUY opens a trade, the next SELL closes it
with its P&L, and the strategy's metrics follow every close.

  python3 clients/python/example_engine.py --url http://127.0.0.1:8080 [--token JWT] [--seconds 30]

With AUTH=jwt the token needs the `publish` scope (make one with apps/server/src/auth/token-cli.ts).
Watch the result on the dashboard, or: curl -N 'http://127.0.0.1:8080/sse?topics=strategy.>,trade.>'
"""

import argparse
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tickerwire as tw  # noqa: E402

STRATEGY = "Py_Mean_Reversion"


def run(url, token, seconds, rate, seed):
    rng = random.Random(seed)
    price, history = 42000.0, []
    position, trades, wins, pnl_total = None, 0, 0, 0.0
    with tw.Publisher(url, token=token, batch_size=100, linger=0.5) as pub:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            price = max(1.0, price * (1 + rng.gauss(0, 0.002)))
            history = (history + [price])[-14:]
            if len(history) < 14:
                continue
            gains = sum(max(0.0, b - a) for a, b in zip(history, history[1:]))
            losses = sum(max(0.0, a - b) for a, b in zip(history, history[1:])) or 1e-9
            rsi = 100 - 100 / (1 + gains / losses)
            action = "BUY" if rsi < 35 else "SELL" if rsi > 65 else None
            if action:
                confidence = round(min(1.0, abs(rsi - 50) / 50 + 0.3), 2)
                pub.publish(tw.signal(STRATEGY, action, round(price, 2), confidence, symbol="BTC-USDT"))
                if action == "BUY" and position is None and confidence >= 0.6:
                    trades += 1
                    position = tw.TradeData(f"py-{seed}-{trades}", STRATEGY, "BUY", round(price, 2), 0.01, "BTC-USDT")
                    pub.publish(tw.trade(position))
                elif action == "SELL" and position is not None:
                    pnl = round((price - position.entry_price) * position.quantity, 4)
                    wins, pnl_total = wins + (pnl > 0), pnl_total + pnl
                    pub.publish(tw.trade_closed(tw.TradeClosedData(
                        position.trade_id, STRATEGY, position.entry_price, round(price, 2), pnl, position.quantity, "BTC-USDT")))
                    pub.publish(tw.metrics(tw.MetricsData(STRATEGY, trades, round(wins / trades, 4), round(pnl_total, 4))))
                    position = None
            time.sleep(1 / rate)
    published = sum(len(r.seqs) for r in pub.results)
    print(f"published {published} events in {len(pub.results)} batches; {trades} trades, P&L {pnl_total:.2f}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", default="http://127.0.0.1:8080")
    p.add_argument("--token", default=os.environ.get("TICKERWIRE_TOKEN"))
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--rate", type=float, default=50, help="price ticks per second")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    try:
        run(a.url, a.token, a.seconds, a.rate, a.seed)
    except tw.HubError as e:
        sys.exit(f"the hub refused: {e} {[(i.path, i.message) for i in e.issues]}")
    except tw.UnavailableError as e:
        sys.exit(f"the hub is unreachable: {e}")


if __name__ == "__main__":
    main()
