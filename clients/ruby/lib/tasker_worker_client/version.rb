# frozen_string_literal: true

module TaskerWorkerClient
  VERSION = "0.1.0"
end
