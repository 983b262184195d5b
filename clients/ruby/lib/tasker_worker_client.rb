# frozen_string_literal: true

# A Tasker worker's health, metrics, templates and configuration, read over its TCP event-bus bridge.
module TaskerWorkerClient
end

require_relative "tasker_worker_client/version"
require_relative "tasker_worker_client/error"
require_relative "tasker_worker_client/client"
