-- The durable outbox and the step outcomes it is written with, in one transaction per step.
CREATE TABLE domain_event_outbox (
  id            uuid PRIMARY KEY,                 -- the event's id: consumers de-duplicate by it
  event_name    text        NOT NULL,
  payload       jsonb       NOT NULL,             -- the whole event as the consumer receives it
  created_at    timestamptz NOT NULL DEFAULT now(),
  delivered_at  timestamptz,
  attempts      integer     NOT NULL DEFAULT 0,
  claimed_until timestamptz,                      -- a worker delivering it holds it until then
  claimed_by    text,
  last_error    text
);

-- What a deliverer scans: pending rows, oldest first.
CREATE INDEX domain_event_outbox_pending ON domain_event_outbox (created_at) WHERE delivered_at IS NULL;
-- What the pruning scans.
CREATE INDEX domain_event_outbox_delivered ON domain_event_outbox (delivered_at) WHERE delivered_at IS NOT NULL;

CREATE TABLE step_results (
  id          bigserial   PRIMARY KEY,
  task_uuid   text        NOT NULL,
  namespace   text        NOT NULL,
  step_name   text        NOT NULL,
  worker_id   text        NOT NULL,
  status      text        NOT NULL,
  attempts    integer     NOT NULL,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  duration_ms bigint      NOT NULL,
  result      jsonb,
  error       text
);

CREATE INDEX step_results_task ON step_results (task_uuid);
