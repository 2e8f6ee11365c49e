"""Unit tests of tickerwire.py (standard library unittest): error mapping, backoff, SSE parsing,
the publisher's batching and retries and the subscription's resume and dead-stream detection
against small local HTTP servers, and the dataclasses against the hub's JSON Schemas.

Run: python3 -m unittest discover -s clients/python/tests
"""

import json
import os
import socket
import sys
import threading
import unittest
from dataclasses import MISSING, fields
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import tickerwire as tw  # noqa: E402

DOCS = os.path.join(HERE, "..", "..", "..", "docs")


class FakeHub:
    """A local HTTP server whose handler is a function of the request: (status, headers, body)
    tuples, or a callable taking the handler for streaming answers. Records every request."""

    def __init__(self, answer):
        self.requests = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                self._serve(b"")

            def do_POST(self):
                self._serve(self.rfile.read(int(self.headers.get("Content-Length", 0))))

            def _serve(self, body):
                hub.requests.append((self.command, self.path, dict(self.headers), body))
                result = answer(len(hub.requests) - 1, self)
                if callable(result):
                    return result(self)
                if result is None:  # drop the connection without an answer
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                status, headers, payload = result
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                for k, v in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def accepted(first, n, duplicate=False):
    return 202, {}, {"seqs": list(range(first, first + n)), "duplicate": duplicate}


class ErrorsTest(unittest.TestCase):
    def test_error_bodies_become_typed_exceptions_with_their_issues(self):
        body = json.dumps({"error": "invalid_event", "message": "bad", "issues": [
            {"index": 1, "path": ["data", "confidence"], "message": "Too big"}]}).encode()
        e = tw.hub_error(400, body)
        self.assertIsInstance(e, tw.InvalidEventError)
        self.assertEqual((e.status, e.code), (400, "invalid_event"))
        self.assertEqual(e.issues, [tw.Issue(["data", "confidence"], "Too big", 1)])
        expired = tw.hub_error(401, b'{"error":"token_expired","message":"expired"}')
        self.assertIsInstance(expired, tw.TokenExpiredError)
        self.assertIsInstance(expired, tw.UnauthorizedError)
        self.assertIsInstance(tw.hub_error(401, b'{"error":"unauthorized","message":""}'), tw.UnauthorizedError)
        self.assertIsInstance(tw.hub_error(403, b'{"error":"forbidden","message":""}'), tw.ForbiddenError)
        self.assertIsInstance(tw.hub_error(413, b'{"error":"payload_too_large","message":""}'), tw.PayloadTooLargeError)
        self.assertIsInstance(tw.hub_error(429, b'{"error":"rate_limited","message":""}'), tw.RateLimitedError)
        proxy = tw.hub_error(502, b"<html>Bad Gateway</html>")
        self.assertEqual((type(proxy), proxy.code, proxy.message), (tw.HubError, "http_error", "<html>Bad Gateway</html>"))

    def test_backoff_is_full_jitter_capped(self):
        self.assertEqual(tw.backoff_delay(0, 0.2, 5.0, lambda: 0.999999) < 0.2, True)
        self.assertAlmostEqual(tw.backoff_delay(3, 0.2, 5.0, lambda: 0.5), 0.8)
        self.assertAlmostEqual(tw.backoff_delay(30, 0.2, 5.0, lambda: 1.0), 5.0)
        self.assertEqual(tw.backoff_delay(4, 0.2, 5.0, lambda: 0.0), 0.0)


class ParseSseTest(unittest.TestCase):
    def test_frames_ids_comments_and_multiline_data(self):
        lines = ["retry: 2000", "event: connected", 'data: {"a":1}', "", ": heartbeat", "",
                 "id: k3f9:7", "event: signal", "data: line1", "data: line2", "", "data: plain", ""]
        self.assertEqual(list(tw.parse_sse(iter(lines))), [
            ("connected", None, '{"a":1}'), ("signal", "k3f9:7", "line1\nline2"), ("message", None, "plain")])


