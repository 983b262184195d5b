# frozen_string_literal: true

require_relative "lib/tasker_worker_client/version"

Gem::Specification.new do |spec|
  spec.name = "tasker_worker_client"
  spec.version = TaskerWorkerClient::VERSION
  spec.summary = "A Tasker worker's health, metrics, templates and configuration over its TCP event-bus bridge"
  spec.description = "The original FFI's operations (health_basic ... config_environment, ready?, alive?) " \
                     "as calls to a running Tasker worker, with the Ruby standard library only."
  spec.authors = ["Tasker Worker contributors"]
  spec.license = "MIT"
  spec.files = Dir["lib/**/*.rb"] + ["README.md"]
  spec.require_paths = ["lib"]
  spec.required_ruby_version = ">= 3.0"
end
