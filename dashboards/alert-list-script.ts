/**
 * The overview's alerts: open and acknowledged ones, the last few resolved, a line saying when some
 * were left out and Show all to read every one. A fragment of dashboard.js (see dashboard-script.ts).
 */
export const alertListJs = String.raw`
  /**
   * Open and acknowledged alerts, then the last few resolved ones: what happened overnight stays in sight.
   * The newest 20 open and 10 acknowledged ones at first, and a line saying when there are more: a night
   * every source failed opened more than 20, and the oldest were left off the overview without a word.
   * Only the newest load builds the list: a minute's refresh that read the first page before the reader
   * pressed Show all, and answered after it, put that first page back until the next refresh.
   * Its failure too: Show all's load failing after a newer refresh had begun (with Show all on) turned
   * Show all off under the list that refresh built, and the next refresh went back to the first pages.
   * An overtaken load resolves with nothing; the newest one says how the list went.
   */
  function loadAlerts() {
    var seq = (state.alertsSeq = (state.alertsSeq || 0) + 1);
    // Read once: Show all changing while this load reads its pages is for the next load; read per page, it
    // stopped a load at its first 100 and called them the newest 20, or read the rest 20 at a time.
    var all = state.allAlerts;
    return Promise.all([
      readAlerts('open', 20, all),
      readAlerts('acknowledged', 10, all),
      api('/api/alerts?status=resolved&limit=' + RESOLVED_SHOWN),
    ]).then(function (pages) {
      if (seq !== state.alertsSeq) return;
      var alerts = pages[0].alerts.concat(pages[1].alerts);
      refill($('alerts'), function (list) {
        alerts.forEach(function (a) { list.appendChild(renderAlert(a)); });
      });
      show('alerts-empty', alerts.length === 0);
      var left = describeLeftOutAlerts(pages[0], pages[1]);
      $('alerts-more-text').textContent = left;
      show('alerts-more', left !== '');
      refill($('resolved-alerts'), function (resolved) {
        pages[2].alerts.forEach(function (a) { resolved.appendChild(renderAlert(a)); });
      });
      show('resolved-title', pages[2].alerts.length > 0);
    }, function (e) {
      if (seq === state.alertsSeq) throw e;
    });
  }

  /**
   * Alerts of this status, newest first: the first page of this size, or every page (100 at a time)
   * when all is true (the reader asked for all of them). { alerts, more, shown }: more says some were
   * left out of the first shown.
   */
  function readAlerts(status, shown, all) {
    var size = all ? 100 : shown;
    function from(cursor, read) {
      return api('/api/alerts?status=' + status + '&limit=' + size + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '')).then(function (body) {
        var alerts = read.concat(body.alerts);
        return all && body.nextCursor ? from(body.nextCursor, alerts) : { alerts: alerts, more: Boolean(body.nextCursor), shown: shown };
      });
    }
    return from(null, []);
  }

  /** "Only the newest 20 open alerts are shown; there are more.", or '' when none was left out. */
  function describeLeftOutAlerts(open, acknowledged) {
    var parts = [open, acknowledged].map(function (page, i) {
      return page.more ? page.shown + ' ' + (i === 0 ? 'open' : 'acknowledged') : null;
    }).filter(Boolean);
    return parts.length ? 'Only the newest ' + parts.join(' and ') + ' alerts are shown; there are more.' : '';
  }

  /**
   * Show all: every open and acknowledged alert from now on, refreshes included; a failure says so by the
   * button and turns it off again. A load overtaken by a refresh never fails here (loadAlerts): that
   * refresh read Show all on, and it owns the list.
   */
  function showAllAlerts() {
    var button = $('alerts-show-all');
    button.disabled = true;
    state.allAlerts = true;
    loadAlerts().catch(function (e) {
      state.allAlerts = false;
      $('alerts-more-text').textContent = 'The other alerts could not be loaded: ' + e.message + '.';
    }).then(function () { button.disabled = false; });
  }
`;
