# frozen_string_literal: true

module TaskerWorkerClient
  # A failed call. +code+ is the failure code (400, 401, 403, 404, 500, 503, 504); +unreachable?+
  # is true when the worker never answered (no connection, a connection lost, no answer in time).
  class Error < StandardError
    attr_reader :code

    def initialize(code, message, unreachable: false)
      super("#{code}: #{message}")
      @code = code
      @reason = message
      @unreachable = unreachable
    end

    # The message without its code.
    def reason
      @reason
    end

    def unreachable?
      @unreachable
    end
  end
end
