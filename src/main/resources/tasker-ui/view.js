// The fleet table (a gateway's overview) and one card per worker, each made once and then updated
// in place (so keyboard focus survives a refresh). Every string from a worker is written as text,
// never as markup.

import { orderedChecks } from './model.js';
import { sparkline } from './spark.js';

const ICON = { healthy: '✔', degraded: '▲', unhealthy: '✖', unreachable: '●' };
const SPAN_MS = 5 * 60 * 1000;

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function text(node, value) {
  if (node.textContent !== value) node.textContent = value;
}

function number(value, digits = 0) {
  return value === null || value === undefined ? '—' : Number(value).toFixed(digits);
}

function percent(value) {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.floor(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

function ageOf(check, now) {
  const ms = check.age_ms ?? (check.last_checked ? now - Date.parse(check.last_checked) : null);
  return ms === null || Number.isNaN(ms) ? '—' : `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

function table(caption, headings) {
  const body = el('tbody');
  const head = el('tr', {}, ...headings.map(([label, cls]) => el('th', { scope: 'col', class: cls ?? '' }, label)));
  return { node: el('div', { class: 'table-wrap' }, el('table', {}, el('caption', { class: 'skip' }, caption), el('thead', {}, head), body)), body };
}

function meterRow(label) {
  const value = el('span');
  const meter = el('meter', { min: '0', max: '1', value: '0' });
  meter.setAttribute('aria-label', label);
  return { node: el('div', {}, el('div', {}, `${label}: `, value), meter), value, meter };
}

/** A link to a trace where the worker names one and a trace UI is configured (a hex id only: nothing else is put in a URL). */
function traceLink(template, traceId) {
  if (!template || !/^[0-9a-f]{32}$/.test(traceId ?? '')) return '';
  return el('a', { class: 'trace', href: template.replace('{trace_id}', traceId), target: '_blank', rel: 'noopener noreferrer' },
    'trace');
}

export class WorkerCard {
  /** @param traceUrl the configured trace UI link, holding {trace_id} ('' for none) */
  constructor(id, links, traceUrl) {
    this.id = id;
    this.traceUrl = traceUrl;
    this.badge = el('span', { class: 'badge' });
    this.facts = el('div', { class: 'facts' });
    this.reason = el('p', { class: 'reason', role: 'status' });
    this.checks = table(`checks of ${id}`, [['check'], ['status'], ['message'], ['duration', 'num'], ['age', 'num']]);
    this.stepsChart = sparkline(`steps per second of ${id}`);
    this.errorChart = sparkline(`error rate of ${id}`);
    this.stepsNow = el('span');
    this.errorsNow = el('span');
    this.running = meterRow('running steps');
    this.queued = meterRow('queued steps');
    this.breakers = el('p');
    this.events = table(`domain events of ${id}`, [['mode'], ['routed', 'num'], ['failed', 'num'], ['dropped', 'num']]);
    this.routing = el('p');
    this.cache = el('p');
    this.templates = el('p', { class: 'message' });
    this.database = el('p');
    const title = el('h2', {}, id);
    this.node = el('section', { class: 'worker', 'aria-label': `worker ${id}` },
      el('div', { class: 'worker-head' }, title, this.badge),
      this.facts, this.reason,
      el('h3', {}, 'Checks'), this.checks.node,
      el('h3', {}, 'Steps'),
      el('div', { class: 'charts' },
        el('figure', { class: 'chart' }, el('figcaption', {}, 'steps per second: ', this.stepsNow), this.stepsChart.svg),
        el('figure', { class: 'chart' }, el('figcaption', {}, 'failed or timed out: ', this.errorsNow), this.errorChart.svg)),
      el('div', { class: 'gauges' }, this.running.node, this.queued.node),
      this.breakers,
      el('h3', {}, 'Domain events'), this.events.node, this.routing,
      el('h3', {}, 'Templates'), this.cache, this.templates,
      this.database,
      el('nav', { class: 'links', 'aria-label': `JSON routes of ${id}` },
        ...links.map(([label, href]) => el('a', { href }, label))));
  }

  /** Shows the worker's answer, or (status "unreachable") the reason it gave none. */
  update(view, now) {
    const status = view.status;
    this.node.className = `worker ${status}`;
    this.node.dataset.status = status;
    this.badge.className = `badge ${status}`;
    text(this.badge, `${ICON[status] ?? '?'} ${status}`);
    const info = view.info;
    this.facts.replaceChildren(
      el('span', {}, `mode ${info.mode ?? '—'}`),
      el('span', {}, `version ${info.version ?? '—'}`),
      el('span', {}, `up ${duration(info.uptime)}`),
      el('span', {}, `namespaces ${(info.namespaces ?? []).join(', ') || '—'}`));
    text(this.reason, view.reason ?? (status === 'unhealthy' && view.ready === false ? 'not ready: out of rotation' : ''));
    this.reason.hidden = this.reason.textContent === '';
    if (view.templates) {
      text(this.templates, `${view.templates.length} loaded: `
        + view.templates.map((t) => `${t.namespace}/${t.name} ${t.version}`).join(', '));
    }
    if (view.checks) {
      this.checks.body.replaceChildren(...orderedChecks(view.checks).map((check) => el('tr', { 'data-check': check.name },
        el('th', { scope: 'row' }, check.name),
        el('td', { class: `status-${check.status}` }, `${ICON[check.status] ?? '?'} ${check.status}`),
        el('td', { class: 'message' }, check.message ?? '',
          check.status === 'healthy' ? '' : traceLink(this.traceUrl, check.trace_id)),
        el('td', { class: 'num' }, `${number(check.duration_ms)} ms`),
        el('td', { class: 'num' }, ageOf(check, now)))));
    }
    if (view.figures) this.showFigures(view.figures, view.history);
  }

  showFigures(f, history) {
    const summary = history.summary();
    const collecting = history.collecting();
    text(this.stepsNow, collecting ? 'collecting…' : `${number(summary.rate, 2)} (5 min average)`);
    text(this.errorsNow, collecting ? 'collecting…' : percent(summary.errors));
    this.stepsChart.draw(history.points, (p) => p.rate, SPAN_MS);
    this.errorChart.draw(history.points, (p) => p.errors, SPAN_MS);
    gauge(this.running, f.running, f.maxConcurrency);
    gauge(this.queued, f.queued, f.queueCapacity);
    text(this.breakers, f.breakers.length === 0 ? 'Circuit breakers: all closed'
      : `Circuit breakers not closed: ${f.breakers.map((b) => `${b.handler} ${b.state}`).join(', ')}`);
    this.events.body.replaceChildren(...f.events.map((row) => el('tr', {},
      el('th', { scope: 'row' }, row.mode), el('td', { class: 'num' }, number(row.routed)),
      el('td', { class: 'num' }, number(row.failed)), el('td', { class: 'num' }, number(row.dropped)))));
    text(this.routing, `Routing errors (any mode): ${number(f.routingErrors)}`);
    text(this.cache, `Cache: ${number(f.cache.entries)} entries, hit ratio ${percent(f.cache.ratio)} (${number(f.cache.hits)} hits, ${number(f.cache.misses)} misses)`);
    this.database.hidden = f.database === null;
    if (f.database) {
      text(this.database, `Database pool: ${number(f.database.inUse)} in use of ${number(f.database.size)}, ${number(f.database.waiting)} waiting; `
        + `outbox: ${number(f.database.pending)} pending, ${number(f.database.delivered)} delivered, ${number(f.database.failed)} failed`);
    }
  }
}

function gauge(row, value, limit) {
  text(row.value, `${number(value)} of ${number(limit)}`);
  row.meter.max = limit > 0 ? limit : 1;
  row.meter.value = value ?? 0;
}

const SEARCHED = (row) => [row.id, row.status, row.reason ?? '', ...row.failing.flatMap((c) => [c.name, c.message])]
  .join(' ').toLowerCase();

/**
 * A gateway's overview: one row per worker, worst first, filtered by status and by text (worker,
 * check or message); a row opens the worker's full card.
 */
export class FleetTable {
  constructor(section, onOpen) {
    section.hidden = false;
    this.onOpen = onOpen;
    this.body = section.querySelector('tbody');
    this.statusFilter = section.querySelector('#status-filter');
    this.textFilter = section.querySelector('#text-filter');
    this.shownCount = section.querySelector('#fleet-count');
    this.nodes = new Map(); // worker id → its row
    this.rows = [];
    this.statusFilter.addEventListener('change', () => this.render());
    this.textFilter.addEventListener('input', () => this.render());
  }

  update(rows, now) {
    this.rows = rows;
    this.now = now;
    this.render();
  }

  render() {
    const status = this.statusFilter.value;
    const wanted = this.textFilter.value.trim().toLowerCase();
    const shown = this.rows.filter((row) => (!status || row.status === status) && (!wanted || SEARCHED(row).includes(wanted)));
    const ids = new Set(shown.map((row) => row.id));
    for (const [id, node] of this.nodes) {
      if (!ids.has(id)) {
        node.remove();
        this.nodes.delete(id);
      }
    }
    shown.forEach((row, index) => {
      const node = this.nodes.get(row.id) ?? this.create(row.id);
      this.fill(node, row);
      if (this.body.children[index] !== node) this.body.insertBefore(node, this.body.children[index] ?? null);
    });
    text(this.shownCount, `${shown.length} of ${this.rows.length} workers shown`);
  }

  create(id) {
    const open = el('button', { type: 'button', class: 'open', 'aria-label': `open worker ${id}` }, id);
    open.addEventListener('click', () => this.onOpen(id));
    const node = el('tr', { 'data-worker': id },
      el('th', { scope: 'row', 'data-label': 'worker' }, open),
      el('td', { 'data-label': 'status' }),
      el('td', { class: 'message', 'data-label': 'not healthy' }),
      el('td', { class: 'num', 'data-label': 'steps/s' }),
      el('td', { class: 'num', 'data-label': 'errors' }),
      el('td', { class: 'num', 'data-label': 'up' }));
    node.addEventListener('click', (event) => {
      if (event.target === node || event.target.closest('td')) this.onOpen(id);
    });
    this.nodes.set(id, node);
    return node;
  }

  fill(node, row) {
    node.dataset.status = row.status;
    node.className = `row-${row.status}`;
    const [, status, failing, rate, errors, up] = node.children;
    status.className = `status-${row.status}`;
    text(status, `${ICON[row.status] ?? '?'} ${row.status}`);
    text(failing, row.status === 'unreachable' ? row.reason ?? 'no answer'
      : row.failing.map((check) => `${check.name} (${check.status}): ${check.message}`).join('; '));
    text(rate, row.collecting ? 'collecting…' : number(row.rate, 2));
    text(errors, row.collecting ? 'collecting…' : percent(row.errors));
    text(up, row.status === 'unreachable'
      ? (row.silentFor === null ? 'never answered' : `last seen ${Math.round(row.silentFor)} s ago`)
      : duration(row.uptime));
  }
}
