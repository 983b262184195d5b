'use strict';
// A Tasker worker's health, metrics, templates and configuration, read over its TCP event-bus bridge.
// Each frame is a 4-byte big-endian length, then UTF-8 JSON: a `send` frame with header `action`
// (the service method) and a body of snake_case arguments; the answer is a `message` frame (the
// result) or an `err` frame (`failureCode`, `message`) addressed to the call's `replyAddress`.

const net = require('node:net');

const DEFAULT_BRIDGE = '127.0.0.1:7000';
const WORKER_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const MAX_FRAME = 64 * 1024 * 1024; // longer is a broken stream, not an answer

/** A failed call: `code` is the failure code (400, 401, 403, 404, 500, 503, 504). */
class TaskerWorkerError extends Error {
  constructor(code, message, unreachable = false) {
    super(`${code}: ${message}`);
    this.name = 'TaskerWorkerError';
    this.code = code;
    this.reason = message;
    /** True when the worker never answered: no connection, a connection lost, or no answer in time. */
    this.unreachable = unreachable;
  }
}

function parseBridge(address) {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at).replace(/^\[|\]$/g, '');
  const port = address.slice(at + 1);
  if (at <= 0 || !host || !/^\d+$/.test(port)) {
    throw new TypeError(`bridge address must be host:port, got ${JSON.stringify(address)}`);
  }
  return [host, Number(port)];
}

/**
 * One worker (`workerId`) or any worker (none: the shared addresses), over one reused connection.
 * Defaults come from TASKER_BRIDGE_ADDRESS (host:port), TASKER_WORKER_ID, TASKER_API_KEY and
 * TASKER_TOKEN. Every method returns a promise; calls may overlap. An idle connection does not
 * keep the process alive.
 */
class Client {
  constructor({ host, port, workerId, timeout = 5000, apiKey, token, traceparent } = {}) {
    const [defaultHost, defaultPort] = parseBridge(process.env.TASKER_BRIDGE_ADDRESS || DEFAULT_BRIDGE);
    this.host = host || defaultHost;
    this.port = Number(port || defaultPort);
    this.workerId = workerId ?? (process.env.TASKER_WORKER_ID || undefined);
    if (this.workerId !== undefined && !WORKER_ID.test(this.workerId)) {
      throw new TypeError(`workerId must match [A-Za-z0-9_.-]{1,64}, got ${JSON.stringify(this.workerId)}`);
    }
    this.timeout = timeout;
    this.apiKey = apiKey ?? (process.env.TASKER_API_KEY || undefined);
    this.token = token ?? (process.env.TASKER_TOKEN || undefined);
    /** W3C trace context sent with every call while set, so the worker's spans continue the caller's trace. */
    this.traceparent = traceparent ?? (process.env.TRACEPARENT || undefined);
    this._socket = null;
    this._pending = new Map();
    this._replies = 0;
  }

  // --- health -----------------------------------------------------------------------------
  healthBasic() { return this._call('health', 'basic'); }
  healthLive() { return this._call('health', 'live'); }
  healthReady() { return this._call('health', 'ready'); }
  healthDetailed() { return this._call('health', 'detailed'); }
  /** True when readiness answers "healthy"; false on any failure, never rejects. */
  isReady() { return this._says(this.healthReady(), 'healthy'); }
  /** True when liveness answers "alive"; false on any failure, never rejects. */
  isAlive() { return this._says(this.healthLive(), 'alive'); }

  // --- metrics ----------------------------------------------------------------------------
  metricsWorker() { return this._call('metrics', 'worker'); }
  metricsEvents() { return this._call('metrics', 'events'); }
  /** The Prometheus text exposition, as a string. */
  metricsPrometheus() { return this._call('metrics', 'prometheus'); }

  // --- templates --------------------------------------------------------------------------
  templatesList(includeCacheStats = false) {
    return this._call('templates', 'list', { include_cache_stats: Boolean(includeCacheStats) });
  }
  templateGet(namespace, name, version) { return this._call('templates', 'get', { namespace, name, version }); }
  templateValidate(namespace, name, version) { return this._call('templates', 'validate', { namespace, name, version }); }
  /** Never rejects for a missing template: answers `success: false` and why. */
  templateRefresh(namespace, name, version) { return this._call('templates', 'refresh', { namespace, name, version }); }
  cacheStats() { return this._call('templates', 'cacheStats'); }
  cacheClear() { return this._call('templates', 'clearCache'); }
  cacheMaintain() { return this._call('templates', 'maintainCache'); }

  // --- config -----------------------------------------------------------------------------
  /** The runtime configuration, secrets redacted. */
  configRuntime() { return this._call('config', 'runtime'); }
  /** The environment's name, as a string. */
  configEnvironment() { return this._call('config', 'environment'); }

  // --- connection -------------------------------------------------------------------------
  close() {
    if (this._socket) {
      this._socket.destroy();
    }
  }

