/**
 * The alert page's deliveries: every delivery of the alert, where it stands, its attempt log (the
 * newest attempts, saying how many older ones it leaves out) and a Redeliver button. A fragment of
 * dashboard.js (see dashboard-script.ts).
 */
export const alertDeliveriesJs = String.raw`
  function loadAlertDeliveries(alertId, seq) {
    return Promise.all([api('/api/deliveries?alert=' + Number(alertId) + '&limit=50'), api('/api/webhooks')]).then(function (answers) {
      var deliveries = answers[0].deliveries;
      return Promise.all(deliveries.map(function (d) {
        return api('/api/deliveries/' + Number(d.id) + '/attempts').then(function (body) { return body; }, function () { return null; });
      })).then(function (logs) {
        if (seq !== state.seq) return;
        $('alert-deliveries-empty').textContent = deliveriesEmptyText;
        fillList('alert-deliveries', deliveries.map(function (d, i) { return renderAlertDelivery(d, logs[i], answers[1].webhooks); }), 'alert-deliveries-empty');
      });
    }).catch(function (e) {
      // One part of the page: when it cannot be read it says so, and the evidence still shows.
      if (seq !== state.seq) return;
      refill($('alert-deliveries'), function () {});
      $('alert-deliveries-empty').textContent = 'The deliveries could not be loaded: ' + e.message;
      show('alert-deliveries-empty', true);
    });
  }

  var deliveriesEmptyText = 'No deliveries: no endpoint takes this alert, or its notifications were held (acknowledged, muted, quiet hours).';

  var deliveryLabels = { delivered: 'positive', pending: 'neutral', dead: 'negative', rejected: 'negative' };

  /** Where a delivery stands: the API gives sendingUntil only while a send is under way, when nextAttemptAt is the time it was due. */
  function deliveryProgress(d) {
    if (d.status === 'pending') return isNumber(d.sendingUntil) ? 'being sent now' : 'next attempt ' + when(d.nextAttemptAt);
    return d.status === 'delivered' ? 'delivered ' + when(d.deliveredAt) : 'given up';
  }

  /** log: the attempts API's answer (the newest attempts, and how many the log holds), null when it did not load. */
  function renderAlertDelivery(d, log, endpoints) {
    var progress = deliveryProgress(d);
    return el('li', { 'data-delivery-id': d.id, 'data-status': d.status }, [
      el('div', { class: 'row-head' }, [
        el('span', {}, [
          el('span', { class: 'label', 'data-label': deliveryLabels[d.status] || 'neutral', text: d.status }),
          d.eventType + ' → ' + describeEndpoint(d.endpointId, endpoints),
        ]),
        d.status === 'pending' ? null : redeliverButton(d, 'alert-feedback', function () { return route(true); }),
      ]),
      el('div', { class: 'meta', text: 'delivery #' + d.id + ' · ' + attemptCount(d, log) + ' · ' + progress + (d.lastError ? ' · last error: ' + d.lastError : '') }),
      renderAttemptLog(log),
    ]);
  }

  /**
   * How many times it was sent: the log's own count (attemptsMade), else its rows. The delivery's own
   * count is its place on the retry schedule, which a redelivery restarts, so beside a log of three it
   * said "1 attempt(s)".
   */
  function attemptCount(d, log) {
    if (log && isNumber(log.attemptsMade)) return countAttempts(log.attemptsMade);
    return countAttempts(isNumber(d.attemptsMade) ? d.attemptsMade : d.attempts);
  }

  function renderAttemptLog(log) {
    var attempts = log && Array.isArray(log.attempts) ? log.attempts : null;
    if (!attempts) return el('div', { class: 'meta', text: 'The attempt log could not be loaded.' });
    if (attempts.length === 0) return el('div', { class: 'meta', text: 'No attempt yet.' });
    var leftOut = describeLeftOutAttempts(attempts.length, log.attemptsMade);
    var table = attemptTable(attempts);
    return leftOut === null ? table : el('div', {}, [el('div', { class: 'meta', 'data-left-out': 'attempts', text: leftOut }), table]);
  }

  /** The API gives a long log's newest attempts: how many older ones the table leaves out, or null when none. */
  function describeLeftOutAttempts(shown, made) {
    var earlier = isNumber(made) ? made - shown : 0;
    if (earlier <= 0) return null;
    return 'the newest ' + shown + ' of ' + made + ' attempts; the ' + (earlier === 1 ? 'first is' : 'first ' + earlier + ' are') + ' not shown';
  }

  function attemptTable(attempts) {
    var head = ['#', 'time', 'outcome', 'response', 'latency', 'error', 'next retry'].map(function (h) { return el('th', { text: h }); });
    var rows = attempts.map(function (a) {
      return el('tr', { 'data-outcome': a.outcome }, [
        el('td', { text: String(a.attempt) }),
        el('td', { text: when(a.attemptedAt) }),
        el('td', { text: a.outcome }),
        el('td', { text: a.httpStatus ? 'HTTP ' + a.httpStatus : '—' }),
        el('td', { text: isNumber(a.latencyMs) ? a.latencyMs + ' ms' : '—' }),
        el('td', { text: a.error || '' }),
        el('td', { text: describeNextAttempt(a) }),
      ]);
    });
    return el('table', { class: 'attempts' }, [el('thead', {}, [el('tr', {}, head)]), el('tbody', {}, rows)]);
  }

  /** When the next attempt is due, or why none follows: a delivered attempt has nothing pending, and does not read as given up. */
  function describeNextAttempt(a) {
    if (a.nextAttemptAt !== null) return when(a.nextAttemptAt);
    if (a.outcome === 'delivered') return 'none (delivered)';
    if (a.outcome === 'rejected') return 'none (refused, not retried)';
    return 'none (last attempt)';
  }
`;
