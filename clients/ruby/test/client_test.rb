# frozen_string_literal: true

# Every operation of the client against a real worker that the Java suite starts (ClientsTest).
# The suite passes the worker's bridge in TASKER_BRIDGE_ADDRESS, its id in TASKER_TEST_WORKER_ID,
# a key with every permission in TASKER_TEST_API_KEY and a templates:read-only key in
# TASKER_TEST_LIMITED_KEY; +control+ asks the suite to drain, stop or start the worker.

require "minitest/autorun"
require "socket"
require "tasker_worker_client"

class ClientTest < Minitest::Test
  WORKER = ENV["TASKER_TEST_WORKER_ID"]
  KEY = ENV["TASKER_TEST_API_KEY"]
  LIMITED = ENV["TASKER_TEST_LIMITED_KEY"]
  PAYMENT = { namespace: "payments", name: "process_payment", version: "1.0.0" }.freeze
  MISSING = { namespace: "payments", name: "missing", version: "9.9.9" }.freeze
  Error = TaskerWorkerClient::Error

  def setup
    skip "run by the Java suite (ClientsTest), which starts the worker" unless WORKER
    @client = TaskerWorkerClient::Client.new(api_key: KEY)
  end

  def teardown
    @client&.close
  end

  def control(command)
    $stdout.puts "@@control #{command}"
    $stdout.flush
    answer = $stdin.gets.to_s.strip
    flunk "the suite could not #{command} the worker: #{answer}" unless answer == "ok"
  end

  def client(**options)
    made = TaskerWorkerClient::Client.new(**options)
    yield made
  ensure
    made&.close
  end

  def test_health
    assert_equal "healthy", @client.health_basic["status"]
    assert_equal WORKER, @client.health_basic["worker_id"]
    assert_equal "alive", @client.health_live["status"]
    assert_equal "healthy", @client.health_ready["status"]
    assert_includes @client.health_ready["checks"].keys, "database"
    assert_includes @client.health_detailed["checks"].keys, "template_cache"
    assert @client.ready?
    assert @client.alive?
  end

  def test_metrics
    assert_equal WORKER, @client.metrics_worker["worker_id"]
    assert_kind_of Integer, @client.metrics_events["router"]["total_routed"]
    assert_includes @client.metrics_prometheus, "# TYPE tasker_"
  end

  def test_templates
    assert_equal 3, @client.templates_list["template_count"]
    refute @client.templates_list.key?("cache_stats")
    assert @client.templates_list(include_cache_stats: true).key?("cache_stats")
    assert_equal "process_payment", @client.template_get(**PAYMENT)["template"]["name"]
    assert @client.template_validate(**PAYMENT)["valid"]
    assert @client.template_refresh(**PAYMENT)["success"]
    refute @client.template_refresh(**MISSING)["success"]
    assert_kind_of Integer, @client.cache_stats["hits"]
    assert_equal "clear", @client.cache_clear["operation"]
    assert_equal "maintain", @client.cache_maintain["operation"]
  end

  def test_traceparent_goes_with_calls
    # The suite looks the trace up in its tracing backend afterwards (TASKER_TEST_TRACEPARENT).
    traced = TaskerWorkerClient::Client.new(api_key: KEY, traceparent: ENV.fetch("TASKER_TEST_TRACEPARENT"))
    assert_equal WORKER, traced.health_detailed["worker_id"]
    traced.traceparent = "00-not-a-trace"
    assert_raises(ArgumentError) { traced.health_basic }
  ensure
    traced&.close
  end

  def test_config
    runtime = @client.config_runtime
    assert_equal @client.config_environment, runtime["environment"]
    refute_includes runtime.to_s, KEY
  end

  def test_failures_carry_their_code
    missing = assert_raises(Error) { @client.template_get(**MISSING) }
    assert_equal 404, missing.code
    assert_includes missing.message, "payments/missing/9.9.9"
    client do |anonymous|
      assert_equal 401, assert_raises(Error) { anonymous.templates_list }.code
      assert anonymous.alive?, "the probes stay public"
    end
    client(api_key: LIMITED) do |limited|
      assert_equal 3, limited.templates_list["template_count"]
      forbidden = assert_raises(Error) { limited.config_runtime }
      assert_equal 403, forbidden.code
      assert_includes forbidden.message, "config:read"
    end
  end

  def test_one_worker_by_id
    client(worker_id: WORKER, api_key: KEY) { |named| assert_equal WORKER, named.health_basic["worker_id"] }
    client(worker_id: "no-such-worker", api_key: KEY) do |absent|
      assert_equal 404, assert_raises(Error) { absent.health_basic }.code
      refute absent.alive?
    end
  end

  def test_unreachable_and_slow
    closed = TCPServer.new("127.0.0.1", 0)
    port = closed.addr[1]
    closed.close
    refused = assert_raises(Error) { TaskerWorkerClient::Client.new(port: port).health_basic }
    assert_equal [503, true], [refused.code, refused.unreachable?]
    silent = TCPServer.new("127.0.0.1", 0) # accepts and never answers
    client(port: silent.addr[1], timeout: 0.3) do |waiting|
      slow = assert_raises(Error) { waiting.health_basic }
      assert_equal [504, true], [slow.code, slow.unreachable?]
      refute waiting.ready?
    end
  ensure
    silent&.close
  end

  def test_calls_from_threads_share_one_connection
    answers = Array.new(8) { Thread.new { @client.health_basic["status"] } }.map(&:value)
    assert_equal ["healthy"] * 8, answers
  end

  def test_drain_stop_and_restart
    assert @client.ready?
    control "drain"
    refute @client.ready?, "draining is never ready"
    assert @client.alive?, "draining is still alive"
    control "await-stopped"
    assert_equal 503, assert_raises(Error) { @client.health_basic }.code
    refute @client.alive?
    control "start"
    assert_equal "healthy", @client.health_basic["status"], "the same client reconnects"
    assert @client.ready?
  end
end
