// A real SockJS event-bus client (the npm @vertx/eventbus-bridge-client.js over sockjs-client),
// forced onto one XHR transport: calls templates.list, then sends a call naming two actions.
// Prints one JSON line of what it got; exit 0 when both answers came, 2 when none came in time.
// Usage: node sockjs-xhr.js <http://host:port/eventbus> <xhr-polling|xhr-streaming>
const EventBus = require('@vertx/eventbus-bridge-client.js');

const [url, transport] = process.argv.slice(2);
const giveUp = setTimeout(() => {
  console.log(JSON.stringify({ error: 'no answer within 20 s over ' + transport }));
  process.exit(2);
}, 20000);

const eb = new EventBus(url, { transports: [transport], vertxbus_reconnect_attempts_max: 0 });
eb.onopen = () => {
  eb.send('tasker.worker.templates', { include_cache_stats: true }, { action: 'list' }, (err, listed) => {
    eb.send('tasker.worker.templates', {}, { action: 'list', ACTION: 'clearCache' }, (refused) => {
      clearTimeout(giveUp);
      console.log(JSON.stringify({
        transport: eb.sockJSConn.transport,
        listed: err ? { error: err } : listed.body,
        refused: refused ? { failureCode: refused.failureCode, message: refused.message } : null,
      }));
      eb.close();
      process.exit(0);
    });
  });
};