class PublisherTest(unittest.TestCase):
    def setUp(self):
        self.slept = []

    def publisher(self, hub, **kw):
        return tw.Publisher(hub.url, sleep=self.slept.append, rng=lambda: 0.5, **kw)

    def test_batches_get_one_idempotency_key_each_repeated_on_every_retry(self):
        script = [(503, {}, {"error": "unavailable", "message": "down"}), None, accepted(1, 100), accepted(101, 100),
                  accepted(201, 50)]
        hub = FakeHub(lambda i, _h: script[i])
        try:
            with self.publisher(hub, batch_size=100, linger=60, token="JWT") as pub:
                for i in range(250):
                    pub.publish(tw.trade(tw.TradeData(f"t{i}", "RSI_Oversold", "BUY", 100.0, 1.0)))
            keys = [r[2]["Idempotency-Key"] for r in hub.requests]
            self.assertEqual(keys[0], keys[1])
            self.assertEqual(keys[1], keys[2])
            self.assertEqual(len(set(keys)), 3)
            self.assertEqual([len(json.loads(r[3])) for r in hub.requests], [100, 100, 100, 100, 50])
            self.assertEqual(hub.requests[0][2]["Authorization"], "Bearer JWT")
            self.assertEqual([(r.seqs[0], r.seqs[-1], r.attempts) for r in pub.results], [(1, 100, 3), (101, 200, 1), (201, 250, 1)])
            self.assertEqual(len(self.slept), 2)
            self.assertNotIn("symbol", json.loads(hub.requests[0][3])[0]["data"])  # None fields are not sent
        finally:
            hub.stop()

    def test_429_waits_its_retry_after_then_succeeds(self):
        script = [(429, {"Retry-After": "3"}, {"error": "rate_limited", "message": "slow", "limit": "publish_rate"}),
                  accepted(1, 1)]
        hub = FakeHub(lambda i, _h: script[i])
        try:
            r = self.publisher(hub).send_batch([{"topic": "system.alert", "data": {"message": "x"}}])
            self.assertEqual((r.seqs, self.slept[0] >= 3), ([1], True))
        finally:
            hub.stop()

    def test_a_400_raises_at_once_with_the_issues_and_nothing_is_retried(self):
        error = {"error": "invalid_event", "message": "event 0 is invalid at data.confidence: Too big",
                 "issues": [{"index": 0, "path": ["data", "confidence"], "message": "Too big"}]}
        hub = FakeHub(lambda i, _h: (400, {}, error))
        try:
            with self.assertRaises(tw.InvalidEventError) as ctx:
                self.publisher(hub).send_batch([{"topic": "strategy.X.signal", "data": {}}])
            self.assertEqual(ctx.exception.issues[0].path, ["data", "confidence"])
            self.assertEqual(len(hub.requests), 1)
        finally:
            hub.stop()

    def test_gives_up_after_max_attempts_and_says_why(self):
        hub = FakeHub(lambda i, _h: (503, {}, {"error": "unavailable", "message": "storage down"}))
        try:
            with self.assertRaises(tw.UnavailableError) as ctx:
                self.publisher(hub, max_attempts=3).send_batch([{"topic": "system.alert", "data": {"message": "x"}}])
            self.assertIn("storage down", str(ctx.exception))
            self.assertEqual(len(hub.requests), 3)
        finally:
            hub.stop()


