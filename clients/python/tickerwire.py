"""Tickerwire client for Python 3.9+: publish trading events to a hub, subscribe to them over SSE.

Standard library only, one file: copy it into your trading engine. The shapes follow the hub's
documents (``/api/v1/openapi.json``, ``/api/v1/asyncapi.json``); a test keeps the dataclasses
below in step with them.

Publishing::

    with Publisher("http://127.0.0.1:8080", token=os.environ.get("TICKERWIRE_TOKEN")) as pub:
        pub.publish(signal("RSI_Oversold", "BUY", price=42350.5, confidence=0.85))
    # events are sent in batches (one Idempotency-Key per batch, retried with backoff)

Subscribing (resumes with Last-Event-ID after any drop; a stream silent past ``dead_after``
seconds is presumed dead and reopened)::

    for event in Subscription("http://127.0.0.1:8080", topics=["strategy.*.signal", "trade.>"]):
        print(event.seq, event.type, event.data)
"""

from __future__ import annotations

import http.client
import json
import random
import socket
import time
import urllib.parse
import uuid
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Type, Union

__all__ = [
    "AlertData", "CandleData", "Event", "ForbiddenError", "HubError", "InvalidEventError", "Issue",
    "MetricsData", "PayloadTooLargeError", "PublishResult", "Publisher", "RateLimitedError",
    "SignalData", "Subscription", "TickerwireError", "TokenExpiredError", "TradeClosedData",
    "TradeData", "UnauthorizedError", "UnavailableError", "alert", "candle", "metrics", "signal",
    "trade", "trade_closed",
]

TokenSource = Union[None, str, Callable[[], str]]
MAX_BATCH = 1000
ACTIONS = ("BUY", "SELL")
SEVERITIES = ("info", "warning", "critical")
ALERT_KINDS = ("promoted", "rollback", "system")

# ----------------------------------------------------------------------------------- event data


def _compact(obj: Any) -> Dict[str, Any]:
    """The dataclass as the hub's JSON: fields left at None are not sent."""
    return {k: v for k, v in asdict(obj).items() if v is not None}


@dataclass
class SignalData:
    """``strategy.<Strategy>.signal``: a strategy's BUY/SELL signal."""
    strategy_name: str
    action: str  # one of ACTIONS
    price: float
    confidence: float  # 0..1
    symbol: Optional[str] = None


@dataclass
class TradeData:
    """``trade.executed``: a position opened."""
    trade_id: str
    strategy_name: str
    action: str  # one of ACTIONS
    entry_price: float
    quantity: float
    symbol: Optional[str] = None


@dataclass
class TradeClosedData:
    """``trade.closed``: a position closed, with its P&L."""
    trade_id: str
    strategy_name: str
    entry_price: float
    exit_price: float
    pnl: float
    quantity: Optional[float] = None
    symbol: Optional[str] = None


@dataclass
class MetricsData:
    """``strategy.<Strategy>.metrics``: a strategy's running totals."""
    strategy_name: str
    total_trades: int
    win_rate: float  # 0..1
    total_profit_loss: float
    sharpe_ratio: Optional[float] = None
    profit_factor: Optional[float] = None


@dataclass
class AlertData:
    """``strategy.promoted`` / ``strategy.rollback`` / ``system.alert``. The hub fills in ``kind``
    and ``severity`` from the topic when a publisher leaves them out; received alerts have both."""
    message: str
    strategy_name: Optional[str] = None
    severity: Optional[str] = None  # one of SEVERITIES
    kind: Optional[str] = None  # one of ALERT_KINDS
    version: Optional[int] = None
    reason: Optional[str] = None
    rule_id: Optional[str] = None  # set by the hub on its own alerts: the alert rule that fired
    engine: Optional[str] = None  # the engine a liveness alert is about


@dataclass
class CandleData:
    """``market.<SYMBOL>.<interval>``: an OHLCV candle; ``start`` is an ISO 8601 time."""
    symbol: str
    interval: str
    open: float
    high: float
    low: float
    close: float
    volume: float
    start: str


EventData = Union[SignalData, TradeData, TradeClosedData, MetricsData, AlertData, CandleData]
DATA_CLASSES: Dict[str, Type[Any]] = {
    "signal": SignalData, "trade": TradeData, "trade_closed": TradeClosedData,
    "metrics": MetricsData, "alert": AlertData, "candle": CandleData,
}


