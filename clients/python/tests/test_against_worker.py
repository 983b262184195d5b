"""Every operation of the client against a real worker that the Java suite starts (ClientsTest).

The suite passes the worker's bridge in TASKER_BRIDGE_ADDRESS, its id in TASKER_TEST_WORKER_ID,
a key with every permission in TASKER_TEST_API_KEY and a templates:read-only key in
TASKER_TEST_LIMITED_KEY. ``control(...)`` asks the suite to drain, stop or start the worker.
"""

import os
import socket
import sys
import threading
import unittest

from tasker_worker_client import Client, TaskerWorkerError

WORKER = os.environ.get("TASKER_TEST_WORKER_ID")
KEY = os.environ.get("TASKER_TEST_API_KEY")
LIMITED = os.environ.get("TASKER_TEST_LIMITED_KEY")
PAYMENT = ("payments", "process_payment", "1.0.0")


def control(command):
    """Asks the suite for a change of the worker's life, and waits until it is done."""
    print("@@control " + command, flush=True)
    answer = sys.stdin.readline().strip()
    if answer != "ok":
        raise AssertionError("the suite could not %s the worker: %s" % (command, answer))


@unittest.skipUnless(WORKER, "run by the Java suite (ClientsTest), which starts the worker")
class AgainstWorker(unittest.TestCase):

    def setUp(self):
        self.client = Client(api_key=KEY)

    def tearDown(self):
        self.client.close()

    def test_health(self):
        self.assertEqual(self.client.health_basic()["status"], "healthy")
        self.assertEqual(self.client.health_basic()["worker_id"], WORKER)
        self.assertEqual(self.client.health_live()["status"], "alive")
        ready = self.client.health_ready()
        self.assertEqual(ready["status"], "healthy")
        self.assertIn("database", ready["checks"])
        detailed = self.client.health_detailed()
        self.assertIn("template_cache", detailed["checks"])
        self.assertEqual(detailed["worker_id"], WORKER)
        self.assertTrue(self.client.is_ready())
        self.assertTrue(self.client.is_alive())

    def test_metrics(self):
        self.assertEqual(self.client.metrics_worker()["worker_id"], WORKER)
        self.assertIsInstance(self.client.metrics_events()["router"]["total_routed"], int)
        self.assertIn("# TYPE tasker_", self.client.metrics_prometheus())

    def test_templates(self):
        listed = self.client.templates_list()
        self.assertEqual(listed["template_count"], 3)
        self.assertNotIn("cache_stats", listed)
        self.assertIn("cache_stats", self.client.templates_list(include_cache_stats=True))
        self.assertEqual(self.client.template_get(*PAYMENT)["template"]["name"], "process_payment")
        self.assertTrue(self.client.template_validate(*PAYMENT)["valid"])
        self.assertTrue(self.client.template_refresh(*PAYMENT)["success"])
        missing = self.client.template_refresh("payments", "missing", "9.9.9")
        self.assertFalse(missing["success"])
        self.assertIn("not found", missing["message"])
        self.assertIsInstance(self.client.cache_stats()["hits"], int)
        self.assertEqual(self.client.cache_clear()["operation"], "clear")
        self.assertEqual(self.client.cache_maintain()["operation"], "maintain")

    def test_traceparent_goes_with_calls(self):
        # The suite looks the trace up in its tracing backend afterwards (TASKER_TEST_TRACEPARENT).
        traced = Client(api_key=KEY, traceparent=os.environ["TASKER_TEST_TRACEPARENT"])
        try:
            self.assertEqual(traced.health_detailed()["worker_id"], WORKER)
            traced.traceparent = "00-not-a-trace"
            with self.assertRaises(ValueError):
                traced.health_basic()
        finally:
            traced.close()

    def test_config(self):
        runtime = self.client.config_runtime()
        self.assertEqual(runtime["environment"], self.client.config_environment())
        self.assertNotIn(KEY, str(runtime))

    def test_failures_carry_their_code(self):
        with self.assertRaises(TaskerWorkerError) as missing:
            self.client.template_get("payments", "missing", "9.9.9")
        self.assertEqual(missing.exception.code, 404)
        self.assertIn("payments/missing/9.9.9", missing.exception.message)
        with Client() as anonymous:
            with self.assertRaises(TaskerWorkerError) as refused:
                anonymous.templates_list()
            self.assertEqual(refused.exception.code, 401)
            self.assertTrue(anonymous.is_alive(), "the probes stay public")
        with Client(api_key=LIMITED) as limited:
            self.assertEqual(limited.templates_list()["template_count"], 3)
            with self.assertRaises(TaskerWorkerError) as forbidden:
                limited.config_runtime()
            self.assertEqual(forbidden.exception.code, 403)
            self.assertIn("config:read", forbidden.exception.message)

    def test_one_worker_by_id(self):
        with Client(worker_id=WORKER, api_key=KEY) as named:
            self.assertEqual(named.health_basic()["worker_id"], WORKER)
        with Client(worker_id="no-such-worker", api_key=KEY) as absent:
            with self.assertRaises(TaskerWorkerError) as gone:
                absent.health_basic()
            self.assertEqual(gone.exception.code, 404)
            self.assertFalse(absent.is_alive())

    def test_unreachable_and_slow(self):
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            port = closed.getsockname()[1]
        with self.assertRaises(TaskerWorkerError) as refused:
            Client(port=port).health_basic()
        self.assertEqual((refused.exception.code, refused.exception.unreachable), (503, True))
        with socket.socket() as silent:  # accepts and never answers
            silent.bind(("127.0.0.1", 0))
            silent.listen()
            with Client(port=silent.getsockname()[1], timeout=0.3) as waiting:
                with self.assertRaises(TaskerWorkerError) as slow:
                    waiting.health_basic()
                self.assertEqual((slow.exception.code, slow.exception.unreachable), (504, True))
                self.assertFalse(waiting.is_ready())

    def test_calls_from_threads_share_one_connection(self):
        answers = []
        threads = [threading.Thread(target=lambda: answers.append(self.client.health_basic()["status"])) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(answers, ["healthy"] * 8)

    def test_drain_stop_and_restart(self):
        self.assertTrue(self.client.is_ready())
        control("drain")
        self.assertFalse(self.client.is_ready(), "draining is never ready")
        self.assertTrue(self.client.is_alive(), "draining is still alive")
        control("await-stopped")
        with self.assertRaises(TaskerWorkerError) as stopped:
            self.client.health_basic()
        self.assertEqual(stopped.exception.code, 503)
        self.assertFalse(self.client.is_alive())
        control("start")
        self.assertEqual(self.client.health_basic()["status"], "healthy", "the same client reconnects")
        self.assertTrue(self.client.is_ready())


if __name__ == "__main__":
    unittest.main(verbosity=2)
