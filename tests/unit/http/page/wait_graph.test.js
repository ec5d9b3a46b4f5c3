// The wait-graph page's logic (src/server/http/page/wait_graph.js) and its polling loop
// (app.js), run by Node's built-in test runner: node --test tests/unit/http/page/
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const PAGE = path.join(__dirname, '../../../../src/server/http/page');
const WaitGraph = require(path.join(PAGE, 'wait_graph.js'));

// The seed pile-up as /api/wait-graph serves it: 12 idle in a transaction holding
// SHARED_READ, 13's ALTER waits for EXCLUSIVE, 14's SELECT queues behind the ALTER.
function seed() {
  const object = 'TABLE `d`.`t`';
  const explainA = (w) => 'pid 12 holds SHARED_READ (TRANSACTION) on ' + object + ', which conflicts with ' + w;
  return {
    root_blockers: [12],
    sessions: [
      { id: 12, user: 'root', host: 'localhost', db: 'd', command: 'Sleep', time: 312, state: '', info: null,
        in_transaction: true, trx_idle_secs: 312, waiting: false, blocking: true, root_blocker: true, kill: 'KILL 12' },
      { id: 13, user: 'root', host: 'localhost', db: 'd', command: 'Query', time: 40,
        state: 'Waiting for table metadata lock', info: 'ALTER TABLE t ADD COLUMN c INT', in_transaction: false,
        trx_idle_secs: null, waiting: true, blocking: true, root_blocker: false, kill: 'KILL 13' },
      { id: 14, user: 'app', host: '10.0.0.7:5123', db: 'd', command: 'Query', time: 7,
        state: 'Waiting for table metadata lock', info: 'SELECT "<script>" FROM t',
        in_transaction: false, trx_idle_secs: null, waiting: true, blocking: false, root_blocker: false,
        kill: 'KILL 14' },
    ],
    locks: [
      { owner: 12, object, namespace: 'TABLE', schema: 'd', name: 't', type: 'SHARED_READ',
        duration: 'TRANSACTION', status: 'GRANTED', age_secs: 312 },
      { owner: 13, object, namespace: 'TABLE', schema: 'd', name: 't', type: 'EXCLUSIVE',
        duration: 'TRANSACTION', status: 'PENDING', age_secs: 40 },
    ],
    edges: [
      { waiter: 13, blocker: 12, object, waiter_type: 'EXCLUSIVE', blocker_type: 'SHARED_READ', blocker_status: 'GRANTED' },
      { waiter: 14, blocker: 13, object, waiter_type: 'SHARED_READ', blocker_type: 'EXCLUSIVE', blocker_status: 'PENDING' },
    ],
    waiters: [
      { id: 13, object, type: 'EXCLUSIVE', duration: 'TRANSACTION', wait_secs: 40, root_blockers: [12], kill: 'KILL 12',
        blockers: [{ id: 12, direct: true, root: true, chain: [13, 12], state: 'idle in transaction', state_secs: 312,
          explanation: explainA('the EXCLUSIVE lock pid 13 requests'), kill: 'KILL 12' }] },
      { id: 14, object, type: 'SHARED_READ', duration: 'TRANSACTION', wait_secs: 7, root_blockers: [12], kill: 'KILL 12',
        blockers: [
          { id: 13, direct: true, root: false, chain: [14, 13], state: 'waiting for a metadata lock', state_secs: 40,
            explanation: 'pid 13 has a pending EXCLUSIVE request', kill: 'KILL 13' },
          { id: 12, direct: false, root: true, chain: [14, 13, 12], state: 'idle in transaction', state_secs: 312,
            explanation: 'pid 12 holds SHARED_READ, blocking pid 13', kill: 'KILL 12' }] },
    ],
  };
}

