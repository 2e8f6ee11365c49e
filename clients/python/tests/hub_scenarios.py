"""Scenarios of tickerwire.py against a real hub, driven by tests/python-client.e2e.test.ts (which
starts, kills and restarts the hub). Each prints JSON lines on stdout; the last one is the result.

  resume --url URL --count N   publish N trades in batches while consuming them over SSE; the
                               driver SIGKILLs and restarts the hub on `{"progress": ...}` lines.
                               Result: events, acked, received, lost, duplicated, seconds...
  errors --url URL --expired T --publisher T --subscriber T
                               the documented exception for each refused request.
"""

import argparse
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tickerwire as tw  # noqa: E402


def say(obj):
    print(json.dumps(obj), flush=True)


def resume(args):
    started = time.monotonic()
    received = []  # (seq, trade_id) in arrival order
    done = threading.Event()
    sub = tw.Subscription(args.url, ["trade.executed"], last_event_id="0", dead_after=5.0, backoff_max=0.5)

    def consume():
        for event in sub:
            received.append((event.seq, event.data.trade_id))
        done.set()

    threading.Thread(target=consume, daemon=True).start()
    retries = []
    pub = tw.Publisher(args.url, batch_size=args.batch, linger=60, max_attempts=100, backoff_max=0.5,
                       on_retry=lambda attempt, why: retries.append(why))
    for i in range(args.count):
        pub.publish(tw.trade(tw.TradeData(f"py-{i}", "Trend_Following", "BUY", 42000.0 + i % 100, 0.01)))
        if (i + 1) % args.batch == 0:
            say({"progress": {"published": i + 1, "received": len(received)}})
            time.sleep(0.05)  # spread the batches so the driver's kill lands mid-stream
    pub.flush()
    acked = [seq for r in pub.results for seq in r.seqs]
    deadline = time.monotonic() + 60
    while len({t for _, t in received}) < args.count and time.monotonic() < deadline:
        time.sleep(0.05)
    sub.close()
    done.wait(5)
    seqs = [s for s, _ in received]
    ids = [t for _, t in received]
    say({"result": {
        "events": args.count,
        "acked": len(acked),
        "received": len(received),
        "lost": len({f"py-{i}" for i in range(args.count)} - set(ids)),
        "duplicated": len(ids) - len(set(ids)),
        "in_order": all(a < b for a, b in zip(seqs, seqs[1:])),
        "acked_not_received": len(set(acked) - set(seqs)),
        "duplicate_batches": sum(1 for r in pub.results if r.duplicate),
        "publish_retries": len(retries),
        "reconnects": sub.reconnects,
        "seconds": round(time.monotonic() - started, 2),
    }})


def outcome(case, fn):
    try:
        fn()
        return {"case": case, "exception": None}
    except tw.HubError as e:
        return {"case": case, "exception": type(e).__name__, "status": e.status, "code": e.code,
                "issues": [{"index": i.index, "path": i.path, "message": i.message} for i in e.issues]}
    except tw.TickerwireError as e:  # not the hub's answer (e.g. unreachable): reported, for the driver to judge
        return {"case": case, "exception": type(e).__name__, "message": str(e)}


def errors(args):
    ok = tw.signal("RSI_Oversold", "BUY", price=42350.5, confidence=0.85)
    bad = [{"topic": ok[0], "data": {"strategy_name": "RSI_Oversold", "action": "HOLD", "price": 1, "confidence": 2}}]
    big = [{"topic": "system.alert", "data": {"message": "x" * 1900}}] * 1000
    publisher = tw.Publisher(args.url, token=args.publisher, max_attempts=1)
    cases = [
        ("invalid", lambda: publisher.send_batch(bad)),
        ("too_large", lambda: publisher.send_batch(big)),
        ("expired_publish", lambda: tw.Publisher(args.url, token=args.expired, max_attempts=1).send_batch([])),
        ("no_token", lambda: tw.Publisher(args.url, max_attempts=1).send_batch([])),
        ("no_publish_scope", lambda: tw.Publisher(args.url, token=args.subscriber, max_attempts=1).send_batch(
            [{"topic": ok[0], "data": tw._compact(ok[1])}])),
        ("expired_subscribe", lambda: next(iter(tw.Subscription(args.url, ["trade.>"], token=args.expired)))),
        ("valid", lambda: publisher.send_batch([{"topic": ok[0], "data": tw._compact(ok[1])}])),
    ]
    for case, fn in cases:
        say(outcome(case, fn))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="scenario", required=True)
    r = sub.add_parser("resume")
    r.add_argument("--url", required=True)
    r.add_argument("--count", type=int, default=5000)
    r.add_argument("--batch", type=int, default=250)
    e = sub.add_parser("errors")
    e.add_argument("--url", required=True)
    for name in ("--expired", "--publisher", "--subscriber"):
        e.add_argument(name, required=True)
    args = p.parse_args()
    resume(args) if args.scenario == "resume" else errors(args)


if __name__ == "__main__":
    main()
