// The wait-graph page's DOM side: polls /api/wait-graph once a second and draws it with the
// pure functions of wait_graph.js. The browser re-sends the Basic credentials the page was
// loaded with.
(function () {
  'use strict';
  const POLL_MS = 1000;
  const status = document.getElementById('status');
  const graph = document.getElementById('graph');
  const details = document.getElementById('details');

  async function refresh() {
    try {
      // From the origin, not relative to the page: a page opened as http://user:pw@host/ has
      // credentials in its URL, and fetch() refuses URLs that resolve to include them.
      const response = await fetch(window.location.origin + '/api/wait-graph',
        { cache: 'no-store', credentials: 'same-origin' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const view = window.WaitGraph.buildView(await response.json());
      graph.innerHTML = window.WaitGraph.renderSvg(view);
      details.innerHTML = window.WaitGraph.renderDetails(view);
      status.textContent = 'updated ' + new Date().toLocaleTimeString();
      status.className = 'status';
    } catch (e) {
      status.textContent = 'cannot read the wait graph: ' + e.message;
      status.className = 'status error';
    } finally {
      setTimeout(refresh, POLL_MS);
    }
  }
  refresh();
})();
