"""The client: one call per operation of the worker's four services, over the TCP event-bus bridge.

Each frame on the bridge is a 4-byte big-endian length, then UTF-8 JSON. A call is a ``send``
frame to a service address with header ``action`` (the service method) and a body of snake_case
arguments; the answer is a ``message`` frame (the result) or an ``err`` frame (``failureCode``,
``message``) addressed to the call's ``replyAddress``.
"""

import itertools
import json
import os
import re
import socket
import struct
import threading
import time

DEFAULT_BRIDGE = "127.0.0.1:7000"
_WORKER_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}\Z")
_TRACEPARENT = re.compile(r"\A[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}\Z")
_LENGTH = struct.Struct(">I")
_MAX_FRAME = 64 * 1024 * 1024  # a frame longer than this is a broken stream, not an answer


class TaskerWorkerError(Exception):
    """A failed call: ``code`` is the failure code (400, 401, 403, 404, 500, 503, 504).

    ``unreachable`` is True when the worker never answered: no connection (503), a connection lost
    (503), or no answer in time (504); False when the worker itself refused or failed the call.
    """

    def __init__(self, code, message, unreachable=False):
        super().__init__("%s: %s" % (code, message))
        self.code = code
        self.message = message
        self.unreachable = unreachable


class _ConnectionLost(Exception):
    """The connection broke before an answer arrived (the worker restarted, or went away)."""


def parse_bridge(address):
    """``host:port`` (``[::1]:7000`` for IPv6) as a (host, port) pair."""
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise ValueError("bridge address must be host:port, got %r" % address)
    return host.strip("[]"), int(port)