@dataclass
class Event:
    """One event as the hub delivers it; ``seq`` is strictly increasing across the hub."""
    type: str
    seq: int
    topic: str
    timestamp: str
    data: EventData

    @classmethod
    def from_json(cls, obj: Dict[str, Any]) -> "Event":
        data_cls = DATA_CLASSES[obj["type"]]
        known = {f.name for f in fields(data_cls)}
        data = data_cls(**{k: v for k, v in obj["data"].items() if k in known})
        return cls(type=obj["type"], seq=obj["seq"], topic=obj["topic"], timestamp=obj["timestamp"], data=data)


# Builders: one (topic, data) pair to publish, for each topic form.
def signal(strategy: str, action: str, price: float, confidence: float, symbol: Optional[str] = None):
    return f"strategy.{strategy}.signal", SignalData(strategy, action, price, confidence, symbol)


def metrics(data: MetricsData):
    return f"strategy.{data.strategy_name}.metrics", data


def trade(data: TradeData):
    return "trade.executed", data


def trade_closed(data: TradeClosedData):
    return "trade.closed", data


def alert(kind: str, data: AlertData):
    """``kind``: promoted, rollback or system."""
    return {"promoted": "strategy.promoted", "rollback": "strategy.rollback", "system": "system.alert"}[kind], data


def candle(data: CandleData):
    return f"market.{data.symbol}.{data.interval}", data


# --------------------------------------------------------------------------------------- errors


@dataclass
class Issue:
    """One schema problem: which batch item (``index``), where in it (``path``) and what."""
    path: List[Union[str, int]]
    message: str
    index: Optional[int] = None


class TickerwireError(Exception):
    """Base of every error this module raises."""


class HubError(TickerwireError):
    """The hub refused a request: HTTP ``status``, its error ``code`` (ERROR_CODES) and ``issues``."""

    def __init__(self, status: int, code: str, message: str, issues: Sequence[Issue] = ()):
        super().__init__(f"HTTP {status} {code}: {message}")
        self.status, self.code, self.message, self.issues = status, code, message, list(issues)


class InvalidEventError(HubError):
    """400: the batch (or the request) does not match the schema; ``issues`` say where. Nothing of
    the batch was published. Retrying the same batch cannot help."""


class UnauthorizedError(HubError):
    """401: missing or invalid token."""


class TokenExpiredError(UnauthorizedError):
    """401 ``token_expired``: get a new token."""


class ForbiddenError(HubError):
    """403: the token's scope or topics do not allow this."""


class PayloadTooLargeError(HubError):
    """413: the body exceeds the hub's MAX_BODY_BYTES: send smaller batches."""


class RateLimitedError(HubError):
    """429 still after every retry (each waited the hub's Retry-After)."""


class UnavailableError(TickerwireError):
    """The hub stayed unreachable or answered 5xx through every attempt."""


_ERRORS: Dict[int, Type[HubError]] = {
    400: InvalidEventError, 401: UnauthorizedError, 403: ForbiddenError,
    413: PayloadTooLargeError, 429: RateLimitedError,
}


def hub_error(status: int, body: bytes) -> HubError:
    """The exception for an error answer (the hub's ErrorBody; anything else keeps its text)."""
    try:
        obj = json.loads(body.decode("utf-8"))
        code, message = str(obj["error"]), str(obj.get("message", ""))
        issues = [Issue(list(i["path"]), str(i["message"]), i.get("index")) for i in obj.get("issues") or []]
    except (ValueError, KeyError, TypeError, AttributeError):
        code, message, issues = "http_error", body[:300].decode("utf-8", "replace"), []
    if status == 401 and code == "token_expired":
        return TokenExpiredError(status, code, message, issues)
    return _ERRORS.get(status, HubError)(status, code, message, issues)


def backoff_delay(attempt: int, base: float, cap: float, rng: Callable[[], float] = random.random) -> float:
    """Full-jitter exponential backoff: uniform in [0, min(cap, base * 2**attempt))."""
    return rng() * min(cap, base * (2 ** attempt))


def _token(source: TokenSource) -> Optional[str]:
    return source() if callable(source) else source


def _connect(target: urllib.parse.SplitResult, timeout: float) -> http.client.HTTPConnection:
    cls = http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
    return cls(target.hostname or "127.0.0.1", target.port, timeout=timeout)


# ------------------------------------------------------------------------------------ publishing


@dataclass
class PublishResult:
    """The hub's 202: the seqs assigned in batch order; ``duplicate`` when the key was seen before."""
    seqs: List[int]
    duplicate: bool
    attempts: int = 1


