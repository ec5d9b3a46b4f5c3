// The wait-graph page's pure logic: from the JSON of GET /api/wait-graph to a view model
// (who is a root blocker, who waits for whom, the call-outs) and to SVG/HTML text. No DOM and
// no network here, so that Node's test runner checks exactly what the browser draws
// (tests/unit/http/page/wait_graph.test.js). app.js does the polling and the DOM.
//
// Loaded by the page as a classic script (it defines window.WaitGraph) and by Node as a
// CommonJS module.
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.WaitGraph = api;
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const NODE_WIDTH = 230;
  const NODE_HEIGHT = 64;
  const COLUMN_GAP = 90;
  const ROW_GAP = 24;
  const MARGIN = 16;

  function escapeHtml(text) {
    return String(text)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }

  // "312 s" (as the server's explanations count), "2 h 3 min" from an hour on.
  function formatDuration(secs) {
    const s = Math.max(0, Math.floor(Number(secs) || 0));
    if (s < 3600) return s + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }

  // "SELECT * FROM t" shortened to `max` characters with an ellipsis.
  function shorten(text, max) {
    if (text === null || text === undefined) return '';
    const t = String(text).replace(/\s+/g, ' ').trim();
    return t.length <= max ? t : t.slice(0, max - 1) + '\u2026';
  }

  // What a root blocker is doing, e.g. "idle in transaction for 312 s", from the waiters'
  // blocker entries (the server's judgement) or else the session itself.
  function rootState(data, id) {
    for (const w of data.waiters || []) {
      for (const b of w.blockers || []) {
        if (b.id === id) return b.state + ' for ' + formatDuration(b.state_secs);
      }
    }
    const s = (data.sessions || []).find((x) => x.id === id);
    if (s && s.trx_idle_secs !== null && s.trx_idle_secs !== undefined) {
      return 'idle in transaction for ' + formatDuration(s.trx_idle_secs);
    }
    return s ? s.command + ' for ' + formatDuration(s.time) : 'unknown';
  }

  // Column of each session: 0 for sessions that wait for nothing, else one more than the
  // deepest session it waits for. A cycle (deadlock in the making) stops the recursion.
  function depths(sessions, edges) {
    const blockersOf = new Map();
    for (const e of edges) {
      if (!blockersOf.has(e.waiter)) blockersOf.set(e.waiter, new Set());
      blockersOf.get(e.waiter).add(e.blocker);
    }
    const depth = new Map();
    const visiting = new Set();
    function visit(id) {
      if (depth.has(id)) return depth.get(id);
      if (visiting.has(id)) return 0;
      visiting.add(id);
      let d = 0;
      for (const b of blockersOf.get(id) || []) d = Math.max(d, visit(b) + 1);
      visiting.delete(id);
      depth.set(id, d);
      return d;
    }
    for (const s of sessions) visit(s.id);
    return depth;
  }

  // The view model of one /api/wait-graph document.
  function buildView(data) {
    const sessions = data.sessions || [];
    const edges = data.edges || [];
    const roots = new Set(data.root_blockers || []);
    const waiterOf = new Map((data.waiters || []).map((w) => [w.id, w]));
    const depth = depths(sessions, edges);

    const columns = [];
    for (const s of sessions) {
      const d = depth.get(s.id) || 0;
      while (columns.length <= d) columns.push([]);
      columns[d].push(s);
    }
    const nodes = [];
    const position = new Map();
    columns.forEach((column, c) => {
      column.forEach((s, r) => {
        const x = MARGIN + c * (NODE_WIDTH + COLUMN_GAP);
        const y = MARGIN + r * (NODE_HEIGHT + ROW_GAP);
        const waiter = waiterOf.get(s.id);
        let role = 'holder';
        if (roots.has(s.id)) role = 'root';
        else if (s.waiting && s.blocking) role = 'blocked-blocker';
        else if (s.waiting) role = 'waiter';
        else if (s.blocking) role = 'blocker';
        let detail;
        if (role === 'root') detail = rootState(data, s.id);
        else if (waiter) detail = 'waits ' + formatDuration(waiter.wait_secs) + ' for ' + waiter.type;
        else detail = s.command + ' ' + formatDuration(s.time);
        nodes.push({
          id: s.id,
          role: role,
          x: x,
          y: y,
          title: 'pid ' + s.id + ' \u00b7 ' + s.user + '@' + s.host,
          detail: detail,
          sql: shorten(s.info, 30),
        });
        position.set(s.id, { x: x, y: y });
      });
    });

    // One arrow per (waiter, blocker) pair, from the waiter to the session it waits for.
    const links = [];
    const seen = new Set();
    for (const e of edges) {
      const key = e.waiter + '>' + e.blocker;
      if (seen.has(key) || !position.has(e.waiter) || !position.has(e.blocker)) continue;
      seen.add(key);
      links.push({
        from: e.waiter,
        to: e.blocker,
        label: e.waiter_type + ' vs ' + e.blocker_type + (e.blocker_status === 'PENDING' ? ' (queued)' : ''),
        object: e.object,
      });
    }

    const callouts = [...roots].sort((a, b) => a - b).map((id) => {
      const blocked = (data.waiters || []).filter((w) => (w.root_blockers || []).includes(id)).length;
      const state = 'pid ' + id + ' is ' + rootState(data, id);
      return { id: id, state: state, text: state + ' \u2014 KILL ' + id, kill: 'KILL ' + id, blocked: blocked };
    });
    const waiters = (data.waiters || []).map((w) => ({
      id: w.id,
      waitFor: w.type + ' on ' + w.object,
      wait: formatDuration(w.wait_secs),
      explanation: (w.blockers || []).map((b) => b.explanation),
      kill: w.kill,
    }));

    const width = MARGIN * 2 + Math.max(1, columns.length) * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP;
    const rows = Math.max(1, ...columns.map((c) => c.length));
    const height = MARGIN * 2 + rows * (NODE_HEIGHT + ROW_GAP) - ROW_GAP;
    let summary;
    if (waiters.length === 0) summary = 'No session is waiting for a metadata lock.';
    else if (callouts.length === 0) summary = waiters.length + ' waiting; every blocker waits too (deadlock in the making).';
    else summary = waiters.length + ' waiting, ' + callouts.length + ' root blocker' + (callouts.length > 1 ? 's' : '') + '.';
    return { nodes, links, callouts, waiters, width, height, summary };
  }

  // The graph as an SVG element's text. Every text from the server is escaped.
  function renderSvg(view) {
    const byId = new Map(view.nodes.map((n) => [n.id, n]));
    const out = [];
    out.push('<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="' + view.width +
      '" height="' + view.height + '" viewBox="0 0 ' + view.width + ' ' + view.height + '">');
    out.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" ' +
      'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>');
    for (const l of view.links) {
      const a = byId.get(l.from);
      const b = byId.get(l.to);
      // From the waiter's left edge to the blocker's right edge (blockers sit to the left).
      const x1 = a.x;
      const y1 = a.y + NODE_HEIGHT / 2;
      const x2 = b.x + NODE_WIDTH;
      const y2 = b.y + NODE_HEIGHT / 2;
      out.push('<g class="link" data-from="' + l.from + '" data-to="' + l.to + '">' +
        '<line x1="' + x1 + '" y1="' + y1 + '" x2="' + x2 + '" y2="' + y2 + '" marker-end="url(#arrow)"/>' +
        '<title>' + escapeHtml(l.label + ' on ' + l.object) + '</title></g>');
    }
    for (const n of view.nodes) {
      out.push('<g class="node ' + n.role + '" data-id="' + n.id + '" transform="translate(' + n.x + ',' + n.y + ')">' +
        '<rect width="' + NODE_WIDTH + '" height="' + NODE_HEIGHT + '" rx="6"/>' +
        '<text x="8" y="18" class="title">' + escapeHtml(n.title) + '</text>' +
        '<text x="8" y="36">' + escapeHtml(n.detail) + '</text>' +
        '<text x="8" y="54" class="sql">' + escapeHtml(n.sql) + '</text></g>');
    }
    out.push('</svg>');
    return out.join('');
  }

  // The call-outs and the waiter list as HTML text.
  function renderDetails(view) {
    const out = [];
    out.push('<p class="summary">' + escapeHtml(view.summary) + '</p>');
    if (view.callouts.length > 0) {
      out.push('<ul class="callouts">');
      for (const c of view.callouts) {
        out.push('<li class="root-callout" data-id="' + c.id + '"><strong>Root blocker:</strong> ' +
          escapeHtml(c.state) + ' \u2014 <code>' + escapeHtml(c.kill) + '</code> (unblocks ' + c.blocked +
          ' waiting session' + (c.blocked === 1 ? '' : 's') + ')</li>');
      }
      out.push('</ul>');
    }
    if (view.waiters.length > 0) {
      out.push('<table class="waiters"><thead><tr><th>pid</th><th>waits for</th><th>for</th>' +
        '<th>why</th><th>suggestion</th></tr></thead><tbody>');
      for (const w of view.waiters) {
        out.push('<tr data-id="' + w.id + '"><td>' + w.id + '</td><td>' + escapeHtml(w.waitFor) +
          '</td><td>' + escapeHtml(w.wait) + '</td><td>' +
          w.explanation.map((e) => '<div>' + escapeHtml(e) + '</div>').join('') + '</td><td>' +
          (w.kill ? '<code>' + escapeHtml(w.kill) + '</code>' : '\u2014') + '</td></tr>');
      }
      out.push('</tbody></table>');
    }
    return out.join('');
  }

  return { buildView, renderSvg, renderDetails, formatDuration, escapeHtml, shorten, depths };
});