def sse_answer(frames, hold=0.0):
    """A streaming answer: the frames, then (hold > 0) silence for `hold` s, then the end."""
    def stream(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        for frame in frames:
            data = frame.encode()
            h.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            h.wfile.flush()
        if hold:
            threading.Event().wait(hold)
        h.wfile.write(b"0\r\n\r\n")
        h.close_connection = True
    return stream


def event_frame(seq, epoch="k3f9"):
    e = {"type": "trade", "seq": seq, "topic": "trade.executed", "timestamp": "2026-01-19T10:30:45.123Z",
         "data": {"trade_id": f"t{seq}", "strategy_name": "S", "action": "BUY", "entry_price": 1, "quantity": 1}}
    return f"id: {epoch}:{seq}\nevent: trade\ndata: {json.dumps(e)}\n\n"


CONNECTED = 'event: connected\ndata: {"type":"connected","epoch":"k3f9"}\n\n'


class SubscriptionTest(unittest.TestCase):
    def test_a_silent_stream_is_presumed_dead_and_resumed_from_the_last_id_without_duplicates(self):
        script = [sse_answer([CONNECTED, event_frame(1), event_frame(2)], hold=5),
                  sse_answer([CONNECTED, event_frame(2), event_frame(3)], hold=5)]
        hub = FakeHub(lambda i, _h: script[min(i, 1)])
        controls = []
        sub = tw.Subscription(hub.url, ["trade.>"], min_confidence=0.5, dead_after=0.5, sleep=lambda s: None,
                              on_control=controls.append)
        try:
            seqs = []
            for event in sub:
                seqs.append(event.seq)
                if event.seq == 3:
                    sub.close()
            self.assertEqual(seqs, [1, 2, 3])
            self.assertEqual(hub.requests[1][2].get("Last-Event-ID"), "k3f9:2")
            self.assertIn("topics=trade.%3E", hub.requests[0][1])
            self.assertIn("min_confidence=0.5", hub.requests[0][1])
            self.assertEqual(sub.reconnects, 1)
            self.assertEqual([c["type"] for c in controls][:2], ["connected", "reconnecting"])
            self.assertIsInstance(sub.last_event_id, str)
        finally:
            hub.stop()

    def test_refused_credentials_raise(self):
        hub = FakeHub(lambda i, _h: (401, {}, {"error": "token_expired", "message": "the token has expired"}))
        try:
            with self.assertRaises(tw.TokenExpiredError):
                next(iter(tw.Subscription(hub.url, ["trade.>"], token="old")))
            self.assertEqual(hub.requests[0][2]["Authorization"], "Bearer old")
        finally:
            hub.stop()


class SchemaTest(unittest.TestCase):
    """The dataclasses say what the hub's JSON Schemas (docs/openapi.json) say."""

    JSON_TYPES = {"str": "string", "float": "number", "int": "integer"}

    @classmethod
    def setUpClass(cls):
        with open(os.path.join(DOCS, "openapi.json"), encoding="utf-8") as f:
            cls.schemas = json.load(f)["components"]["schemas"]

    def check(self, cls, component, required_too=True):
        schema = self.schemas[component]
        props = schema["properties"]
        self.assertEqual({f.name for f in fields(cls)}, set(props), f"{cls.__name__} vs {component}")
        required = {f.name for f in fields(cls) if f.default is MISSING}
        if required_too:
            self.assertEqual(required, set(schema.get("required", [])), f"{cls.__name__} vs {component}")
        for f in fields(cls):
            annotation = str(f.type).replace("Optional[", "").rstrip("]")
            prop = props[f.name]
            if "$ref" in prop:
                prop = self.schemas[prop["$ref"].rsplit("/", 1)[1]]
            if annotation in self.JSON_TYPES:
                expected = self.JSON_TYPES[annotation]
                self.assertTrue(prop.get("type") == expected or (expected == "number" and prop.get("type") == "integer"),
                                f"{cls.__name__}.{f.name}: {annotation} vs {prop}")

    def test_event_data_classes_match_the_publish_schemas(self):
        for cls, component in [(tw.SignalData, "SignalData"), (tw.TradeData, "TradeData"),
                               (tw.TradeClosedData, "TradeClosedData"), (tw.MetricsData, "MetricsData"),
                               (tw.AlertData, "AlertDataInput"), (tw.CandleData, "CandleData")]:
            self.check(cls, component)

    def test_received_alerts_and_events_have_the_wire_fields(self):
        self.check(tw.AlertData, "AlertData", required_too=False)
        self.assertEqual(set(self.schemas["AlertData"]["required"]), {"message", "severity", "kind"})
        for event in ["SignalEvent", "TradeEvent", "TradeClosedEvent", "MetricsEvent", "AlertEvent", "CandleEvent"]:
            self.check(tw.Event, event)

    def test_enums_match(self):
        self.assertEqual(list(tw.ACTIONS), self.schemas["SignalData"]["properties"]["action"]["enum"])
        self.assertEqual(list(tw.SEVERITIES), self.schemas["Severity"]["enum"])
        self.assertEqual(list(tw.ALERT_KINDS), self.schemas["AlertKind"]["enum"])
        self.assertEqual(set(tw.DATA_CLASSES), set(self.schemas["EventType"]["enum"]))


if __name__ == "__main__":
    unittest.main()
