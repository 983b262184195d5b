'use strict';
// Every operation of the client against a real worker that the Java suite starts (ClientsTest).
// The suite passes the worker's bridge in TASKER_BRIDGE_ADDRESS, its id in TASKER_TEST_WORKER_ID,
// a key with every permission in TASKER_TEST_API_KEY and a templates:read-only key in
// TASKER_TEST_LIMITED_KEY; `control` asks the suite to drain, stop or start the worker.

const assert = require('node:assert/strict');
const net = require('node:net');
const readline = require('node:readline');
const { test, before, after } = require('node:test');
const { Client, TaskerWorkerError } = require('..');

const WORKER = process.env.TASKER_TEST_WORKER_ID;
const KEY = process.env.TASKER_TEST_API_KEY;
const LIMITED = process.env.TASKER_TEST_LIMITED_KEY;
const PAYMENT = ['payments', 'process_payment', '1.0.0'];
const MISSING = ['payments', 'missing', '9.9.9'];
const skip = WORKER ? false : 'run by the Java suite (ClientsTest), which starts the worker';

const answers = readline.createInterface({ input: process.stdin });
const lines = answers[Symbol.asyncIterator]();

async function control(command) {
  process.stdout.write(`@@control ${command}\n`);
  const { value } = await lines.next();
  assert.equal(value, 'ok', `the suite could not ${command} the worker`);
}

async function failure(call) {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof TaskerWorkerError, String(error));
    return error;
  }
  assert.fail('the call did not fail');
}

let client;
before(() => { client = new Client({ apiKey: KEY }); });
after(() => { client.close(); answers.close(); });

test('health', { skip }, async () => {
  assert.equal((await client.healthBasic()).status, 'healthy');
  assert.equal((await client.healthBasic()).worker_id, WORKER);
  assert.equal((await client.healthLive()).status, 'alive');
  assert.ok('database' in (await client.healthReady()).checks);
  assert.ok('template_cache' in (await client.healthDetailed()).checks);
  assert.equal(await client.isReady(), true);
  assert.equal(await client.isAlive(), true);
});

test('metrics', { skip }, async () => {
  assert.equal((await client.metricsWorker()).worker_id, WORKER);
  assert.equal(typeof (await client.metricsEvents()).router.total_routed, 'number');
  assert.match(await client.metricsPrometheus(), /# TYPE tasker_/);
});

test('templates', { skip }, async () => {
  assert.equal((await client.templatesList()).template_count, 3);
  assert.ok(!('cache_stats' in (await client.templatesList())));
  assert.ok('cache_stats' in (await client.templatesList(true)));
  assert.equal((await client.templateGet(...PAYMENT)).template.name, 'process_payment');
  assert.equal((await client.templateValidate(...PAYMENT)).valid, true);
  assert.equal((await client.templateRefresh(...PAYMENT)).success, true);
  assert.equal((await client.templateRefresh(...MISSING)).success, false);
  assert.equal(typeof (await client.cacheStats()).hits, 'number');
  assert.equal((await client.cacheClear()).operation, 'clear');
  assert.equal((await client.cacheMaintain()).operation, 'maintain');
});

test('traceparent goes with calls', { skip }, async () => {
  // The suite looks the trace up in its tracing backend afterwards (TASKER_TEST_TRACEPARENT).
  const traced = new Client({ apiKey: KEY, traceparent: process.env.TASKER_TEST_TRACEPARENT });
  try {
    assert.equal((await traced.healthDetailed()).worker_id, WORKER);
    traced.traceparent = '00-not-a-trace';
    await assert.rejects(traced.healthBasic(), TypeError);
  } finally {
    traced.close();
  }
});

test('config', { skip }, async () => {
  const runtime = await client.configRuntime();
  assert.equal(runtime.environment, await client.configEnvironment());
  assert.ok(!JSON.stringify(runtime).includes(KEY));
});

test('failures carry their code', { skip }, async () => {
  const missing = await failure(client.templateGet(...MISSING));
  assert.equal(missing.code, 404);
  assert.match(missing.message, /payments\/missing\/9\.9\.9/);
  const anonymous = new Client();
  assert.equal((await failure(anonymous.templatesList())).code, 401);
  assert.equal(await anonymous.isAlive(), true, 'the probes stay public');
  anonymous.close();
  const limited = new Client({ apiKey: LIMITED });
  assert.equal((await limited.templatesList()).template_count, 3);
  const forbidden = await failure(limited.configRuntime());
  assert.equal(forbidden.code, 403);
  assert.match(forbidden.message, /config:read/);
  limited.close();
});

test('one worker by id', { skip }, async () => {
  const named = new Client({ workerId: WORKER, apiKey: KEY });
  assert.equal((await named.healthBasic()).worker_id, WORKER);
  named.close();
  const absent = new Client({ workerId: 'no-such-worker', apiKey: KEY });
  assert.equal((await failure(absent.healthBasic())).code, 404);
  assert.equal(await absent.isAlive(), false);
  absent.close();
});

test('unreachable and slow', { skip }, async () => {
  const closed = net.createServer();
  await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address();
  await new Promise((resolve) => closed.close(resolve));
  const refused = await failure(new Client({ port }).healthBasic());
  assert.deepEqual([refused.code, refused.unreachable], [503, true]);
  const silent = net.createServer(() => {}); // accepts and never answers
  await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const waiting = new Client({ port: silent.address().port, timeout: 300 });
  const slow = await failure(waiting.healthBasic());
  assert.deepEqual([slow.code, slow.unreachable], [504, true]);
  assert.equal(await waiting.isReady(), false);
  waiting.close();
  silent.close();
});

test('overlapping calls share one connection', { skip }, async () => {
  const statuses = await Promise.all(Array.from({ length: 8 }, () => client.healthBasic()));
  assert.deepEqual(statuses.map((s) => s.status), Array(8).fill('healthy'));
});

test('drain, stop and restart', { skip }, async () => {
  assert.equal(await client.isReady(), true);
  await control('drain');
  assert.equal(await client.isReady(), false, 'draining is never ready');
  assert.equal(await client.isAlive(), true, 'draining is still alive');
  await control('await-stopped');
  assert.equal((await failure(client.healthBasic())).code, 503);
  assert.equal(await client.isAlive(), false);
  await control('start');
  assert.equal((await client.healthBasic()).status, 'healthy', 'the same client reconnects');
  assert.equal(await client.isReady(), true);
});
