// The live dashboard: reads the JSON routes every refresh_ms.
// A full worker shows its own card (/health/detailed, /metrics/worker, /metrics/events).
// A gateway opens on the fleet: one row per worker from /cluster/health and each worker's
// /workers/{id}/metrics/worker, worst first; a row opens that worker's full card.

import { NeedsCredentials, describeFailure, forgetCredentials, getJson, storeCredentials, storedCredentials } from './fetching.js';
import { RateHistory, figures, fleetRow, worstFirst } from './model.js';
import { FleetTable, WorkerCard } from './view.js';

const cards = new Map();     // worker id → WorkerCard
const histories = new Map(); // worker id → RateHistory
const known = new Map();     // worker id → what the directory said of it last (kept when it leaves)
const lastSeen = new Map();  // worker id → when it last answered (ms)
const templateLists = new Map(); // route prefix → { at, list }: the templates last read
const TEMPLATES_EVERY_MS = 10000;
const CLUSTER_TIMEOUT_MS = 10000;
let settings;
let fleet;
let selected = null; // on a gateway: the worker whose card is open
let waitingForCredentials = false;

async function start() {
  settings = await fetch('settings.json', { cache: 'no-store' }).then((r) => r.json());
  document.getElementById('scope').textContent = settings.mode === 'gateway'
    ? 'Gateway: every worker of the cluster' : `Worker ${settings.worker_id}`;
  if (settings.mode === 'gateway') {
    fleet = new FleetTable(document.getElementById('overview'), (id) => open(id));
  }
  document.getElementById('credentials').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    storeCredentials(form.elements.kind.value, form.elements.credential.value);
    form.reset();
    form.hidden = true;
    waitingForCredentials = false;
    tick();
  });
  tick();
}

async function tick() {
  if (waitingForCredentials) return;
  const started = Date.now();
  try {
    if (settings.mode === 'gateway') {
      const rows = await fleetRows();
      fleet.update(rows, Date.now());
      const row = rows.find((r) => r.id === selected);
      renderCards(row ? [await cardOf(row)] : [], Date.now());
      summarize(rows);
    } else {
      const view = await ownView();
      renderCards([view], Date.now());
      summarize([view]);
    }
  } catch (error) {
    if (!(error instanceof NeedsCredentials)) throw error;
    askForCredentials();
    return;
  }
  setTimeout(tick, Math.max(0, settings.refresh_ms - (Date.now() - started)));
}

function open(id) {
  selected = id;
  tick().then(() => document.getElementById('workers').focus());
}

function askForCredentials() {
  const refused = storedCredentials() !== null;
  forgetCredentials();
  waitingForCredentials = true;
  const form = document.getElementById('credentials');
  document.getElementById('credentials-why').textContent = refused
    ? 'The key or token given was refused (401). Give another; it is kept for this browser tab only.'
    : 'Its routes answered 401. The key or token is kept for this browser tab only.';
  form.hidden = false;
  form.elements.credential.focus();
}

/** A full worker: itself, over its un-prefixed routes. A hung worker is grey within ~2 s. */
async function ownView() {
  const timeout = Math.max(2000, settings.refresh_ms);
  const id = settings.worker_id;
  const [health, rest] = await Promise.all([getJson('/health/detailed', settings, timeout), details('', timeout, null)]);
  if (health.status !== 200) {
    return { id, prefix: '', status: 'unreachable', reason: describeFailure(health, 'health'), info: known.get(id) ?? {} };
  }
  const info = infoOf(health.body, { mode: 'full' });
  known.set(id, info);
  return withDetails({ id, prefix: '', status: health.body.status, checks: health.body.checks, info }, rest);
}

/** A gateway: one row per worker the cluster knows, with its rates from its own /metrics/worker. */
async function fleetRows() {
  const [health, directory] = await Promise.all([getJson('/cluster/health', settings, CLUSTER_TIMEOUT_MS),
    getJson('/cluster/workers', settings, CLUSTER_TIMEOUT_MS)]);
  for (const worker of directory.body?.workers ?? []) {
    known.set(worker.worker_id, { ...known.get(worker.worker_id), mode: worker.mode, version: worker.version, namespaces: worker.namespaces });
  }
  const now = Date.now();
  if (!health.body?.workers) {
    const reason = describeFailure(health, 'the gateway');
    return [...known.keys()].map((id) => fleetRow({ id, prefix: prefixOf(id), status: 'unreachable', reason, info: known.get(id) },
      histories.get(id), lastSeen.get(id), now));
  }
  const rows = await Promise.all(health.body.workers.map(async (entry) => {
    const id = entry.worker_id;
    const prefix = prefixOf(id);
    if (!entry.reachable) {
      const view = { id, prefix, status: 'unreachable', reason: `no answer: ${entry.error ?? 'unreachable'}`, info: known.get(id) ?? {} };
      return fleetRow(view, histories.get(id), lastSeen.get(id), now);
    }
    lastSeen.set(id, now);
    const info = infoOf(entry.health, known.get(id) ?? {});
    known.set(id, info);
    const metrics = await getJson(`${prefix}/metrics/worker`, settings, CLUSTER_TIMEOUT_MS);
    const view = { id, prefix, status: entry.status, checks: entry.health.checks, info, metrics };
    if (metrics.status === 200) record(id, figures(metrics.body.metrics, null));
    return fleetRow(view, histories.get(id), now, now);
  }));
  return worstFirst(rows);
}

