import { lexiconOverridesSchema } from '../src/config/config-schema';

/** The weights an override may have, as the API's schema states them, so the form checks what the API will accept. */
const overrideWeight = lexiconOverridesSchema.out.valueType;

/**
 * The topic page at #/topics/:id: name and query (editable; a query that does not parse is refused by
 * the API with its position, shown under the field), Pause/Resume and Delete, the last 7 days as a
 * chart with the week's alerts on it and listed, the detector settings with their preview
 * (detector-settings-script.ts), the sources that feed it, and its lexicon overrides. The periodic refresh redraws only the chart and the sources, never a
 * form being edited. A fragment of dashboard.js (see dashboard-script.ts).
 */
export const topicPageJs = String.raw`
  var OVERRIDE_WEIGHT = ${JSON.stringify({ min: overrideWeight.minValue, max: overrideWeight.maxValue })};

  /**
   * The topic the page shows, once loaded; null before, or when it could not load. Its forms act only on
   * it: the page cannot be seen until then, and a form submitted anyway (by a script) does nothing.
   */
  function loadedTopic() {
    return $('topic-page').dataset.state === 'loaded' ? state.topic : null;
  }

  function setTopicDetailsVisible(visible) {
    Array.prototype.forEach.call(document.querySelectorAll('#topic-page .topic-detail'), function (node) { node.hidden = !visible; });
  }

  function renderMissingTopic(rawId) {
    renderTopicAbsent('missing', 'No topic ' + (rawId ? excerpt(rawId, 40) : '(the link names no id)'),
      'This Earshot has no topic with this id: check the link, or go back to the overview for the current topics.');
  }

  /** A topic DELETE marked whose purge is still running (202): named, but with nothing left to read or change. */
  function renderDeletingTopic(topic) {
    renderTopicAbsent('deleting', topic.name,
      'This topic is being deleted: it matches and alerts on nothing any more, and its history and own sources are removed a batch per purge run.');
  }

  /** The page with a heading and why there is nothing under it (the page's state says which case). */
  function renderTopicAbsent(pageState, heading, why) {
    $('topic-heading').textContent = heading;
    $('topic-missing').textContent = why;
    show('topic-missing', true);
    setTopicDetailsVisible(false);
    $('topic-page').dataset.state = pageState;
  }

  function loadTopicPage(rawId, seq, periodic) {
    if (!/^[1-9][0-9]{0,15}$/.test(rawId)) { renderMissingTopic(rawId); return Promise.resolve(); }
    var id = Number(rawId);
    var fresh = !periodic || $('topic-page').dataset.topicId !== String(id);
    return api('/api/topics/' + id).then(function (topic) {
      if (topic.deleting) { renderDeletingTopic(topic); return; }
      return Promise.all([
        readServerClock().then(function (clock) {
          return api('/api/topics/' + id + '/series?interval=1h&from=' + (clock.now - 7 * DAY_MS) + '&to=' + clock.now)
            .then(function (series) { return { series: series, clock: clock }; });
        }),
        api('/api/sources'),
        fresh ? api('/api/topics/' + id + '/detector-settings') : null,
        fresh ? api('/api/topics/' + id + '/lexicon-overrides').catch(function () { return null; }) : null,
        // The page does without its alerts when they cannot be read: the chart and the forms still serve.
        api('/api/alerts?topic=' + id + '&limit=100').catch(function () { return null; }),
      ]).then(function (answers) {
        if (seq !== state.seq) return;
        if (fresh) renderTopicPage(topic, answers[2].settings, answers[3]);
        renderTopicChart(answers[0].series.buckets, topic.createdAt, answers[4] ? answers[4].alerts : null);
        showClockNote('topic-chart-clock', answers[0].clock);
        renderTopicSources(topic, answers[1].sources);
        $('topic-page').dataset.state = 'loaded';
      });
    }, function (e) {
      if (e.status === 404) return renderMissingTopic(rawId);
      throw e;
    });
  }

  function renderTopicPage(topic, settings, lexicon) {
    var page = $('topic-page');
    page.dataset.topicId = String(topic.id);
    show('topic-missing', false);
    setTopicDetailsVisible(true);
    renderTopicHead(topic);
    var form = $('topic-edit');
    clearProblems(form);
    form.elements.name.value = topic.name;
    form.elements.query.value = topic.query;
    // A stored query that no longer parses matches nothing: shown by its field, as a refusal would be.
    if (topic.queryProblem) showFieldProblem(form.querySelector('.field[data-field="query"]'), topic.queryProblem + ' — it matches nothing until it is fixed');
    fillDetectorForm(settings);
    clearPreview();
    fillLexiconForm(lexicon);
  }

  function renderTopicHead(topic) {
    state.topic = topic;
    var heading = $('topic-heading');
    clear(heading);
    heading.appendChild(isolated(topic.name));
    if (!topic.enabled) heading.appendChild(document.createTextNode(' (paused)'));
    $('topic-page').dataset.enabled = String(topic.enabled);
    var box = $('topic-actions');
    clear(box);
    var toggle = el('button', { type: 'button', class: 'toggle-topic', text: topic.enabled ? 'Pause' : 'Resume' });
    // Disabled while it asks, it loses the keyboard's focus: a refusal gives it back, an answer puts it on the line that says so.
    toggle.addEventListener('click', function () {
      toggle.disabled = true;
      api('/api/topics/' + topic.id, { method: 'PATCH', body: { enabled: !topic.enabled } }).then(function (updated) {
        feedback('topic-feedback', 'ok', updated.enabled ? 'Resumed: mentions are matched and alerts raised again.' : 'Paused: no new mention is matched to it and no alert is raised until resumed.');
        renderTopicHead(updated);
        focusIfLost($('topic-feedback'));
      }).catch(function (e) { toggle.disabled = false; feedback('topic-feedback', 'error', 'Could not change the topic: ' + e.message); focusIfLost(toggle); });
    });
    box.appendChild(toggle);
    box.appendChild(confirmButton('Delete', 'delete-topic', quoted('Delete ', topic.name, ' with its alerts, history, settings and its own sources? Webhooks told of an open alert hear that it is closed.'), function () {
      return api('/api/topics/' + topic.id, { method: 'DELETE' })
        .then(function () { location.hash = '#/'; })
        .catch(function (e) { feedback('topic-feedback', 'error', 'Could not delete the topic: ' + e.message); throw e; });
    }));
  }

  function buildTopicEditForm() {
    var form = $('topic-edit');
    form.appendChild(formField('name', 'Name', el('input', { name: 'name', maxlength: 200 }), '1–200 characters, unique', null));
    form.appendChild(formField('query', 'Query', el('input', { name: 'query', class: 'query-input', spellcheck: 'false' }),
      'words, "phrases", OR, AND, NOT / -word, (…), prefix*', 'Changing it affects new mentions; stored ones keep their topics.'));
    form.appendChild(el('div', { class: 'actions' }, [el('button', { type: 'submit', text: 'Save name and query' })]));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var topic = loadedTopic();
      if (!topic) return;
      var id = topic.id;
      clearProblems(form);
      api('/api/topics/' + id, { method: 'PATCH', body: { name: form.elements.name.value, query: form.elements.query.value } }).then(function (topic) {
        renderTopicHead(topic);
        form.elements.name.value = topic.name;
        form.elements.query.value = topic.query;
        feedback('topic-feedback', 'ok', 'Saved: new mentions are matched against this query.');
      }).catch(function (e) { showProblems(form, e, 'topic-feedback', 'Could not save'); });
    });
  }

  function renderTopicSources(topic, sources) {
    var mine = sources.filter(function (s) { return s.topicId === topic.id || s.topicId === null; });
    refill($('topic-sources'), function (list) {
      mine.forEach(function (s) { list.appendChild(renderTopicSource(s)); });
    });
    show('topic-sources-empty', mine.length === 0);
  }

  function renderTopicSource(s) {
    var status = sourceStatus(s);
    return el('li', { 'data-source-id': s.id }, [
      el('div', { class: 'row-head' }, [
        el('span', {}, [
          el('span', { class: 'source-kind', text: s.kind }), ' ',
          s.name ? el('strong', {}, [isolated(s.name)]) : null, s.name ? ' ' : null,
          safeLink(s.url, s.url),
        ]),
        sourceActions(s, 'topic-sources-feedback', function () { return route(true); }),
      ]),
      el('div', { class: 'meta', 'data-status': status, text: status + ' · ' + (s.topicId === null ? 'serves every topic' : 'this topic only') +
        ' · last success ' + when(s.state.lastSuccessAt) + (s.state.lastError ? ' · ' + sourceProblem(s) : '') }),
      sourceMove(s),
      sourceInstances(s),
    ]);
  }

  /**
   * The week as a bigger version of the overview's sparkline, with a line at each midnight, the
   * busiest hour's count, and the topic's alerts of the week shaded (each a link to its page) and
   * listed below: what fired, beside the volume it fired on, for whoever tunes the settings.
   */
  function renderTopicChart(buckets, since, alerts) {
    var shown = [];
    refill($('topic-chart'), function (box) { shown = drawTopicChart(box, buckets, since, alerts); });
    renderTopicAlerts(alerts, shown);
  }

  /** The chart into its emptied box; the alerts it shades. */
  function drawTopicChart(box, buckets, since, alerts) {
    // At the box's own width, as the alert chart is: scaled down from 720 px to a phone's 330, its day labels were 4 px high.
    var width = chartWidth(box), height = 160;
    var chart = lineChart(buckets, { width: width, height: height, className: 'week', title: 'mentions per hour (blue) and negative mentions (red), last 7 days', since: since });
    // The same axis (and padding, 2) as lineChart drew the lines with.
    var x = timeAxis(buckets, width, 2);
    var shown = alertsInChart(alerts, buckets);
    shown.forEach(function (a) {
      var link = svg('a', { href: '#/alerts/' + Number(a.alert.id), class: 'alert-span', 'data-alert-id': Number(a.alert.id), 'data-kind': a.alert.kind });
      var label = svg('title', {});
      label.textContent = alertSummary(a.alert);
      link.appendChild(label);
      link.appendChild(svg('rect', { x: x(a.from).toFixed(1), y: 0, width: Math.max(2, x(a.to) - x(a.from)).toFixed(1), height: height }));
      chart.insertBefore(link, chart.firstChild.nextSibling);
    });
    localMidnights(buckets).forEach(function (midnight) {
      var at = x(midnight);
      chart.insertBefore(svg('line', { class: 'midnight', x1: at.toFixed(1), x2: at.toFixed(1), y1: 0, y2: height }), chart.firstChild.nextSibling);
      // A day begun too near the right edge keeps its line but not a label the edge would cut.
      if (at + DAY_LABEL_ROOM > width) return;
      var label = svg('text', { x: (at + 3).toFixed(1), y: 12, class: 'day' });
      label.textContent = new Date(midnight).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric' });
      chart.appendChild(label);
    });
    var total = 0, negative = 0, max = 0;
    buckets.forEach(function (b) { total += b.count; negative += b.negative; if (b.count > max) max = b.count; });
    box.appendChild(chart);
    var tracked = firstTrackedBucket(buckets, since) > 0 ? ' · tracked since ' + when(since) : '';
    box.appendChild(el('p', { class: 'meta', text: total + ' mentions, ' + negative + ' negative; busiest hour ' + max + tracked +
      (shown.length > 0 ? '; shaded: its alerts (open one by clicking it)' : '') }));
    return shown;
  }

  /** Width a day label ("Wed 25") takes at the chart's 10-11 px type, with its 3 px gap. */
  var DAY_LABEL_ROOM = 44;

  /**
   * The browser's midnights after the first bucket and up to the last. Hourly buckets start on UTC
   * hours, so in a zone half an hour off UTC (India, Newfoundland) no bucket starts at midnight, and the
   * line used to be drawn at the bucket that starts at 00:30. Stepping by dates keeps summer-time days right.
   */
  function localMidnights(buckets) {
    if (buckets.length < 2) return [];
    var first = buckets[0].start, last = buckets[buckets.length - 1].start;
    var out = [];
    var day = new Date(first);
    day.setHours(24, 0, 0, 0);
    for (; day.getTime() <= last; day.setDate(day.getDate() + 1)) out.push(day.getTime());
    return out;
  }

  /** The alerts whose span (judged window to resolution, or now) meets the chart's range, clipped to it, newest first. */
  function alertsInChart(alerts, buckets) {
    if (!Array.isArray(alerts) || buckets.length < 2) return [];
    var first = buckets[0].start, end = buckets[buckets.length - 1].start + (buckets[1].start - buckets[0].start);
    return alerts.filter(function (a) { return isObject(a) && isNumber(a.openedAt); }).map(function (a) {
      var from = alertWindowStart(a), to = isNumber(a.resolvedAt) ? a.resolvedAt : end;
      return { alert: a, from: Math.max(first, from), to: Math.min(end, to) };
    }).filter(function (a) { return a.to > a.from; });
  }

  function alertSummary(alert) {
    return kindName(alert.kind) + ' (' + alert.severity + '), opened ' + when(alert.openedAt) +
      (isNumber(alert.resolvedAt) ? ', resolved ' + when(alert.resolvedAt) : ', ' + alert.status);
  }

  function renderTopicAlerts(alerts, shown) {
    refill($('topic-alerts'), function (list) {
      shown.forEach(function (a) {
        list.appendChild(el('li', { 'data-alert-id': Number(a.alert.id), 'data-kind': a.alert.kind }, [alertLink(a.alert.id, alertSummary(a.alert))]));
      });
    });
    $('topic-alerts-empty').textContent = alerts === null ? 'Its alerts could not be read.' : 'No alert on this topic in these 7 days.';
    show('topic-alerts-empty', shown.length === 0);
  }

  function buildLexiconForm() {
    var form = $('lexicon-form');
    form.appendChild(formField('overrides', 'Overrides', el('textarea', { name: 'overrides', rows: 4, spellcheck: 'false', placeholder: 'killer = 0\nrefund = -2' }),
      'one "word = weight" a line, each word once, weight ' + OVERRIDE_WEIGHT.min + ' to ' + OVERRIDE_WEIGHT.max + ', up to 500',
      '"killer = 0" makes the word neutral for this topic; saving re-scores its mentions in the background.'));
    form.appendChild(el('div', { class: 'actions' }, [el('button', { type: 'submit', text: 'Save overrides' })]));
    form.appendChild(el('p', { id: 'lexicon-feedback', class: 'feedback', role: 'status', hidden: 'hidden' }));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var topic = loadedTopic();
      if (!topic) return;
      var read = readOverrideLines(form.elements.overrides.value);
      if (read.problems.length > 0) {
        showProblems(form, { message: '', details: linesProblem(read.problems) }, 'lexicon-feedback', 'Could not save the overrides');
        return;
      }
      // No prototype: a line for the word "__proto__" is sent for the API to refuse, not dropped by the object.
      var overrides = Object.create(null);
      read.entries.forEach(function (entry) { overrides[entry.word] = entry.weight; });
      clearProblems(form);
      api('/api/topics/' + topic.id + '/lexicon-overrides', { method: 'PUT', body: { overrides: overrides } }).then(function (body) {
        fillLexiconForm(body);
        feedback('lexicon-feedback', 'ok', 'Saved ' + Object.keys(body.overrides).length + ' override(s): the topic’s mentions are re-scored in the background.');
      }).catch(function (e) { showProblems(form, onTheirLines(e, read.entries), 'lexicon-feedback', 'Could not save the overrides'); });
    });
  }

  /**
   * The overrides as typed: each word with its line number, and what is wrong with a line, by its
   * number. Read line by line, not into an object, which kept the last of two "scandal" lines
   * silently; a word is the same in any case, since the scorer reads words in lower case.
   */
  function readOverrideLines(text) {
    var entries = [], problems = [], firstLine = new Map();
    text.split('\n').forEach(function (raw, i) {
      if (raw.trim() === '') return;
      var line = i + 1, at = raw.lastIndexOf('=');
      var word = at < 0 ? '' : raw.slice(0, at).trim();
      var weight = at < 0 ? null : numberOrText(raw.slice(at + 1));
      var first = word === '' ? undefined : firstLine.get(word.toLowerCase());
      if (word !== '' && first === undefined) firstLine.set(word.toLowerCase(), line);
      var problem = at < 0 ? 'write it as "word = weight"'
        : word === '' ? 'there is no word before "="'
        : first !== undefined ? '"' + word + '" is given twice, on lines ' + first + ' and ' + line + ': keep one'
        : typeof weight !== 'number' || weight < OVERRIDE_WEIGHT.min || weight > OVERRIDE_WEIGHT.max
          ? 'the weight of "' + word + '" must be a number from ' + OVERRIDE_WEIGHT.min + ' to ' + OVERRIDE_WEIGHT.max
        : null;
      if (problem) problems.push('line ' + line + ': ' + problem);
      else entries.push({ line: line, word: word, weight: weight });
    });
    return { entries: entries, problems: problems };
  }

  /** The API's refusal with each problem about a word (its path body.overrides.<word>) put on the word's line. */
  function onTheirLines(error, entries) {
    var prefix = 'body.overrides.', lines = [], others = [];
    (error.details || []).forEach(function (d) {
      var path = String(d.path || '');
      var entry = path.indexOf(prefix) === 0 ? entries.filter(function (e) { return e.word === path.slice(prefix.length); })[0] : null;
      if (entry) lines.push('line ' + entry.line + ' ("' + entry.word + '"): ' + d.message);
      else others.push(d);
    });
    return { message: error.message, details: linesProblem(lines).concat(others) };
  }

  /** Problems by line number as one problem of the field, shown one a line (dashboard-styles.ts). */
  function linesProblem(lines) {
    return lines.length > 0 ? [{ path: 'body.overrides', message: lines.join('\n') }] : [];
  }

  function fillLexiconForm(body) {
    var form = $('lexicon-form');
    clearProblems(form);
    feedback('lexicon-feedback', 'ok', body ? '' : 'The overrides could not be loaded.');
    var overrides = body ? body.overrides : {};
    form.elements.overrides.value = Object.keys(overrides).sort().map(function (word) { return word + ' = ' + overrides[word]; }).join('\n');
  }
`;