class Client:
    """One worker (``worker_id``) or any worker (no id: the shared addresses), reached over one reused connection.

    Defaults come from ``TASKER_BRIDGE_ADDRESS`` (host:port), ``TASKER_WORKER_ID``, ``TASKER_API_KEY``,
    ``TASKER_TOKEN`` and ``TRACEPARENT``. Safe to share between threads: calls on one client take turns.

    ``traceparent`` (a W3C trace context, ``00-<trace id>-<span id>-<flags>``) goes with every call
    while set, so the worker's spans continue the caller's trace; set or clear ``client.traceparent``
    between calls.
    """

    def __init__(self, host=None, port=None, worker_id=None, timeout=5.0, api_key=None, token=None,
                 traceparent=None):
        default_host, default_port = parse_bridge(os.environ.get("TASKER_BRIDGE_ADDRESS") or DEFAULT_BRIDGE)
        self.host = host or default_host
        self.port = int(port or default_port)
        self.worker_id = worker_id if worker_id is not None else (os.environ.get("TASKER_WORKER_ID") or None)
        if self.worker_id is not None and not _WORKER_ID.match(self.worker_id):
            raise ValueError("worker_id must match [A-Za-z0-9_.-]{1,64}, got %r" % self.worker_id)
        self.timeout = float(timeout)
        self.api_key = api_key if api_key is not None else (os.environ.get("TASKER_API_KEY") or None)
        self.token = token if token is not None else (os.environ.get("TASKER_TOKEN") or None)
        self.traceparent = traceparent if traceparent is not None else (os.environ.get("TRACEPARENT") or None)
        self._socket = None
        self._lock = threading.Lock()
        self._replies = itertools.count(1)

    # --- health ---------------------------------------------------------------------------
    def health_basic(self):
        return self._call("health", "basic")

    def health_live(self):
        return self._call("health", "live")

    def health_ready(self):
        return self._call("health", "ready")

    def health_detailed(self):
        return self._call("health", "detailed")

    def is_ready(self):
        """True when readiness answers ``healthy``; False on any failure, never raises."""
        return self._says("health_ready", "healthy")

    def is_alive(self):
        """True when liveness answers ``alive``; False on any failure, never raises."""
        return self._says("health_live", "alive")

    # --- metrics --------------------------------------------------------------------------
    def metrics_worker(self):
        return self._call("metrics", "worker")

    def metrics_events(self):
        return self._call("metrics", "events")

    def metrics_prometheus(self):
        """The Prometheus text exposition, as a string."""
        return self._call("metrics", "prometheus")

    # --- templates ------------------------------------------------------------------------
    def templates_list(self, include_cache_stats=False):
        return self._call("templates", "list", include_cache_stats=bool(include_cache_stats))

    def template_get(self, namespace, name, version):
        return self._call("templates", "get", namespace=namespace, name=name, version=version)

    def template_validate(self, namespace, name, version):
        return self._call("templates", "validate", namespace=namespace, name=name, version=version)

    def template_refresh(self, namespace, name, version):
        """Never fails for a missing template: answers ``success: False`` and why."""
        return self._call("templates", "refresh", namespace=namespace, name=name, version=version)

    def cache_stats(self):
        return self._call("templates", "cacheStats")

    def cache_clear(self):
        return self._call("templates", "clearCache")

    def cache_maintain(self):
        return self._call("templates", "maintainCache")

    # --- config ---------------------------------------------------------------------------
    def config_runtime(self):
        """The runtime configuration, secrets redacted."""
        return self._call("config", "runtime")

    def config_environment(self):
        """The environment's name, as a string."""
        return self._call("config", "environment")

    # --- connection -----------------------------------------------------------------------
    def close(self):
        with self._lock:
            self._drop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _says(self, operation, status):
        try:
            return getattr(self, operation)().get("status") == status
        except Exception:  # the helpers answer a yes or a no, whatever went wrong
            return False

    def _address(self, service):
        return "tasker.worker.%s" % service if self.worker_id is None else "tasker.worker.%s.%s" % (self.worker_id, service)

    def _call(self, service, action, **arguments):
        headers = {"action": action}
        if self.api_key:
            headers["x-api-key"] = self.api_key
        if self.token:
            headers["authorization"] = "Bearer " + self.token
        if self.traceparent:
            if not _TRACEPARENT.match(self.traceparent):
                raise ValueError("traceparent must be 00-<32 hex>-<16 hex>-<2 hex>, got %r" % self.traceparent)
            headers["traceparent"] = self.traceparent
        with self._lock:
            reply_to = "tasker-client.%d.%d" % (os.getpid(), next(self._replies))
            frame = {"type": "send", "address": self._address(service), "replyAddress": reply_to,
                     "headers": headers, "body": arguments}
            deadline = time.monotonic() + self.timeout
            for attempt in (1, 2):
                reused = self._socket is not None
                try:
                    return self._exchange(frame, deadline)
                except _ConnectionLost as lost:
                    # A reused connection may have died with a worker that restarted since: one fresh try.
                    if not reused or attempt == 2:
                        raise TaskerWorkerError(503, "connection to %s:%d lost: %s" % (self.host, self.port, lost),
                                                unreachable=True) from None

    def _exchange(self, frame, deadline):
        sock = self._connected(deadline)
        data = json.dumps(frame, separators=(",", ":")).encode("utf-8")
        try:
            sock.settimeout(self._left(deadline))
            sock.sendall(_LENGTH.pack(len(data)) + data)
            while True:
                answer = self._read_frame(sock, deadline)
                if answer.get("type") == "pong":
                    continue
                address = answer.get("address")
                if address is not None and address != frame["replyAddress"]:
                    continue  # the late answer of an earlier call that timed out
                return self._result(answer, frame["address"])
        except socket.timeout:
            self._drop()  # the stream may hold half a frame: start clean next time
            raise TaskerWorkerError(504, "no answer from %s within %.3g s" % (frame["address"], self.timeout), unreachable=True) from None
        except (OSError, _ConnectionLost) as broken:
            self._drop()
            raise _ConnectionLost(str(broken) or type(broken).__name__) from None
        except ValueError as garbled:
            self._drop()
            raise TaskerWorkerError(500, "unreadable frame from the bridge: %s" % garbled) from None

    def _connected(self, deadline):
        if self._socket is None:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=self._left(deadline))
            except socket.timeout:
                raise TaskerWorkerError(504, "connecting to %s:%d timed out" % (self.host, self.port), unreachable=True) from None
            except OSError as e:
                raise TaskerWorkerError(503, "cannot connect to %s:%d: %s" % (self.host, self.port, e.strerror or e), unreachable=True) from None
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._socket = sock
        return self._socket

    def _read_frame(self, sock, deadline):
        (length,) = _LENGTH.unpack(self._read_exactly(sock, 4, deadline))
        if length > _MAX_FRAME:
            raise _ConnectionLost("frame of %d bytes" % length)
        return json.loads(self._read_exactly(sock, length, deadline).decode("utf-8"))

    def _read_exactly(self, sock, count, deadline):
        chunks = bytearray()
        while len(chunks) < count:
            sock.settimeout(self._left(deadline))
            chunk = sock.recv(count - len(chunks))
            if not chunk:
                raise _ConnectionLost("closed by the worker")
            chunks.extend(chunk)
        return bytes(chunks)

    def _left(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise socket.timeout()
        return left

    @staticmethod
    def _result(answer, address):
        if answer.get("type") == "message":
            return answer.get("body")
        if answer.get("type") == "err":
            raise _failure(answer, address)
        raise TaskerWorkerError(500, "unexpected frame from the bridge: %s" % answer.get("type"))

    def _drop(self):
        if self._socket is not None:
            try:
                self._socket.close()
            finally:
                self._socket = None


def _failure(answer, address):
    """An ``err`` frame as the error: the service's own code, or the bus's reason as one."""
    kind = answer.get("failureType")
    message = answer.get("message") or "failed"
    if kind == "NO_HANDLERS":
        return TaskerWorkerError(404, "no worker answers at %s" % address)
    if kind == "TIMEOUT":
        return TaskerWorkerError(504, "the worker did not answer at %s in time" % address)
    code = answer.get("failureCode")
    if isinstance(code, int) and code > 0:
        return TaskerWorkerError(code, message)
    # The bridge refused the frame itself (no reply address): a forbidden address or a malformed frame.
    return TaskerWorkerError(403 if message == "access_denied" else 400, "the bridge refused the call: %s" % message)