@dataclass
class Publisher:
    """Publishes events in batches to ``POST /api/v1/events``.

    ``publish`` buffers and sends a batch when ``batch_size`` events are waiting, or when the oldest
    has waited ``linger`` seconds by the next call; ``flush`` (and leaving a ``with`` block) sends
    the rest. Each batch gets one ``Idempotency-Key`` that every retry repeats, so a batch whose
    answer was lost is published once. Network errors, 5xx and 429 are retried with full-jitter
    backoff (429 waits at least its Retry-After); 400/401/403/413 raise at once.
    """
    url: str
    token: TokenSource = None
    batch_size: int = 500
    linger: float = 0.2
    max_attempts: int = 10
    backoff_base: float = 0.2
    backoff_max: float = 5.0
    timeout: float = 10.0
    sleep: Callable[[float], None] = time.sleep
    rng: Callable[[], float] = random.random
    on_retry: Optional[Callable[[int, str], None]] = None
    results: List[PublishResult] = field(default_factory=list)
    _buffer: List[Dict[str, Any]] = field(default_factory=list)
    _oldest: float = 0.0

    def __post_init__(self) -> None:
        if not 1 <= self.batch_size <= MAX_BATCH:
            raise ValueError(f"batch_size must be 1 to {MAX_BATCH}")

    def __enter__(self) -> "Publisher":
        return self

    def __exit__(self, *exc: Any) -> None:
        if exc[0] is None:
            self.flush()

    def publish(self, topic_and_data: Union[Tuple[str, Any], str], data: Any = None) -> None:
        """Queues one event: ``publish(signal(...))`` or ``publish(topic, data)`` (a dataclass or dict)."""
        topic, payload = topic_and_data if isinstance(topic_and_data, tuple) else (topic_and_data, data)
        if not self._buffer:
            self._oldest = time.monotonic()
        self._buffer.append({"topic": topic, "data": _compact(payload) if hasattr(payload, "__dataclass_fields__") else payload})
        if len(self._buffer) >= self.batch_size or time.monotonic() - self._oldest >= self.linger:
            self.flush()

    def flush(self) -> List[PublishResult]:
        """Sends everything buffered, in batches; returns their results (also kept in ``results``)."""
        sent: List[PublishResult] = []
        while self._buffer:
            batch, self._buffer = self._buffer[: self.batch_size], self._buffer[self.batch_size:]
            sent.append(self.send_batch(batch))
        self.results.extend(sent)
        return sent

    def send_batch(self, items: Sequence[Dict[str, Any]], key: Optional[str] = None) -> PublishResult:
        """Sends one batch now (retrying as described above) and returns the hub's answer."""
        body = json.dumps(list(items), separators=(",", ":")).encode("utf-8")
        key = key or uuid.uuid4().hex
        reason = ""
        for attempt in range(self.max_attempts):
            wait = 0.0
            try:
                status, answer, retry_after = self._post(body, key)
                if status == 202:
                    obj = json.loads(answer)
                    return PublishResult([int(s) for s in obj["seqs"]], bool(obj["duplicate"]), attempt + 1)
                error = hub_error(status, answer)
                if status != 429 and status < 500:
                    raise error
                if status == 429:
                    wait = float(retry_after) if retry_after and retry_after.isdigit() else 1.0
                reason = str(error)
            except (http.client.HTTPException, OSError) as e:
                reason = f"{type(e).__name__}: {e}"
            if attempt + 1 >= self.max_attempts:
                break
            delay = max(wait, backoff_delay(attempt, self.backoff_base, self.backoff_max, self.rng))
            if self.on_retry:
                self.on_retry(attempt + 1, reason)
            self.sleep(delay)
        if reason.startswith("HTTP 429"):
            raise hub_error(429, json.dumps({"error": "rate_limited", "message": reason}).encode())
        raise UnavailableError(f"gave up after {self.max_attempts} attempts: {reason}")

    def _post(self, body: bytes, key: str) -> Tuple[int, bytes, Optional[str]]:
        """One attempt: the status, the body and the Retry-After header."""
        headers = {"Content-Type": "application/json", "Idempotency-Key": key}
        token = _token(self.token)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        target = urllib.parse.urlsplit(self.url.rstrip("/") + "/api/v1/events")
        conn = _connect(target, self.timeout)
        try:
            try:
                conn.request("POST", target.path, body=body, headers=headers)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the hub may answer (413) and close before the whole body is sent: read that answer
            res = conn.getresponse()
            return res.status, res.read(), res.getheader("Retry-After")
        finally:
            conn.close()


# ----------------------------------------------------------------------------------- subscribing


