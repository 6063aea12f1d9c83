/**
 * The pill in the page's header that says how the server is doing (GET /health), and how many sources
 * are failing, on every view: loaded again with each load of a page. A fragment of dashboard.js (see
 * dashboard-script.ts).
 */
export const healthPillJs = String.raw`
  function loadHealth() {
    return readHealth()
      .then(function (h) {
        var pill = $('health');
        pill.dataset.status = h.status || 'error';
        var failing = h.sources && h.sources.failing ? ' · ' + h.sources.failing + ' failing source(s)' : '';
        pill.textContent = (h.status || 'error') + failing;
      })
      .catch(function () { $('health').dataset.status = 'error'; $('health').textContent = 'unreachable'; });
  }
`;
