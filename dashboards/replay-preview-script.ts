/**
 * "Preview" on the topic page: replays the topic's stored history over the last 7, 14 or 30 days (the
 * server's days) with the form's settings, and with the saved ones, and lists both side by side: kind,
 * severity, opened and resolved, observed vs expected, notifications. An alert that only one side
 * fires is marked, so the difference reads at a glance. Nothing is saved. A fragment of dashboard.js
 * (see dashboard-script.ts).
 */
export const replayPreviewJs = String.raw`
  /** The settings as replay's query: every field, so the preview is of the whole form. */
  function settingsQuery(settings) {
    var q = ['sensitivity=' + encodeURIComponent(settings.sensitivity)];
    ['minCount', 'cooldownMinutes', 'warmupHours', 'utcOffsetMinutes'].forEach(function (name) { q.push(name + '=' + encodeURIComponent(String(settings[name]))); });
    q.push('timeZone=' + (settings.timeZone ? encodeURIComponent(settings.timeZone) : 'off'));
    q.push('quietHours=' + (settings.quietHours ? encodeURIComponent(settings.quietHours.start + '-' + settings.quietHours.end) : 'off'));
    q.push('kinds=' + encodeURIComponent(settings.kinds.join(',')));
    return q.join('&');
  }

  function clearPreview() {
    show('preview', false);
    clear($('preview-candidate'));
    clear($('preview-saved'));
    $('preview-summary').textContent = '';
  }

  function runPreview(form) {
    var topic = loadedTopic();
    if (!topic) return Promise.resolve();
    var id = topic.id;
    var days = Number($('preview-days').value) || 7;
    var settings = collectDetectorSettings(form);
    var seq = (state.previewSeq = (state.previewSeq || 0) + 1);
    var button = $('preview-button');
    clearProblems(form);
    // A refusal's line points at the fields just cleared: it goes with them (a "Saved" line stays, as Save previews again).
    if ($('settings-feedback').dataset.kind === 'error') feedback('settings-feedback', 'ok', '');
    button.disabled = true;
    $('preview').dataset.state = 'loading';
    return serverNow().then(function (now) {
      var path = '/api/topics/' + id + '/replay?from=' + (now - days * DAY_MS) + '&to=' + now;
      return Promise.all([api(path + '&' + settingsQuery(settings)), api(path)]);
    }).then(function (answers) {
      if (seq !== state.previewSeq) return;
      renderPreview(answers[0], answers[1], days);
    }, function (e) {
      if (seq !== state.previewSeq) return;
      clearPreview();
      showProblems(form, e, 'settings-feedback', 'Could not preview');
    }).then(function () { button.disabled = false; });
  }

  /** Two alerts are the same one when they have the same kind and their spans overlap. */
  function overlaps(a, b, end) {
    return a.kind === b.kind && a.openedAt < (b.resolvedAt || end) && b.openedAt < (a.resolvedAt || end);
  }

  function renderPreview(candidate, saved, days) {
    var onlyCandidate = 0, onlySaved = 0;
    function fill(listId, alerts, others, end) {
      var list = $(listId);
      clear(list);
      alerts.forEach(function (a) {
        var shared = others.some(function (o) { return overlaps(a, o, end); });
        list.appendChild(renderReplayedAlert(a, shared));
        if (!shared && listId === 'preview-candidate') onlyCandidate += 1;
        if (!shared && listId === 'preview-saved') onlySaved += 1;
      });
      if (alerts.length === 0) list.appendChild(el('li', { class: 'empty', text: 'No alert.' }));
    }
    fill('preview-candidate', candidate.alerts, saved.alerts, candidate.to);
    fill('preview-saved', saved.alerts, candidate.alerts, saved.to);
    var box = $('preview');
    box.dataset.candidate = String(candidate.alerts.length);
    box.dataset.saved = String(saved.alerts.length);
    box.dataset.state = 'loaded';
    $('preview-summary').textContent = 'Over the last ' + days + ' days (' + when(candidate.from) + ' – ' + when(candidate.to) + ') these settings would have fired ' +
      candidate.alerts.length + ' alert(s), the saved settings ' + saved.alerts.length + ': ' +
      onlyCandidate + ' only with these settings, ' + onlySaved + ' only with the saved ones. Nothing is saved until you press Save.';
    show('preview', true);
  }

  function renderReplayedAlert(a, shared) {
    var opened = (a.events || [])[0] || {};
    var ev = opened.evidence && typeof opened.evidence === 'object' ? opened.evidence : {};
    var span = isNumber(ev.windowMinutes) ? ' in ' + minutes(ev.windowMinutes) : '';
    return el('li', { 'data-kind': a.kind, 'data-diff': shared ? 'both' : 'only' }, [
      el('div', { class: 'row-head' }, [
        el('span', {}, [
          el('span', { class: 'pill severity', 'data-severity': a.severity, text: a.severity }), ' ',
          el('strong', { text: kindName(a.kind) }),
        ]),
        shared ? null : el('span', { class: 'diff-mark', text: 'only here' }),
      ]),
      el('div', { class: 'meta', text: 'opened ' + when(a.openedAt) + ' · ' + (a.resolvedAt ? 'resolved ' + when(a.resolvedAt) : 'still open at the end') }),
      el('div', { class: 'meta', text: plain(ev.observed) + ' observed vs ' + plain(ev.expected) + ' expected' + span + ' · ' + a.notifications + ' notification(s)' }),
    ]);
  }
`;