def parse_sse(lines: Iterator[str]) -> Iterator[Tuple[str, Optional[str], str]]:
    """SSE frames from decoded lines (without line endings): ``(event, id, data)`` per frame.
    Comments (``: heartbeat``) and ``retry:`` are skipped; multi-line data is joined with ``\\n``."""
    event, ident, data = "message", None, []
    for line in lines:
        if line == "":
            if data:
                yield event, ident, "\n".join(data)
            event, ident, data = "message", None, []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "event":
            event = value
        elif name == "data":
            data.append(value)
        elif name == "id":
            ident = value


class Subscription:
    """Events from ``GET /sse``, in order, each once, across reconnects.

    Iterate it to get ``Event`` objects. It resumes after any drop with ``Last-Event-ID`` (the last
    event's ``<epoch>:<seq>``), and treats a stream with no bytes for ``dead_after`` seconds as dead
    (the hub sends a heartbeat at least every 15 s). 401/403/400 raise; anything else backs off
    and reconnects. ``on_control`` receives control messages (``connected``, ``replayed``,
    ``error``...) as dicts; ``replayed`` with ``truncated: true`` means history no longer held
    everything missed. ``close()`` (from another thread) ends the iteration.
    """

    def __init__(self, url: str, topics: Sequence[str] = (), *, strategies: Sequence[str] = (),
                 types: Sequence[str] = (), min_confidence: Optional[float] = None,
                 last_event_id: Optional[str] = None, token: TokenSource = None, dead_after: float = 35.0,
                 backoff_base: float = 0.2, backoff_max: float = 5.0,
                 on_control: Optional[Callable[[Dict[str, Any]], None]] = None,
                 sleep: Callable[[float], None] = time.sleep, rng: Callable[[], float] = random.random):
        query = {"topics": ",".join(topics), "strategies": ",".join(strategies), "types": ",".join(types)}
        if min_confidence is not None:
            query["min_confidence"] = str(min_confidence)
        self._target = urllib.parse.urlsplit(url.rstrip("/") + "/sse")
        self._path = self._target.path + "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v})
        self.last_event_id, self.token, self.dead_after = last_event_id, token, dead_after
        self.backoff_base, self.backoff_max, self.on_control = backoff_base, backoff_max, on_control
        self.sleep, self.rng = sleep, rng
        self.reconnects = 0
        self._last_seq: Tuple[Optional[str], int] = (None, 0)
        self._conn: Optional[http.client.HTTPConnection] = None
        self._closed = False

    def close(self) -> None:
        self._closed = True
        conn = self._conn
        if conn is not None and conn.sock is not None:
            try:
                conn.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __iter__(self) -> Iterator[Event]:
        failures = 0
        while not self._closed:
            try:
                for event in self._stream():
                    failures = 0
                    yield event
            except HubError:
                raise
            except (OSError, http.client.HTTPException, ValueError) as e:
                # socket.timeout (an OSError): no byte for dead_after s, a dead stream; ValueError: a garbled frame
                if self._closed:
                    return
                self._note(f"{type(e).__name__}: {e}")
            except _Retry as e:
                self._note(str(e))
            if self._closed:
                return
            self.reconnects += 1
            self.sleep(backoff_delay(failures, self.backoff_base, self.backoff_max, self.rng))
            failures += 1

    def _note(self, why: str) -> None:
        if self.on_control:
            self.on_control({"type": "reconnecting", "reason": why})

    def _open(self) -> http.client.HTTPResponse:
        conn = _connect(self._target, self.dead_after)
        self._conn = conn
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
        if self.last_event_id:
            headers["Last-Event-ID"] = self.last_event_id
        token = _token(self.token)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        conn.request("GET", self._path, headers=headers)
        res = conn.getresponse()
        if res.status != 200:
            body = res.read()
            conn.close()
            error = hub_error(res.status, body)
            if res.status in (400, 401, 403):
                raise error
            raise _Retry(str(error))
        return res

    def _stream(self) -> Iterator[Event]:
        res = self._open()
        try:
            lines = (raw.decode("utf-8").rstrip("\r\n") for raw in iter(res.readline, b""))
            for name, ident, data in parse_sse(lines):
                msg = json.loads(data)
                if name in DATA_CLASSES:
                    event = Event.from_json(msg)
                    epoch = ident.rpartition(":")[0] if ident else None
                    if epoch == self._last_seq[0] and event.seq <= self._last_seq[1]:
                        continue  # already delivered (cannot happen with a correct hub; cheap to check)
                    self._last_seq = (epoch, event.seq)
                    if ident:
                        self.last_event_id = ident
                    yield event
                elif self.on_control:
                    self.on_control(msg)
            raise _Retry("the stream ended")
        finally:
            res.close()
            if self._conn is not None:
                self._conn.close()
            self._conn = None


class _Retry(Exception):
    """Internal: the stream should be reopened (after backoff)."""
