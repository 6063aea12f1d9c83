/**
 * The alert page at #/alerts/:id, where every alert message links: the alert's status and times, the
 * actions the API offers (acknowledge; snooze or unmute the topic's notifications), a chart of the
 * topic's mentions around it (alert-chart-script.ts), its evidence, the mentions during it
 * (alert-mentions-script.ts), and
 * every delivery of it with the attempt log and a Redeliver button. An unknown id says so. A fragment
 * of dashboard.js (see dashboard-script.ts).
 */
export const alertPageJs = String.raw`
  var kindNames = { backlash: 'Backlash', 'positive-surge': 'Positive surge', 'volume-spike': 'Volume spike', silence: 'Silence', 'source-health': 'Source outage' };
  /** An alert kind as every part of the page names it ("Backlash"); a kind this page does not know, as the API gives it. */
  function kindName(kind) { return Object.prototype.hasOwnProperty.call(kindNames, kind) ? kindNames[kind] : String(kind); }
  var snoozeChoices = [['1 hour', 3600000], ['4 hours', 14400000], ['24 hours', 86400000], ['until unmuted', 0]];

  function setAlertDetailsVisible(visible) {
    Array.prototype.forEach.call(document.querySelectorAll('#alert-page .alert-detail'), function (node) { node.hidden = !visible; });
  }

  function renderMissingAlert(rawId) {
    $('alert-heading').textContent = 'No alert ' + (rawId ? excerpt(rawId, 40) : '(the link names no id)');
    show('alert-missing', true);
    setAlertDetailsVisible(false);
    $('alert-page').dataset.state = 'missing';
  }

  function loadAlertPage(rawId, seq, periodic) {
    if (!/^[1-9][0-9]{0,15}$/.test(rawId)) { renderMissingAlert(rawId); return Promise.resolve(); }
    return api('/api/alerts/' + rawId).then(function (alert) {
      return Promise.all([
        api('/api/topics/' + Number(alert.topicId)).catch(function () { return null; }),
        api('/api/topics/' + Number(alert.topicId) + '/mute').catch(function () { return null; }),
        // Mentions name their topics; a page opened straight from a link has not loaded them yet.
        state.topics.length ? null : api('/api/topics').catch(function () { return null; }),
      ]).then(function (answers) {
        if (seq !== state.seq) return null;
        if (answers[2] && Array.isArray(answers[2].topics)) state.topics = answers[2].topics;
        renderAlertPage(alert, answers[0], answers[1]);
        return Promise.all([loadAlertDeliveries(alert.id, seq), loadAlertChart(alert, seq), loadAlertMentions(alert, seq, periodic)]);
      });
    }, function (e) {
      if (e.status === 404) return renderMissingAlert(rawId);
      throw e;
    });
  }

  function renderAlertPage(alert, topic, mute) {
    state.alert = alert;
    var name = topic ? topic.name : 'topic ' + alert.topicId;
    var ev = alert.evidence && typeof alert.evidence === 'object' ? alert.evidence : {};
    var heading = $('alert-heading');
    clear(heading);
    heading.appendChild(isolated(name));
    heading.appendChild(document.createTextNode(': ' + kindName(alert.kind) + ' (alert #' + alert.id + ')'));
    show('alert-missing', false);
    setAlertDetailsVisible(true);
    var head = $('alert-head');
    clear(head);
    head.appendChild(el('span', { class: 'pill severity', 'data-severity': alert.severity, text: alert.severity }));
    head.appendChild(el('span', { class: 'pill status', 'data-status': alert.status, text: alert.status }));
    head.appendChild(el('span', { class: 'meta', text: [
      'opened ' + when(alert.openedAt),
      alert.acknowledgedAt ? 'acknowledged ' + when(alert.acknowledgedAt) : null,
      'resolved ' + (alert.resolvedAt ? when(alert.resolvedAt) : 'not yet'),
      'updated ' + when(alert.updatedAt),
    ].filter(Boolean).join(' · ') }));
    renderAlertActions(alert, name, mute);
    renderEvidenceFacts(alert);
    fillList('alert-pickup', renderPickupPath(ev), 'alert-pickup-empty');
    fillList('alert-terms', renderTerms(ev), 'alert-terms-empty');
    fillList('alert-top', renderTopMentions(ev), 'alert-top-empty');
    var page = $('alert-page');
    page.dataset.alertId = String(alert.id);
    page.dataset.status = alert.status;
    page.dataset.state = 'loaded';
  }

  /** Where the judged window began (the opening, for evidence stored without it): the chart and the mention list start from it. */
  function alertWindowStart(alert) {
    var ev = isObject(alert.evidence) ? alert.evidence : {};
    return isNumber(ev.windowStart) ? ev.windowStart : alert.openedAt;
  }

  function fillList(id, items, emptyId) {
    refill($(id), function (list) { items.forEach(function (item) { list.appendChild(item); }); });
    show(emptyId, items.length === 0);
  }

  /**
   * A button that calls the API, reports the outcome in the alert page's feedback line, and reloads the page. success() gives feedback()'s message.
   * Disabled while the call runs, the button loses the keyboard's focus (Chromium drops it), and the focus
   * fell to the page's start: a failure gives it back to the button, for a second try; a success puts it on
   * the line that says so, since the reload takes the button away (Acknowledge once acknowledged, Snooze
   * once snoozed). As on the overview's cards, only a focus that went nowhere else is moved.
   */
  function actionButton(label, className, call, success, failure) {
    var button = el('button', { type: 'button', class: className, text: label });
    button.addEventListener('click', function () {
      button.disabled = true;
      call()
        .then(function () { feedback('alert-feedback', 'ok', success()); focusIfLost($('alert-feedback')); return route(true); })
        .catch(function (e) { button.disabled = false; feedback('alert-feedback', 'error', failure + ': ' + e.message); focusIfLost(button); });
    });
    return button;
  }

  /** The actions, built anew; a snooze period the reader chose stays chosen (the minute's refresh put it back to 1 hour). */
  function renderAlertActions(alert, topic, mute) {
    var chosen = $('snooze-for') ? $('snooze-for').value : null;
    refill($('alert-actions'), function (box) { fillAlertActions(box, alert, topic, mute); });
    if ($('snooze-for') && chosen !== null) $('snooze-for').value = chosen;
  }

  function fillAlertActions(box, alert, topic, mute) {
    if (alert.status === 'open') {
      box.appendChild(actionButton('Acknowledge', 'ack', function () { return api('/api/alerts/' + Number(alert.id) + '/ack', { method: 'POST' }); },
        function () { return 'Alert #' + alert.id + ' acknowledged: its reopenings and resolution stay quiet; an escalation still notifies.'; },
        'Could not acknowledge'));
    }
    var path = '/api/topics/' + Number(alert.topicId) + '/mute';
    if (!mute) {
      box.appendChild(el('span', { class: 'meta', text: 'Snooze state unknown.' }));
    } else if (mute.muted) {
      box.appendChild(el('span', { class: 'meta mute-state' }, ['Notifications for ', isolated(topic), ' are ' +
        (mute.mutedUntil ? 'snoozed until ' + when(mute.mutedUntil) + ' (an escalation is still sent)' : 'muted until unmuted'),
        mute.reason ? ' (' : null, mute.reason ? isolated(mute.reason) : null, mute.reason ? ')' : null, '.']));
      box.appendChild(actionButton('Unmute', 'unmute', function () { return api(path, { method: 'DELETE' }); },
        function () { return ['Notifications for ', isolated(topic), ' are on again.']; }, 'Could not unmute'));
    } else {
      var select = el('select', { id: 'snooze-for' }, snoozeChoices.map(function (c) { return el('option', { value: c[1], text: c[0] }); }));
      box.appendChild(el('label', { class: 'snooze-for' }, ['Snooze ', isolated(topic), ' notifications for ', select]));
      box.appendChild(actionButton('Snooze', 'snooze', function () {
        var ms = Number(select.value);
        var body = { reason: 'snoozed from the dashboard on alert #' + alert.id };
        if (ms <= 0) return api(path, { method: 'PUT', body: body });
        // From the server's clock, which ends the snooze: by a laptop's clock 2 hours slow, "1 hour" was
        // refused as "in the past"; 3 hours fast, it snoozed 4.
        return serverNow().then(function (now) {
          body.until = now + ms;
          return api(path, { method: 'PUT', body: body });
        });
      }, function () {
        return Number(select.value) > 0 ?
          ['Notifications for ', isolated(topic), ' are snoozed for ' + select.options[select.selectedIndex].text + ': only an escalation is sent; alerts still open and show here.'] :
          ['Notifications for ', isolated(topic), ' are muted until unmuted: no event of this topic is sent anywhere; alerts still open and show here.'];
      }, 'Could not snooze'));
    }
  }

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
