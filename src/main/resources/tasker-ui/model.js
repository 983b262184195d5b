// What the page shows of one worker, from the routes' JSON, and the history it keeps of rates.

const HISTORY_MS = 5 * 60 * 1000;
const ORDER = { unhealthy: 0, unreachable: 0, degraded: 1, healthy: 2 };

/** Sums the series of one family in a /metrics/worker answer, optionally only those whose labels match. */
export function sum(metrics, family, labels = {}) {
  let total = 0;
  let seen = false;
  for (const [key, point] of Object.entries(metrics ?? {})) {
    if (key !== family && !key.startsWith(`${family}{`)) continue;
    if (Object.entries(labels).every(([name, value]) => point.labels?.[name] === value)) {
      total += point.value;
      seen = true;
    }
  }
  return seen ? total : null;
}

function series(metrics, family) {
  return Object.entries(metrics ?? {}).filter(([key]) => key.startsWith(`${family}{`)).map(([, point]) => point);
}

/** The checks, failing ones first, then by name. */
export function orderedChecks(checks) {
  return Object.entries(checks ?? {})
    .map(([name, check]) => ({ name, ...check }))
    .sort((a, b) => (ORDER[a.status] ?? 0) - (ORDER[b.status] ?? 0) || a.name.localeCompare(b.name));
}

/** The figures of a /metrics/worker and a /metrics/events answer. */
export function figures(metrics, events) {
  const ended = ['success', 'failure', 'timeout'].map((outcome) => sum(metrics, 'tasker_worker_steps_total', { outcome }) ?? 0);
  const breakers = series(metrics, 'tasker_worker_circuit_breaker_state')
    .filter((point) => point.value > 0)
    .map((point) => ({ handler: point.labels.handler, state: point.value >= 2 ? 'open' : 'half-open' }));
  const hits = sum(metrics, 'tasker_template_cache_requests_total', { result: 'hit' }) ?? 0;
  const misses = sum(metrics, 'tasker_template_cache_requests_total', { result: 'miss' }) ?? 0;
  const router = events?.router ?? {};
  const bus = events?.in_process_bus ?? {};
  const pool = sum(metrics, 'tasker_worker_db_pool_size');
  return {
    stepsEnded: ended[0] + ended[1] + ended[2],
    stepsFailed: ended[1] + ended[2],
    running: sum(metrics, 'tasker_worker_steps_running'),
    maxConcurrency: sum(metrics, 'tasker_worker_steps_max_concurrency'),
    queued: sum(metrics, 'tasker_worker_queue_depth'),
    queueCapacity: sum(metrics, 'tasker_worker_queue_capacity'),
    breakers,
    events: [
      { mode: 'durable', routed: router.durable_routed, failed: null, dropped: null },
      { mode: 'fast', routed: router.fast_routed, failed: router.fast_delivery_errors, dropped: null },
      { mode: 'broadcast', routed: router.broadcast_routed, failed: bus.handler_errors, dropped: bus.channel_drops },
    ],
    routingErrors: router.routing_errors,
    cache: { entries: sum(metrics, 'tasker_template_cache_entries'), hits, misses, ratio: hits + misses > 0 ? hits / (hits + misses) : null },
    database: pool === null ? null : {
      size: pool,
      inUse: sum(metrics, 'tasker_worker_db_pool_in_use'),
      waiting: sum(metrics, 'tasker_worker_db_pool_waiting'),
      pending: sum(metrics, 'tasker_domain_events_outbox_pending'),
      delivered: sum(metrics, 'tasker_domain_events_outbox_delivered_total'),
      failed: sum(metrics, 'tasker_domain_events_outbox_failed_total'),
    },
  };
}

/** Steps per second and the error rate between successive readings, kept for five minutes. */
export class RateHistory {
  constructor() {
    this.points = [];
    this.last = null;
  }

  add(now, figures) {
    if (this.last && now > this.last.at && figures.stepsEnded >= this.last.ended) {
      const seconds = (now - this.last.at) / 1000;
      const ended = figures.stepsEnded - this.last.ended;
      const failed = Math.max(0, figures.stepsFailed - this.last.failed);
      this.points.push({ at: now, rate: ended / seconds, errors: ended > 0 ? failed / ended : 0 });
    }
    this.last = { at: now, ended: figures.stepsEnded, failed: figures.stepsFailed };
    this.points = this.points.filter((point) => now - point.at <= HISTORY_MS);
  }

  /** Whether there are two readings yet: a rate needs two. */
  collecting() {
    return this.points.length < 2;
  }

  /** Over the whole window: steps per second, and the share of them that failed or timed out. */
  summary() {
    if (this.points.length === 0) return { rate: null, errors: null };
    const rate = this.points.reduce((total, p) => total + p.rate, 0) / this.points.length;
    const weighted = this.points.reduce((total, p) => total + p.rate * p.errors, 0);
    return { rate, errors: rate > 0 ? weighted / (rate * this.points.length) : 0 };
  }
}

/** Unhealthy and unreachable first, then degraded, then healthy; by id within each. */
export function worstFirst(rows) {
  return [...rows].sort((a, b) => (ORDER[a.status] ?? 0) - (ORDER[b.status] ?? 0) || a.id.localeCompare(b.id));
}

/**
 * One line of the fleet: status, the checks that are not healthy, steps per second and error
 * share over the last minutes, and uptime (or, for a worker that does not answer, since when).
 */
export function fleetRow(view, history, seenAt, now) {
  const failing = orderedChecks(view.checks).filter((check) => check.status !== 'healthy');
  const summary = history ? history.summary() : { rate: null, errors: null };
  return {
    id: view.id,
    status: view.status,
    view,
    failing: failing.map((check) => ({ name: check.name, status: check.status, message: check.message ?? '' })),
    reason: view.reason ?? null,
    collecting: view.status !== 'unreachable' && (!history || history.collecting()),
    rate: summary.rate,
    errors: summary.errors,
    uptime: view.status === 'unreachable' ? null : view.info?.uptime ?? null,
    silentFor: view.status === 'unreachable' && seenAt ? (now - seenAt) / 1000 : null,
  };
}