test('root blocker is called out with its idle time and the KILL to run', () => {
  const view = WaitGraph.buildView(seed());
  assert.equal(view.callouts.length, 1);
  assert.equal(view.callouts[0].text, 'pid 12 is idle in transaction for 312 s \u2014 KILL 12');
  assert.equal(view.callouts[0].kill, 'KILL 12');
  assert.equal(view.callouts[0].blocked, 2);
  assert.equal(view.summary, '2 waiting, 1 root blocker.');
});

test('sessions get roles and columns by how deep they wait', () => {
  const view = WaitGraph.buildView(seed());
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  assert.equal(byId.get(12).role, 'root');
  assert.equal(byId.get(13).role, 'blocked-blocker');
  assert.equal(byId.get(14).role, 'waiter');
  assert.ok(byId.get(12).x < byId.get(13).x && byId.get(13).x < byId.get(14).x);
  assert.equal(byId.get(13).detail, 'waits 40 s for EXCLUSIVE');
  assert.equal(byId.get(12).detail, 'idle in transaction for 312 s');
  assert.equal(byId.get(14).title, 'pid 14 \u00b7 app@10.0.0.7:5123');
  assert.deepEqual(view.links.map((l) => [l.from, l.to]), [[13, 12], [14, 13]]);
  assert.equal(view.links[1].label, 'SHARED_READ vs EXCLUSIVE (queued)');
  assert.ok(view.width > 3 * 200 && view.height > 0);
});

test('waiters list their wait, explanations and the suggestion', () => {
  const view = WaitGraph.buildView(seed());
  assert.deepEqual(view.waiters.map((w) => [w.id, w.waitFor, w.wait, w.kill]), [
    [13, 'EXCLUSIVE on TABLE `d`.`t`', '40 s', 'KILL 12'],
    [14, 'SHARED_READ on TABLE `d`.`t`', '7 s', 'KILL 12'],
  ]);
  assert.equal(view.waiters[1].explanation.length, 2);
});

test('the SVG escapes text from the server and highlights the root', () => {
  const svg = WaitGraph.renderSvg(WaitGraph.buildView(seed()));
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  assert.ok(svg.includes('class="node root" data-id="12"'));
  assert.ok(svg.includes('class="node waiter" data-id="14"'));
  assert.equal((svg.match(/<g class="link"/g) || []).length, 2);
  assert.ok(!svg.includes('<script>'));
  assert.ok(svg.includes('SELECT &quot;&lt;script&gt;&quot; FROM t'), 'SQL text is escaped');
});

