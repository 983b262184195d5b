# frozen_string_literal: true

require "json"
require "socket"

module TaskerWorkerClient
  # One worker (+worker_id+) or any worker (no id: the shared addresses), reached over one reused
  # connection to its TCP event-bus bridge. Each frame is a 4-byte big-endian length, then UTF-8
  # JSON: a +send+ frame with header +action+ (the service method) and a body of snake_case
  # arguments; the answer is a +message+ frame (the result) or an +err+ frame (+failureCode+,
  # +message+). Defaults come from TASKER_BRIDGE_ADDRESS (host:port), TASKER_WORKER_ID,
  # TASKER_API_KEY and TASKER_TOKEN. Calls on one client take turns, so threads may share it.
  class Client
    DEFAULT_BRIDGE = "127.0.0.1:7000"
    WORKER_ID = /\A[A-Za-z0-9_.-]{1,64}\z/.freeze
    TRACEPARENT = /\A[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}\z/
    MAX_FRAME = 64 * 1024 * 1024 # longer is a broken stream, not an answer

    # The connection broke before an answer arrived (the worker restarted, or went away).
    class ConnectionLost < StandardError; end
    # Raised inside one call when its deadline passes.
    class DeadlinePassed < StandardError; end
    private_constant :ConnectionLost, :DeadlinePassed

    attr_reader :host, :port, :worker_id, :timeout

    def self.parse_bridge(address)
      host, sep, port = address.to_s.rpartition(":")
      raise ArgumentError, "bridge address must be host:port, got #{address.inspect}" if sep.empty? || host.empty? || port !~ /\A\d+\z/

      [host.delete("[]"), Integer(port)]
    end

    # W3C trace context sent with every call while set (default: the TRACEPARENT environment
    # variable), so the worker's spans continue the caller's trace.
    attr_accessor :traceparent

    def initialize(host: nil, port: nil, worker_id: nil, timeout: 5.0, api_key: nil, token: nil, traceparent: nil)
      default_host, default_port = self.class.parse_bridge(present(ENV["TASKER_BRIDGE_ADDRESS"]) || DEFAULT_BRIDGE)
      @host = host || default_host
      @port = Integer(port || default_port)
      @worker_id = worker_id || present(ENV["TASKER_WORKER_ID"])
      raise ArgumentError, "worker_id must match [A-Za-z0-9_.-]{1,64}, got #{@worker_id.inspect}" if @worker_id && @worker_id !~ WORKER_ID

      @timeout = Float(timeout)
      @api_key = api_key || present(ENV["TASKER_API_KEY"])
      @token = token || present(ENV["TASKER_TOKEN"])
      @traceparent = traceparent || present(ENV["TRACEPARENT"])
      @socket = nil
      @lock = Mutex.new
      @replies = 0
    end

    # --- health ---------------------------------------------------------------------------
    def health_basic = call("health", "basic")
    def health_live = call("health", "live")
    def health_ready = call("health", "ready")
    def health_detailed = call("health", "detailed")

    # True when readiness answers "healthy"; false on any failure, never raises.
    def ready? = says?(:health_ready, "healthy")

    # True when liveness answers "alive"; false on any failure, never raises.
    def alive? = says?(:health_live, "alive")

    # --- metrics --------------------------------------------------------------------------
    def metrics_worker = call("metrics", "worker")
    def metrics_events = call("metrics", "events")

    # The Prometheus text exposition, as a String.
    def metrics_prometheus = call("metrics", "prometheus")

    # --- templates ------------------------------------------------------------------------
    def templates_list(include_cache_stats: false)
      call("templates", "list", "include_cache_stats" => include_cache_stats ? true : false)
    end

    def template_get(namespace:, name:, version:) = call("templates", "get", template(namespace, name, version))
    def template_validate(namespace:, name:, version:) = call("templates", "validate", template(namespace, name, version))

    # Never raises for a missing template: answers "success" => false and why.
    def template_refresh(namespace:, name:, version:) = call("templates", "refresh", template(namespace, name, version))

    def cache_stats = call("templates", "cacheStats")
    def cache_clear = call("templates", "clearCache")
    def cache_maintain = call("templates", "maintainCache")

    # --- config ---------------------------------------------------------------------------
    # The runtime configuration, secrets redacted.
    def config_runtime = call("config", "runtime")

    # The environment's name, as a String.
    def config_environment = call("config", "environment")

    # --- connection -----------------------------------------------------------------------
    def close
      @lock.synchronize { drop }
    end

    private

    def present(value)
      value.nil? || value.empty? ? nil : value
    end

    def template(namespace, name, version)
      { "namespace" => namespace, "name" => name, "version" => version }
    end

    def says?(operation, status)
      public_send(operation)["status"] == status
    rescue StandardError # the helpers answer a yes or a no, whatever went wrong
      false
    end

    def address(service)
      @worker_id ? "tasker.worker.#{@worker_id}.#{service}" : "tasker.worker.#{service}"
    end

    def call(service, action, arguments = {})
      headers = { "action" => action }
      headers["x-api-key"] = @api_key if @api_key
      headers["authorization"] = "Bearer #{@token}" if @token
      if @traceparent
        raise ArgumentError, "traceparent must be 00-<32 hex>-<16 hex>-<2 hex>, got #{@traceparent.inspect}" unless @traceparent.match?(TRACEPARENT)

        headers["traceparent"] = @traceparent
      end
      @lock.synchronize do
        @replies += 1
        frame = { "type" => "send", "address" => address(service), "replyAddress" => "tasker-client.#{Process.pid}.#{@replies}",
                  "headers" => headers, "body" => arguments }
        deadline = now + @timeout
        [1, 2].each do |attempt|
          reused = !@socket.nil?
          begin
            return exchange(frame, deadline)
          rescue ConnectionLost => e
            # A reused connection may have died with a worker that restarted since: one fresh try.
            raise Error.new(503, "connection to #{@host}:#{@port} lost: #{e.message}", unreachable: true) if !reused || attempt == 2
          end
        end
      end
    end

    def exchange(frame, deadline)
      socket = connected(deadline)
      data = JSON.generate(frame).b
      begin
        write_fully(socket, [data.bytesize].pack("N") + data, deadline)
        loop do
          answer = read_frame(socket, deadline)
          next if answer["type"] == "pong"
          next if answer.key?("address") && answer["address"] != frame["replyAddress"] # a timed-out call's late answer

          return result(answer, frame["address"])
        end
      rescue DeadlinePassed
        drop # the stream may hold half a frame: start clean next time
        raise Error.new(504, "no answer from #{frame['address']} within #{@timeout} s", unreachable: true)
      rescue SystemCallError, IOError, ConnectionLost => e
        drop
        raise ConnectionLost, e.message
      rescue JSON::ParserError => e
        drop
        raise Error.new(500, "unreadable frame from the bridge: #{e.message}")
      end
    end

    def connected(deadline)
      return @socket if @socket

      begin
        @socket = Socket.tcp(@host, @port, connect_timeout: left(deadline))
      rescue DeadlinePassed, Errno::ETIMEDOUT
        raise Error.new(504, "connecting to #{@host}:#{@port} timed out", unreachable: true)
      rescue SystemCallError, SocketError => e
        raise Error.new(503, "cannot connect to #{@host}:#{@port}: #{e.message}", unreachable: true)
      end
      @socket.setsockopt(Socket::IPPROTO_TCP, Socket::TCP_NODELAY, 1)
      @socket
    end

    def write_fully(socket, bytes, deadline)
      until bytes.empty?
        written = socket.write_nonblock(bytes, exception: false)
        if written == :wait_writable
          raise DeadlinePassed unless socket.wait_writable(left(deadline))
        else
          bytes = bytes.byteslice(written, bytes.bytesize - written)
        end
      end
    end

    def read_frame(socket, deadline)
      length = read_exactly(socket, 4, deadline).unpack1("N")
      raise ConnectionLost, "frame of #{length} bytes" if length > MAX_FRAME

      JSON.parse(read_exactly(socket, length, deadline).force_encoding(Encoding::UTF_8))
    end

    def read_exactly(socket, count, deadline)
      buffer = +"".b
      while buffer.bytesize < count
        chunk = socket.read_nonblock(count - buffer.bytesize, exception: false)
        case chunk
        when :wait_readable then raise DeadlinePassed unless socket.wait_readable(left(deadline))
        when nil then raise ConnectionLost, "closed by the worker"
        else buffer << chunk
        end
      end
      buffer
    end

    def left(deadline)
      remaining = deadline - now
      raise DeadlinePassed if remaining <= 0

      remaining
    end

    def now = Process.clock_gettime(Process::CLOCK_MONOTONIC)

    def result(answer, address)
      case answer["type"]
      when "message" then answer["body"]
      when "err" then raise failure(answer, address)
      else raise Error.new(500, "unexpected frame from the bridge: #{answer['type']}")
      end
    end

    # An err frame as the error: the service's own code, or the bus's reason as one.
    def failure(answer, address)
      message = answer["message"] || "failed"
      case answer["failureType"]
      when "NO_HANDLERS" then Error.new(404, "no worker answers at #{address}")
      when "TIMEOUT" then Error.new(504, "the worker did not answer at #{address} in time")
      else
        code = answer["failureCode"]
        return Error.new(code, message) if code.is_a?(Integer) && code.positive?

        # The bridge refused the frame itself: a forbidden address or a malformed frame.
        Error.new(message == "access_denied" ? 403 : 400, "the bridge refused the call: #{message}")
      end
    end

    def drop
      @socket&.close
    rescue IOError
      nil
    ensure
      @socket = nil
    end
  end
end