/** The full card of the worker a row stands for: its readiness, events and templates too. */
async function cardOf(row) {
  if (row.status === 'unreachable') return row.view;
  return withDetails(row.view, await details(row.view.prefix, CLUSTER_TIMEOUT_MS, row.view.metrics));
}

/**
 * What a card shows beside the detailed health: readiness, figures, and the templates, which
 * change rarely and are read again only every TEMPLATES_EVERY_MS. `metrics`: read already.
 */
async function details(prefix, timeout, metrics) {
  const lastRead = templateLists.get(prefix);
  const routes = { ready: '/health/ready', events: '/metrics/events' };
  if (!metrics) routes.metrics = '/metrics/worker';
  if (!lastRead || Date.now() - lastRead.at >= TEMPLATES_EVERY_MS) routes.templates = '/templates';
  const names = Object.keys(routes);
  const answers = await Promise.all(names.map((name) => getJson(`${prefix}${routes[name]}`, settings, timeout)));
  const read = Object.fromEntries(names.map((name, i) => [name, answers[i]]));
  if (read.templates?.status === 200) templateLists.set(prefix, { at: Date.now(), list: read.templates.body.templates });
  return { ready: read.ready, events: read.events, metrics: metrics ?? read.metrics,
    templates: templateLists.get(prefix)?.list ?? null, fresh: !metrics };
}

function prefixOf(id) {
  return `/workers/${encodeURIComponent(id)}`;
}

function infoOf(health, previous) {
  const system = health.system_info ?? {};
  return { ...previous, version: system.version, uptime: system.uptime_seconds, namespaces: system.supported_namespaces };
}

function record(id, f) {
  if (!histories.has(id)) histories.set(id, new RateHistory());
  histories.get(id).add(Date.now(), f);
}

/**
 * A worker that is not ready (its own readiness answer: 503, unhealthy) shows red whatever its
 * detailed status says: it is out of rotation.
 */
function withDetails(view, { ready, metrics, events, templates, fresh }) {
  const notReady = ready.status === 503 && ready.body?.status === 'unhealthy';
  const shown = { ...view, status: notReady ? 'unhealthy' : view.status, ready: ready.status === 200, templates };
  if (metrics.status !== 200) return { ...shown, reason: describeFailure(metrics, 'metrics') };
  const f = figures(metrics.body.metrics, events.status === 200 ? events.body : null);
  if (fresh) record(view.id, f);
  return { ...shown, figures: f, history: histories.get(view.id) ?? new RateHistory() };
}

function renderCards(views, now) {
  const main = document.getElementById('workers');
  const ids = new Set(views.map((v) => v.id));
  for (const [id, card] of cards) {
    if (!ids.has(id)) {
      card.node.remove();
      cards.delete(id);
    }
  }
  views.forEach((view, index) => {
    if (!cards.has(view.id)) cards.set(view.id, new WorkerCard(view.id, links(view.prefix), settings.trace_url));
    const card = cards.get(view.id);
    card.update(view, now);
    if (main.children[index] !== card.node) main.insertBefore(card.node, main.children[index] ?? null);
  });
}

/** The header: how many in each state, and by name the workers that are not healthy. */
function summarize(views) {
  const counts = {};
  views.forEach((v) => { counts[v.status] = (counts[v.status] ?? 0) + 1; });
  document.getElementById('summary').textContent = `${views.length} worker${views.length === 1 ? '' : 's'}: `
    + Object.entries(counts).map(([status, n]) => `${n} ${status}`).join(', ');
  const notHealthy = worstFirst(views).filter((v) => v.status !== 'healthy');
  const named = document.getElementById('not-healthy');
  named.textContent = notHealthy.length === 0 ? '' : `Not healthy: ${notHealthy.map((v) => `${v.id} (${v.status})`).join(', ')}`;
  named.hidden = notHealthy.length === 0;
}

function links(prefix) {
  return [['health', `${prefix}/health/detailed`], ['metrics', `${prefix}/metrics/worker`], ['events', `${prefix}/metrics/events`],
    ['templates', `${prefix}/templates`], ['config', `${prefix}/config`]];
}

start();
