// The live dashboard: reads the JSON routes every refresh_ms and shows every worker's state.
// A full worker shows itself (/health/detailed, /metrics/worker, /metrics/events); a gateway
// shows the cluster (/cluster/health, /cluster/workers, then each worker's /workers/{id}/metrics/…).

import { NeedsCredentials, describeFailure, forgetCredentials, getJson, storeCredentials, storedCredentials } from './fetching.js';
import { RateHistory, figures } from './model.js';
import { WorkerCard } from './view.js';

const cards = new Map();     // worker id → WorkerCard
const histories = new Map(); // worker id → RateHistory
const known = new Map();     // worker id → what the directory said of it last (kept when it leaves)
const templateLists = new Map(); // route prefix → { at, list }: the templates last read
const TEMPLATES_EVERY_MS = 10000;
let settings;
let waitingForCredentials = false;

async function start() {
  const answer = await fetch('settings.json', { cache: 'no-store' }).then((r) => r.json());
  settings = answer;
  document.getElementById('scope').textContent = settings.mode === 'gateway'
    ? 'Gateway: every worker of the cluster' : `Worker ${settings.worker_id}`;
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
    const views = settings.mode === 'gateway' ? await clusterViews() : [await ownView()];
    render(views, Date.now());
  } catch (error) {
    if (!(error instanceof NeedsCredentials)) throw error;
    askForCredentials();
    return;
  }
  setTimeout(tick, Math.max(0, settings.refresh_ms - (Date.now() - started)));
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
  const [health, rest] = await Promise.all([getJson('/health/detailed', settings, timeout), details('', timeout)]);
  if (health.status !== 200) {
    return { id, prefix: '', status: 'unreachable', reason: describeFailure(health, 'health'), info: known.get(id) ?? {} };
  }
  const info = infoOf(health.body, { mode: 'full' });
  known.set(id, info);
  return withDetails({ id, prefix: '', status: health.body.status, checks: health.body.checks, info }, rest);
}

/** A gateway: every worker the cluster knows, each one's figures through its own routes. */
async function clusterViews() {
  const timeout = 10000;
  const [health, directory] = await Promise.all([getJson('/cluster/health', settings, timeout), getJson('/cluster/workers', settings, timeout)]);
  for (const worker of directory.body?.workers ?? []) {
    known.set(worker.worker_id, { ...known.get(worker.worker_id), mode: worker.mode, version: worker.version, namespaces: worker.namespaces });
  }
  if (!health.body?.workers) {
    const reason = describeFailure(health, 'the gateway');
    return [...known.keys()].map((id) => ({ id, prefix: prefixOf(id), status: 'unreachable', reason, info: known.get(id) }));
  }
  return Promise.all(health.body.workers.map(async (entry) => {
    const id = entry.worker_id;
    const prefix = prefixOf(id);
    if (!entry.reachable) {
      return { id, prefix, status: 'unreachable', reason: `no answer: ${entry.error ?? 'unreachable'}`, info: known.get(id) ?? {} };
    }
    const info = infoOf(entry.health, known.get(id) ?? {});
    known.set(id, info);
    return withDetails({ id, prefix, status: entry.status, checks: entry.health.checks, info }, await details(prefix, timeout));
  }));
}

/**
 * What a card shows beside the detailed health: readiness, figures, and the templates, which
 * change rarely and are read again only every TEMPLATES_EVERY_MS.
 */
async function details(prefix, timeout) {
  const lastRead = templateLists.get(prefix);
  const paths = ['/health/ready', '/metrics/worker', '/metrics/events'];
  if (!lastRead || Date.now() - lastRead.at >= TEMPLATES_EVERY_MS) paths.push('/templates');
  const [ready, metrics, events, templates] = await Promise.all(paths.map((path) => getJson(`${prefix}${path}`, settings, timeout)));
  if (templates?.status === 200) templateLists.set(prefix, { at: Date.now(), list: templates.body.templates });
  return { ready, metrics, events, templates: templateLists.get(prefix)?.list ?? null };
}

function prefixOf(id) {
  return `/workers/${encodeURIComponent(id)}`;
}

function infoOf(health, previous) {
  const system = health.system_info ?? {};
  return { ...previous, version: system.version, uptime: system.uptime_seconds, namespaces: system.supported_namespaces };
}

/**
 * A worker that is not ready (its own readiness answer: 503, unhealthy) shows red whatever its
 * detailed status says: it is out of rotation.
 */
function withDetails(view, { ready, metrics, events, templates }) {
  const notReady = ready.status === 503 && ready.body?.status === 'unhealthy';
  const shown = { ...view, status: notReady ? 'unhealthy' : view.status, ready: ready.status === 200,
    templates };
  if (metrics.status !== 200) return { ...shown, reason: describeFailure(metrics, 'metrics') };
  const f = figures(metrics.body.metrics, events.status === 200 ? events.body : null);
  if (!histories.has(view.id)) histories.set(view.id, new RateHistory());
  const history = histories.get(view.id);
  history.add(Date.now(), f);
  return { ...shown, figures: f, history };
}

function render(views, now) {
  const main = document.getElementById('workers');
  const ids = new Set(views.map((v) => v.id));
  for (const [id, card] of cards) {
    if (!ids.has(id)) {
      card.node.remove();
      cards.delete(id);
    }
  }
  [...views].sort((a, b) => a.id.localeCompare(b.id)).forEach((view, index) => {
    if (!cards.has(view.id)) {
      cards.set(view.id, new WorkerCard(view.id, links(view.prefix)));
    }
    const card = cards.get(view.id);
    card.update(view, now);
    if (main.children[index] !== card.node) main.insertBefore(card.node, main.children[index] ?? null); // order by id
  });
  const counts = {};
  views.forEach((v) => { counts[v.status] = (counts[v.status] ?? 0) + 1; });
  document.getElementById('summary').textContent = `${views.length} worker${views.length === 1 ? '' : 's'}: `
    + Object.entries(counts).map(([status, n]) => `${n} ${status}`).join(', ');
}

function links(prefix) {
  return [['health', `${prefix}/health/detailed`], ['metrics', `${prefix}/metrics/worker`], ['events', `${prefix}/metrics/events`],
    ['templates', `${prefix}/templates`], ['config', `${prefix}/config`]];
}

start();