test('details name the root blocker, each waiter and escape everything', () => {
  const data = seed();
  data.waiters[0].blockers[0].explanation = 'evil <img src=x onerror=alert(1)>';
  const html = WaitGraph.renderDetails(WaitGraph.buildView(data));
  assert.ok(html.includes('<li class="root-callout" data-id="12"><strong>Root blocker:</strong> pid 12 is idle in transaction for 312 s \u2014 <code>KILL 12</code> (unblocks 2 waiting sessions)</li>'));
  assert.ok(html.includes('<tr data-id="13">') && html.includes('<tr data-id="14">'));
  assert.ok(html.includes('evil &lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(!html.includes('<img'));
});

test('an idle server has nothing to draw', () => {
  const view = WaitGraph.buildView({ root_blockers: [], sessions: [], locks: [], edges: [], waiters: [] });
  assert.equal(view.summary, 'No session is waiting for a metadata lock.');
  assert.deepEqual(view.nodes, []);
  assert.ok(WaitGraph.renderSvg(view).endsWith('</svg>'));
  assert.equal(WaitGraph.renderDetails(view), '<p class="summary">No session is waiting for a metadata lock.</p>');
});

test('a deadlock in the making has no root blocker and the layout terminates', () => {
  const s = (id) => ({ id, user: 'u', host: 'h', command: 'Query', time: 1, info: null, waiting: true, blocking: true });
  const data = {
    root_blockers: [],
    sessions: [s(1), s(2)],
    edges: [
      { waiter: 1, blocker: 2, object: 'TABLE `d`.`a`', waiter_type: 'EXCLUSIVE', blocker_type: 'SHARED_WRITE', blocker_status: 'GRANTED' },
      { waiter: 2, blocker: 1, object: 'TABLE `d`.`b`', waiter_type: 'EXCLUSIVE', blocker_type: 'SHARED_WRITE', blocker_status: 'GRANTED' },
    ],
    waiters: [{ id: 1, object: 'TABLE `d`.`a`', type: 'EXCLUSIVE', wait_secs: 1, root_blockers: [], kill: null, blockers: [] },
      { id: 2, object: 'TABLE `d`.`b`', type: 'EXCLUSIVE', wait_secs: 1, root_blockers: [], kill: null, blockers: [] }],
  };
  const view = WaitGraph.buildView(data);
  assert.equal(view.callouts.length, 0);
  assert.match(view.summary, /deadlock in the making/);
  assert.equal(view.nodes.length, 2);
  assert.ok(WaitGraph.renderDetails(view).includes('<td>\u2014</td>'));
});

test('durations and shortening', () => {
  assert.equal(WaitGraph.formatDuration(0), '0 s');
  assert.equal(WaitGraph.formatDuration(3599), '3599 s');
  assert.equal(WaitGraph.formatDuration(3 * 3600 + 125), '3 h 2 min');
  assert.equal(WaitGraph.formatDuration(-4), '0 s');
  assert.equal(WaitGraph.shorten('SELECT   *\n FROM t', 40), 'SELECT * FROM t');
  assert.equal(WaitGraph.shorten('abcdefgh', 5), 'abcd\u2026');
  assert.equal(WaitGraph.shorten(null, 5), '');
  assert.equal(WaitGraph.escapeHtml('<a href="x">\'&'), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
});

test('the page loads only its own scripts and style', () => {
  const html = fs.readFileSync(path.join(PAGE, 'index.html'), 'utf8');
  const sources = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(sources, ['/style.css', '/wait_graph.js', '/app.js']);
  assert.ok(!/<script>/.test(html), 'no inline script (the CSP forbids it)');
});

test('app.js polls /api/wait-graph and draws the answer, and reports errors', async () => {
  const elements = {};
  for (const id of ['status', 'graph', 'details']) elements[id] = { innerHTML: '', textContent: '', className: '' };
  const timers = [];
  const fetched = [];
  let answer = { ok: true, status: 200, json: async () => seed() };
  const context = {
    document: { getElementById: (id) => elements[id] },
    fetch: async (url, options) => { fetched.push([url, options.cache]); return answer; },
    setTimeout: (fn, ms) => timers.push([fn, ms]),
    Date,
    location: { origin: 'http://127.0.0.1:8080', href: 'http://root:@127.0.0.1:8080/' },
  };
  context.window = context;
  vm.createContext(context);
  vm.runInContext(fs.readFileSync(path.join(PAGE, 'wait_graph.js'), 'utf8'), context);
  vm.runInContext(fs.readFileSync(path.join(PAGE, 'app.js'), 'utf8'), context);
  await new Promise((resolve) => setImmediate(resolve));
  // Never relative to a page URL that may carry user:password@ (fetch would refuse it).
  assert.deepEqual(fetched, [['http://127.0.0.1:8080/api/wait-graph', 'no-store']]);
  assert.ok(elements.graph.innerHTML.includes('class="node root" data-id="12"'));
  assert.ok(elements.details.innerHTML.includes('KILL 12'));
  assert.match(elements.status.textContent, /^updated /);
  assert.equal(timers.length, 1);
  assert.equal(timers[0][1], 1000);

  answer = { ok: false, status: 401, json: async () => ({}) };
  timers[0][0]();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(elements.status.textContent, 'cannot read the wait graph: HTTP 401');
  assert.equal(elements.status.className, 'status error');
  assert.equal(timers.length, 2, 'keeps polling after an error');
});
