/**
 * The alert page at #/alerts/:id, where every alert message links: loading it, the alert's status and
 * times, and its missing and loaded states. Its parts are fragments of their own: the actions
 * (alert-actions-script.ts), a chart of the topic's mentions around it (alert-chart-script.ts), its
 * evidence (alert-evidence-script.ts), the mentions during it (alert-mentions-script.ts) and every
 * delivery of it (alert-deliveries-script.ts). An unknown id says so. A fragment of dashboard.js (see
 * dashboard-script.ts).
 */
export const alertPageJs = String.raw`
  var kindNames = { backlash: 'Backlash', 'positive-surge': 'Positive surge', 'volume-spike': 'Volume spike', silence: 'Silence', 'source-health': 'Source outage' };
  /** An alert kind as every part of the page names it ("Backlash"); a kind this page does not know, as the API gives it. */
  function kindName(kind) { return Object.prototype.hasOwnProperty.call(kindNames, kind) ? kindNames[kind] : String(kind); }

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
`;