  async _says(answer, status) {
    try {
      return (await answer).status === status;
    } catch {
      return false;
    }
  }

  _address(service) {
    return this.workerId === undefined ? `tasker.worker.${service}` : `tasker.worker.${this.workerId}.${service}`;
  }

  _call(service, action, body = {}) {
    const headers = { action };
    if (this.apiKey) headers['x-api-key'] = this.apiKey;
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.traceparent) {
      if (!TRACEPARENT.test(this.traceparent)) {
        return Promise.reject(new TypeError(`traceparent must be 00-<32 hex>-<16 hex>-<2 hex>, got ${JSON.stringify(this.traceparent)}`));
      }
      headers.traceparent = this.traceparent;
    }
    const replyAddress = `tasker-client.${process.pid}.${++this._replies}`;
    const frame = { type: 'send', address: this._address(service), replyAddress, headers, body };
    return new Promise((resolve, reject) => {
      const call = { frame, resolve, reject, attempt: 0, socket: null };
      call.timer = setTimeout(() => {
        this._settle(call, new TaskerWorkerError(504, `no answer from ${frame.address} within ${this.timeout} ms`, true));
      }, this.timeout);
      this._pending.set(replyAddress, call);
      this._send(call);
    });
  }

  _send(call) {
    call.attempt += 1;
    const socket = this._connected();
    call.socket = socket;
    call.reused = socket.connectedOnce === true;
    socket.ref();
    const data = Buffer.from(JSON.stringify(call.frame), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    socket.write(Buffer.concat([length, data]));
  }

  _connected() {
    if (this._socket) return this._socket;
    const socket = net.createConnection({ host: this.host, port: this.port, noDelay: true });
    let buffered = Buffer.alloc(0);
    socket.on('connect', () => { socket.connectedOnce = true; });
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4) {
        const length = buffered.readUInt32BE(0);
        if (length > MAX_FRAME) {
          socket.destroy(new Error(`frame of ${length} bytes`));
          return;
        }
        if (buffered.length < 4 + length) break;
        const text = buffered.subarray(4, 4 + length).toString('utf8');
        buffered = buffered.subarray(4 + length);
        this._arrive(text, socket);
      }
    });
    socket.on('error', (error) => { socket.lastError = error; });
    socket.on('close', () => this._lost(socket));
    this._socket = socket;
    return socket;
  }

  _arrive(text, socket) {
    let answer;
    try {
      answer = JSON.parse(text);
    } catch (error) {
      socket.destroy(new Error(`unreadable frame: ${error.message}`));
      return;
    }
    if (answer.type === 'pong') return;
    // An answer names its call; the bridge's own refusals name none and go to the oldest call.
    const call = answer.address !== undefined ? this._pending.get(answer.address)
      : [...this._pending.values()].find((c) => c.socket === socket);
    if (!call) return; // the late answer of a call that timed out
    if (answer.type === 'message') {
      this._settle(call, null, answer.body);
    } else if (answer.type === 'err') {
      this._settle(call, failure(answer, call.frame.address));
    } else {
      this._settle(call, new TaskerWorkerError(500, `unexpected frame from the bridge: ${answer.type}`));
    }
  }

  _lost(socket) {
    if (this._socket === socket) this._socket = null;
    const why = socket.lastError ? socket.lastError.message : 'closed by the worker';
    for (const call of [...this._pending.values()].filter((c) => c.socket === socket)) {
      if (call.reused && call.attempt === 1) {
        this._send(call); // a reused connection may have died with a worker that restarted since: one fresh try
      } else if (!socket.connectedOnce) {
        this._settle(call, new TaskerWorkerError(503, `cannot connect to ${this.host}:${this.port}: ${why}`, true));
      } else {
        this._settle(call, new TaskerWorkerError(503, `connection to ${this.host}:${this.port} lost: ${why}`, true));
      }
    }
  }

  _settle(call, error, value) {
    if (!this._pending.delete(call.frame.replyAddress)) return;
    clearTimeout(call.timer);
    if (this._socket && ![...this._pending.values()].some((c) => c.socket === this._socket)) {
      this._socket.unref(); // idle: let the process exit
    }
    if (error) call.reject(error); else call.resolve(value);
  }
}

/** An err frame as the error: the service's own code, or the bus's reason as one. */
function failure(answer, address) {
  const message = answer.message || 'failed';
  if (answer.failureType === 'NO_HANDLERS') return new TaskerWorkerError(404, `no worker answers at ${address}`);
  if (answer.failureType === 'TIMEOUT') return new TaskerWorkerError(504, `the worker did not answer at ${address} in time`);
  if (Number.isInteger(answer.failureCode) && answer.failureCode > 0) return new TaskerWorkerError(answer.failureCode, message);
  // The bridge refused the frame itself: a forbidden address or a malformed frame.
  return new TaskerWorkerError(message === 'access_denied' ? 403 : 400, `the bridge refused the call: ${message}`);
}

module.exports = { Client, TaskerWorkerError };
