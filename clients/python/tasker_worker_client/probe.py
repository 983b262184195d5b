"""``tasker-probe live|ready``: a Kubernetes exec probe over the TCP bridge, with no JVM to start.

Exit 0 when live / ready, 1 when the worker answers that it is not, 2 when it cannot be reached
or does not answer in time (and 3 for a usage error). One line of output either way.
"""

import argparse
import sys
import time

from .client import Client, TaskerWorkerError, parse_bridge

OK, NOT, UNREACHABLE, USAGE = 0, 1, 2, 3


USAGE_LINE = "usage: tasker-probe live|ready [--bridge host:port] [--worker ID] [--timeout seconds]"


class _OneLineParser(argparse.ArgumentParser):
    """Usage errors in one line, exit 3: a probe's log shows one line per run."""

    def error(self, message):
        print("tasker-probe: %s (%s)" % (message, USAGE_LINE))
        sys.exit(USAGE)


def main(argv=None):
    parser = _OneLineParser(prog="tasker-probe", description="Exec probe of a Tasker worker over its TCP bridge.")
    parser.add_argument("kind", choices=["live", "ready"])
    parser.add_argument("--bridge", help="host:port of the worker's TCP bridge (default: $TASKER_BRIDGE_ADDRESS or 127.0.0.1:7000)")
    parser.add_argument("--worker", help="this worker id's own address (default: $TASKER_WORKER_ID, else any worker)")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for the answer (default 5)")
    try:
        args = parser.parse_args(argv)
        host, port = parse_bridge(args.bridge) if args.bridge else (None, None)
        client = Client(host=host, port=port, worker_id=args.worker, timeout=args.timeout)
    except ValueError as bad:
        print("tasker-probe: %s (%s)" % (bad, USAGE_LINE))
        return USAGE
    return probe(client, args.kind)


def probe(client, kind):
    started = time.monotonic()
    expected = "alive" if kind == "live" else "healthy"
    try:
        answer = client.health_live() if kind == "live" else client.health_ready()
    except TaskerWorkerError as failure:
        if failure.unreachable:
            print("%s: unreachable (%s)" % (kind, failure.message))
            return UNREACHABLE
        print("%s: not %s (%s %s)" % (kind, kind, failure.code, failure.message))
        return NOT
    finally:
        client.close()
    ms = (time.monotonic() - started) * 1000
    status = answer.get("status")
    worker = answer.get("worker_id", "?")
    if status == expected:
        print("%s: %s (%s, %.0f ms)" % (kind, status, worker, ms))
        return OK
    failing = ["%s %s" % (name, check.get("message")) for name, check in (answer.get("checks") or {}).items()
               if check.get("status") != "healthy"]
    print("%s: not %s (status %s, %s%s)" % (kind, kind, status, worker, ": " + "; ".join(failing) if failing else ""))
    return NOT


if __name__ == "__main__":
    sys.exit(main())
