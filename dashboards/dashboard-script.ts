import { alertAckJs } from './alert-ack-script';
import { alertChartJs } from './alert-chart-script';
import { alertEvidenceJs } from './alert-evidence-script';
import { alertMentionsJs } from './alert-mentions-script';
import { alertPageJs } from './alert-page-script';
import { attentionJs } from './attention-script';
import { chartHoursJs } from './chart-hours-script';
import { dashboardBaseJs } from './dashboard-base-script';
import { detectorSettingsJs } from './detector-settings-script';
import { formHelpersJs } from './form-helpers-script';
import { keepFocusJs } from './keep-focus-script';
import { overviewFormsJs } from './overview-forms-script';
import { replayPreviewJs } from './replay-preview-script';
import { sourceHealthJs } from './source-health-script';
import { topicPageJs } from './topic-page-script';
import { webhooksJs } from './webhooks-script';

/**
 * The dashboard's script, served from /dashboard.js. Plain ES2020 for any current browser, no build:
 * the fragments (helpers, keeping the keyboard's focus through a rebuild, form helpers, the overview here with its Acknowledge buttons and its forms, deliveries needing attention, webhooks,
 * the alert page and its evidence, the topic page with its detector settings and replay preview) are
 * concatenated into one function scope. Three views, chosen by the URL's hash: the overview at #/, an
 * alert at #/alerts/:id (the link every alert message carries) and a topic at #/topics/:id.
 *
 * Every value from the API (and mentions are scraped text from anywhere) is inserted with
 * textContent or createTextNode, never innerHTML, and links only ever get http(s) hrefs: a post
 * titled `<img onerror=…>` is shown as those characters. The CSP on the page backs this up.
 * The API key, when the server wants one, lives in sessionStorage: gone when the tab closes.
 */
const overviewJs = String.raw`
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

  function sparkline(buckets, since) {
    return lineChart(buckets, { width: 180, height: 36, className: 'spark', title: 'mentions per hour (blue) and negative mentions (red)', since: since });
  }

  /**
   * The first bucket worth a point: hours before the topic existed were never listened to, so they are
   * left blank rather than drawn as zero, unless a crawl's look-back stored mentions there.
   */
  function firstTrackedBucket(buckets, since) {
    if (typeof since !== 'number') return 0;
    var step = buckets.length > 1 ? buckets[1].start - buckets[0].start : 3600000;
    for (var i = 0; i < buckets.length; i++) {
      if (buckets[i].count > 0 || buckets[i].start + step > since) return i;
    }
    return buckets.length;
  }

  /**
   * Where a time falls across a chart of buckets: the first bucket's start at the left padding, the
   * last one's at the right. Every chart (sparkline, the topic's week, the alert's) places points,
   * midnights and markers with it.
   */
  function timeAxis(buckets, width, pad) {
    var first = buckets.length ? buckets[0].start : 0;
    var span = buckets.length > 1 ? buckets[buckets.length - 1].start - first : 1;
    return function (t) { return pad + ((t - first) * (width - 2 * pad)) / span; };
  }

  /** A page chart's drawing width: its box's own, so labels keep their size on a phone's 330 px as on a desktop's 900. */
  function chartWidth(box) {
    return Math.max(300, Math.min(900, box.clientWidth || 720));
  }

  /** A polyline's points for one field of the buckets from index "from" on, placed by scale.x(start) and scale.y(value). */
  function seriesPoints(buckets, field, from, scale) {
    return buckets.slice(from).map(function (b) { return scale.x(b.start).toFixed(1) + ',' + scale.y(b[field]).toFixed(1); }).join(' ');
  }

  /**
   * All mentions and negative ones per bucket as two lines, scaled to the busiest bucket, starting where
   * the topic was first tracked (size.since); the topic page draws a bigger one.
   */
  function lineChart(buckets, size) {
    var width = size.width, height = size.height, pad = 2;
    var max = 1;
    var from = firstTrackedBucket(buckets, size.since);
    buckets.forEach(function (b) { if (b.count > max) max = b.count; });
    var scale = {
      x: timeAxis(buckets, width, pad),
      y: function (v) { return height - pad - (v * (height - 2 * pad)) / max; },
    };
    function points(field) { return seriesPoints(buckets, field, from, scale); }
    var node = svg('svg', { class: size.className, viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
    var title = svg('title', {});
    title.textContent = size.title;
    node.appendChild(title);
    node.appendChild(svg('polyline', { class: 'all', points: points('count') }));
    node.appendChild(svg('polyline', { class: 'neg', points: points('negative') }));
    return node;
  }

  /** series: the topic's last 24 hours, or { failed: why } when they could not be read (not "no mentions yet": the server failed, not the topic). */
  function renderTopic(topic, series) {
    var buckets = series && Array.isArray(series.buckets) ? series.buckets : [];
    var total = 0, negative = 0;
    buckets.forEach(function (b) { total += b.count; negative += b.negative; });
    // A topic older than the day shown has been heard before: a quiet day is not "no mentions yet".
    var young = buckets.length === 0 || !isNumber(topic.createdAt) || topic.createdAt > buckets[0].start;
    var summary = series && series.failed ? 'its counts could not be loaded: ' + series.failed :
      total ? total + (total === 1 ? ' mention · ' : ' mentions · ') + Math.round((100 * negative) / total) + '% negative' :
      young ? 'no mentions yet' : 'no mentions in the last 24 hours';
    return el('li', { 'data-topic-id': topic.id }, [
      el('a', { class: 'topic-name', href: '#/topics/' + Number(topic.id), text: topic.name + (topic.enabled ? '' : ' (paused)') }),
      sparkline(buckets, topic.createdAt),
      el('span', { class: 'topic-query', text: topic.query }),
      topic.queryProblem ? el('span', { class: 'query-problem', text: 'matches nothing: this query ' + topic.queryProblem }) : null,
      el('span', { class: 'meta', text: summary }),
    ]);
  }

  function loadTopics() {
    return api('/api/topics').then(function (body) {
      state.topics = body.topics;
      var select = $('mention-topic');
      var chosen = select.value;
      while (select.options.length > 1) select.remove(1);
      body.topics.forEach(function (t) { select.appendChild(el('option', { value: t.id, text: t.name })); });
      select.value = chosen;
      fillSourceTopicChoices(body.topics);
      fillWebhookTopicChoices(body.topics);
      return Promise.all(body.topics.map(function (t) {
        return api('/api/topics/' + t.id + '/series?interval=1h').catch(function (e) { return { failed: e.message }; });
      })).then(function (series) {
        refill($('topics'), function (list) {
          body.topics.forEach(function (t, i) { list.appendChild(renderTopic(t, series[i])); });
        });
        show('topics-empty', body.topics.length === 0);
      });
    });
  }

  function renderAlert(alert) {
    var ev = alert.evidence || {};
    var top = (ev.topMentions || []).slice(0, 5).map(function (m) {
      var score = Number(m.sentimentScore);
      return el('li', {}, [
        el('span', { class: 'label', 'data-label': toneLabel(score), text: signed(score) }),
        m.url ? safeLink(m.url, m.title || m.url) : el('strong', { text: m.title || '' }),
        el('div', { class: 'meta', text: excerpt(m.excerpt, 240) + copiesNote(m) }),
      ]);
    });
    var expected = isNumber(ev.expected) ? ev.expected.toFixed(1) : 'unknown';
    // Evidence stored by an older detector may lack the counts or the window: said so, not "? mentions, — – —".
    var counts = isNumber(ev.observed) || isNumber(ev.expected) ? ' · observed ' + plain(ev.observed) + ' vs expected ' + expected + ' ' + signalOf(ev) : ' · no counts recorded for this alert';
    var span = isNumber(ev.windowStart) && isNumber(ev.windowEnd) ? ', ' + whenSpan(ev.windowStart, ev.windowEnd) : '';
    var context = alertContext(ev);
    var worst = alertWorst(ev);
    return el('li', { class: 'alert', 'data-alert-id': alert.id, 'data-status': alert.status }, [
      el('div', { class: 'alert-head' }, [
        alertTitle(alert),
        alert.status === 'open' ? ackButton(alert) : el('span', { class: 'meta', text: alert.status }),
      ]),
      alertNoteLine(alert.id),
      el('div', { class: 'alert-meta', text: 'opened ' + when(alert.openedAt) + (alert.resolvedAt ? ' · resolved ' + when(alert.resolvedAt) : '') + counts + span }),
      worst ? el('div', { class: 'alert-meta alert-worst', text: worst }) : null,
      context ? el('div', { class: 'alert-meta alert-context', text: context }) : null,
      el('ul', { class: 'evidence' }, top),
    ]);
  }

  /** The card's title, a link to the alert's page; its Acknowledge button's accessible name reads it (by its id). */
  function alertTitle(alert) {
    var title = alertLink(alert.id, [isolated(topicName(alert.topicId)), ': ' + kindName(alert.kind) + ' (' + alert.severity + ')'], 'alert-title');
    title.id = alertTitleId(alert.id);
    return title;
  }

  /**
   * Mean sentiment and engagement per post, the day before the window vs during it. Older alerts have
   * neither; a window whose sources report no engagement gets no engagement part rather than a 0.
   */
  function alertContext(ev) {
    var s = ev.sentiment, e = ev.engagement, parts = [];
    if (s && isNumber(s.during)) parts.push('mean sentiment ' + signed(s.before) + ' → ' + signed(s.during));
    if (e && isNumber(e.perMentionDuring)) {
      parts.push('engagement per post ' + plain(e.perMentionBefore) + ' → ' + plain(e.perMentionDuring) + ', ' + plain(e.totalDuring) + ' in all' +
        (isNumber(e.knownShare) ? ' (' + Math.round(e.knownShare * 100) + '% of posts report it)' : ''));
    }
    return parts.join(' · ');
  }

  /**
   * The opening window is where the alert started, often small (15 against 0.1): a card that stops
   * there undersells a storm that went on to 111. A resolved alert adds its peak, an escalated one the
   * window it escalated on.
   */
  function alertWorst(ev) {
    var w = isObject(ev.peak) && isNumber(ev.peak.observed) ? { name: 'at its peak', window: ev.peak } :
      isObject(ev.escalation) && isNumber(ev.escalation.observed) ? { name: 'escalated on', window: ev.escalation } : null;
    if (w === null || (w.window.observed === ev.observed && w.window.windowStart === ev.windowStart)) return '';
    return w.name + ' ' + plain(w.window.observed) + ' vs expected ' + (isNumber(w.window.expected) ? w.window.expected.toFixed(1) : '?') + ', ' +
      whenSpan(w.window.windowStart, w.window.windowEnd);
  }

  /** What the window counted, as the detector named it ("negative mentions per 60 minutes"); older alerts have no name. */
  function signalOf(ev) {
    return typeof ev.signal === 'string' ? ev.signal : 'mentions';
  }

  /**
   * Open and acknowledged alerts, then the last few resolved ones: what happened overnight stays in sight.
   * The newest 20 open and 10 acknowledged ones at first, and a line saying when there are more: a night
   * every source failed opened more than 20, and the oldest were left off the overview without a word.
   * Only the newest load builds the list: a minute's refresh that read the first page before the reader
   * pressed Show all, and answered after it, put that first page back until the next refresh.
   */
  function loadAlerts() {
    var seq = (state.alertsSeq = (state.alertsSeq || 0) + 1);
    return Promise.all([
      readAlerts('open', 20),
      readAlerts('acknowledged', 10),
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
    });
  }

  /**
   * Alerts of this status, newest first: the first page of this size, or every page (100 at a time)
   * once the reader asked for all of them. { alerts, more, shown }: more says some were left out of
   * the first shown.
   */
  function readAlerts(status, shown) {
    var size = state.allAlerts ? 100 : shown;
    function from(cursor, read) {
      return api('/api/alerts?status=' + status + '&limit=' + size + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '')).then(function (body) {
        var alerts = read.concat(body.alerts);
        return state.allAlerts && body.nextCursor ? from(body.nextCursor, alerts) : { alerts: alerts, more: Boolean(body.nextCursor), shown: shown };
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

  /** Show all: every open and acknowledged alert from now on, refreshes included; a failure says so by the button. */
  function showAllAlerts() {
    var button = $('alerts-show-all');
    button.disabled = true;
    state.allAlerts = true;
    loadAlerts().catch(function (e) {
      state.allAlerts = false;
      $('alerts-more-text').textContent = 'The other alerts could not be loaded: ' + e.message + '.';
    }).then(function () { button.disabled = false; });
  }

  function renderMention(m) {
    var item = el('li', { 'data-mention-id': m.id }, [
      el('span', { class: 'label', 'data-label': m.sentimentLabel, text: m.sentimentLabel }),
      m.url ? safeLink(m.url, m.title || m.url) : el('span', { class: 'mention-title', text: m.title || '(untitled)' }),
      el('p', { class: 'mention-text', text: excerpt(m.text, 300) }),
      explainSentiment(m.sentiment),
      el('div', { class: 'meta' }, [when(m.publishedAt || m.bucketAt) + ' · ', m.author ? isolated(m.author) : null, m.author ? ' · ' : null]
        .concat(m.topicIds.map(function (id, i) { return [i > 0 ? ', ' : null, isolated(topicName(id))]; }).reduce(function (a, b) { return a.concat(b); }, []))),
    ]);
    item.appendChild(relabelControl(item, m.id, m.sentiment));
    return item;
  }

  /**
   * Relabel a mention by hand (PUT /api/mentions/:id/sentiment): the label wins over the scorer, survives
   * re-scoring and moves the topic's counts at once; "scorer's label" takes the hand label away. The
   * label and the "why" line change in place; a refusal puts the choice back and says why under the mention.
   */
  function relabelControl(item, id, sentiment) {
    var select = el('select', { class: 'relabel', 'aria-label': 'Relabel this mention' }, [
      el('option', { value: '', text: 'relabel…' }),
      el('option', { value: 'negative', text: 'negative' }),
      el('option', { value: 'neutral', text: 'neutral' }),
      el('option', { value: 'positive', text: 'positive' }),
      el('option', { value: 'clear', text: "scorer's label" }),
    ]);
    var problem = el('span', { class: 'relabel-error', role: 'status' });
    var shown = (sentiment && sentiment.manualLabel) || '';
    select.value = shown;
    select.addEventListener('change', function () {
      var chosen = select.value;
      if (chosen === '') { select.value = shown; return; }
      select.disabled = true;
      api('/api/mentions/' + Number(id) + '/sentiment', { method: 'PUT', body: { label: chosen === 'clear' ? null : chosen } }).then(function (detail) {
        shown = detail.manualLabel || '';
        select.value = shown;
        problem.textContent = '';
        var pill = item.querySelector('.label');
        pill.dataset.label = detail.label;
        pill.textContent = detail.label;
        var why = explainSentiment(detail);
        var old = item.querySelector('.explanation');
        if (old && why) item.replaceChild(why, old);
        else if (old) item.removeChild(old);
        else if (why) item.insertBefore(why, item.querySelector('.meta'));
      }, function (e) {
        select.value = shown;
        problem.textContent = 'Could not relabel: ' + e.message;
      }).then(function () { select.disabled = false; });
    });
    return el('div', { class: 'relabel-line' }, [select, problem]);
  }

  /**
   * Which words moved the score, by how much and by which rule: what a reader needs to trust or correct it.
   * The explanation is stored JSON: an entry without a numeric weight read "awful NaN"; it says "weight
   * unknown" now, and an entry naming no word is left out.
   */
  function explainSentiment(s) {
    if (!s) return null;
    var entries = (Array.isArray(s.explanation) ? s.explanation : []).filter(function (e) { return isObject(e) && typeof e.token === 'string' && e.token !== ''; });
    var parts = entries.slice(0, 6).map(function (e) {
      var weight = isNumber(e.weight) ? ' ' + (e.weight > 0 ? '+' : '') + e.weight.toFixed(1) : ' (weight unknown)';
      return e.token + weight + (typeof e.rule === 'string' && e.rule && e.rule !== 'lexicon' ? ' (' + e.rule + ')' : '');
    });
    var manual = s.manualLabel ? 'labelled ' + s.manualLabel + ' by hand' : '';
    if (parts.length === 0 && !manual) return null;
    return el('div', { class: 'meta explanation', text: [parts.length ? 'why: ' + parts.join(', ') : '', manual].filter(Boolean).join(' · ') });
  }

  function loadMentions(more) {
    var filter = { topic: $('mention-topic').value, sentiment: $('mention-sentiment').value };
    var query = ['limit=20'];
    if (filter.topic) query.push('topic=' + encodeURIComponent(filter.topic));
    if (filter.sentiment) query.push('sentiment=' + encodeURIComponent(filter.sentiment));
    if (more && state.mentionCursor) query.push('cursor=' + encodeURIComponent(state.mentionCursor));
    return api('/api/mentions?' + query.join('&')).then(function (body) {
      state.morePages = Boolean(more);
      state.mentionFilter = filter;
      state.mentionCursor = showMentionPage('mentions', body, more);
      feedback('mentions-feedback', 'ok', '');
    });
  }

  /**
   * A filter changed or Load more pressed. When the page cannot be read the list keeps what it shows,
   * so the filters go back to what it was filtered by (a list of everything under "negative" would be
   * read as negative), and the line by the list says why.
   */
  function changeMentions(more) {
    loadMentions(more).catch(function (e) {
      var shown = state.mentionFilter || { topic: '', sentiment: '' };
      $('mention-topic').value = shown.topic;
      $('mention-sentiment').value = shown.sentiment;
      feedback('mentions-feedback', 'error', (more ? 'Could not load more mentions: ' : 'Could not filter the mentions: ') + e.message +
        (more ? '.' : '; the filters are back to what the list shows.'));
    });
  }

  /** One page of GET /api/mentions into the list with this id (appended when more), its Load more and empty line; the next cursor. */
  function showMentionPage(listId, body, more) {
    var list = $(listId);
    function add(into) { body.mentions.forEach(function (m) { into.appendChild(renderMention(m)); }); }
    if (more) add(list);
    else refill(list, add);
    show(listId + '-more', Boolean(body.nextCursor));
    show(listId + '-empty', list.childNodes.length === 0);
    return body.nextCursor;
  }

  function loadSources() {
    // The schedule says "due now" by the server's clock, the one the crawl keeps: the list waits for this
    // load's /health answer (loadHealth never fails; without an answer the last known offset, or the
    // browser's clock, stands) rather than asking for it a second time.
    return Promise.all([api('/api/sources'), state.healthRead]).then(function (read) {
      var body = read[0];
      refill($('sources'), function (rows) {
        body.sources.forEach(function (s) { rows.appendChild(renderSource(s)); });
      });
      show('sources-empty', body.sources.length === 0);
    });
  }

  function renderSource(s) {
    var status = sourceStatus(s);
    return el('tr', { 'data-source-id': s.id }, [
      el('td', {}, [
        s.name ? el('div', { text: s.name }) : null,
        safeLink(s.url, s.url),
        sourceMove(s),
        el('div', { class: 'meta source-scope', text: s.kind + ' · ' + (s.topicId === null ? 'every topic' : 'topic ' + topicName(s.topicId)) }),
      ]),
      el('td', { 'data-status': status, text: status }),
      el('td', { text: String(s.state.errorCount) }),
      el('td', { text: when(s.state.lastSuccessAt) }),
      el('td', {}, [sourceProblem(s), sourceInstances(s)]),
      describeSchedule(s),
      describeLimits(s.limits),
      el('td', {}, [sourceActions(s, 'sources-feedback', loadSources)]),
    ]);
  }

  /** Whether the source is waiting out a rate limit or an error backoff, and until when; read from the list, no request per source. */
  function describeSchedule(s) {
    var st = s.state;
    var next = 'next check ' + when(st.nextCheckAt) + (st.nextCheckAt <= lastKnownServerNow() ? ' (due now)' : '');
    var kind = !s.enabled ? 'paused' : st.errorCount > 0 && st.lastErrorKind === 'rate-limited' ? 'rate-limited' : st.errorCount > 0 ? 'backoff' : 'ok';
    var text = {
      paused: 'paused',
      'rate-limited': 'rate-limited by the service: ' + next,
      backoff: 'backing off after ' + st.errorCount + ' failed fetch(es): ' + next,
      ok: next,
    }[kind];
    return el('td', { class: 'schedule', 'data-backoff': kind, text: text });
  }

  /**
   * The limits the source states: credentials it cannot work without in plain sight, those that would
   * only widen what it hears (Reddit's keyless feed works) as a note, the budget and blind spots folded.
   */
  function describeLimits(limits) {
    if (!limits) return el('td', {});
    var missing = limits.missingCredentials || [];
    var credentials = !missing.length ? null
      : limits.credentialsRequired === false
        ? el('div', { class: 'optional-credentials', text: 'optional: ' + missing.join(', ') + ' (it hears more with them)' })
        : el('div', { class: 'missing-credentials', text: 'needs ' + missing.join(', ') });
    return el('td', { class: 'limits' }, [
      credentials,
      el('details', {}, [
        el('summary', { text: 'budget and blind spots' }),
        el('div', { class: 'meta', text: 'budget: ' + limits.rateBudget }),
        el('ul', { class: 'meta' }, (limits.cannotSee || []).map(function (x) { return el('li', { text: 'cannot see ' + x }); })),
      ]),
    ]);
  }

  /** The periodic refresh leaves the mention list alone once the reader has loaded older pages. */
  function refreshOverview(periodic) {
    return loadTopics().then(function () {
      return Promise.all([loadAlerts(), loadAttention(), periodic && state.morePages ? null : loadMentions(false), loadSources(), loadWebhooks()]);
    });
  }
`;

/** Which view the hash names, loading it, and the page's start: the last fragment. */
const routerJs = String.raw`
  /** #/alerts/12 is an alert's page, #/topics/3 a topic's; anything else is the overview. */
  function currentRoute() {
    var match = /^#\/(alerts|topics)\/([^/?#]*)\/?$/.exec(location.hash);
    if (!match) return { view: 'overview' };
    var id = match[2];
    try { id = decodeURIComponent(id); } catch (e) { /* shown as typed */ }
    return { view: match[1] === 'alerts' ? 'alert' : 'topic', id: id };
  }

  /** Each view's page. */
  var viewPages = { overview: 'overview', alert: 'alert-page', topic: 'topic-page' };

  /** Shows the page of this view (null: none). */
  function showView(view) {
    Object.keys(viewPages).forEach(function (name) { show(viewPages[name], name === view); });
  }

  /** Why the page's data did not come, in words that say what to do; empty hides the box. */
  function loadFailure(message) {
    $('load-failure-text').textContent = message || '';
    show('load-failure', Boolean(message));
  }

  function loadFailureText(e) {
    // api() words these two for a reader already: the server down or restarting, and the key prompt.
    if (e.code === 'timeout') return 'The Earshot server did not answer within ' + ANSWER_WITHIN_MS / 1000 + ' s: it may be overloaded or stuck. Retry, or look at its log.';
    if (e.status === 0) return 'The Earshot server did not answer: it may be stopped or restarting. Retry once it is running.';
    if (e.status === 401) return e.message.charAt(0).toUpperCase() + e.message.slice(1) + '.';
    return 'This page could not be loaded: ' + e.message + '.';
  }

  /**
   * Shows the view the hash names and loads it. body[data-loaded] says when the view's data is in;
   * a load overtaken by a newer one (the reader navigated on) changes nothing. While it loads, the page
   * is laid out (its charts take its width) but invisible (dashboard-styles.ts): its forms hold another
   * page's values or none, and their buttons would act on nothing. A page that could not load is hidden
   * (data-loaded "error") behind one message and Retry; a loaded page whose refresh failed stays as it
   * was, with what is being edited in it ("stale").
   */
  function route(periodic) {
    var target = currentRoute();
    var loaded = document.body.dataset.loaded;
    // A refresh would overtake the first load and drop it; after a failed load, the next one is whole.
    if (periodic && loaded === 'loading') return Promise.resolve();
    if (loaded === 'error') periodic = false;
    var seq = (state.seq += 1);
    notice('');
    document.body.dataset.view = target.view;
    if (!periodic) {
      showView(target.view);
      loadFailure('');
      // An alert's or topic's page says which it shows once loaded; until then its actions act on none.
      if (target.view !== 'overview') $(viewPages[target.view]).dataset.state = 'loading';
      document.body.dataset.loaded = 'loading';
      state.alertNotes = {};
      ['alerts-feedback', 'alert-feedback', 'attention-feedback', 'topic-feedback', 'topic-sources-feedback', 'sources-feedback', 'topic-create-feedback', 'source-create-feedback', 'mentions-feedback', 'webhooks-feedback']
        .forEach(function (id) { feedback(id, 'ok', ''); });
      hideWebhookSecret();
    }
    // On every load: a page left open over a clock change moves to the other offset (when() marks times by today's).
    $('time-zone').textContent = timeZoneNote(Date.now());
    state.healthRead = loadHealth();
    var load = target.view === 'alert' ? loadAlertPage(target.id, seq, periodic)
      : target.view === 'topic' ? loadTopicPage(target.id, seq, periodic)
      : refreshOverview(periodic);
    return load
      .then(function () {
        if (seq !== state.seq) return;
        showView(target.view);
        loadFailure('');
        state.loadedAt = Date.now();
        document.body.dataset.loaded = 'true';
      })
      .catch(function (e) {
        if (seq !== state.seq) return;
        document.body.dataset.loaded = periodic ? 'stale' : 'error';
        if (!periodic) showView(null);
        loadFailure(loadFailureText(e) + (periodic ? ' The page shows what it had at ' + new Date(state.loadedAt).toLocaleTimeString() + '.' : ''));
      });
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('api-key').value = apiKey();
    $('key-form').addEventListener('submit', function (event) {
      event.preventDefault();
      try { sessionStorage.setItem(KEY_STORAGE, $('api-key').value.trim()); } catch (e) { /* storage disabled: key lasts this page */ }
      route(false);
    });
    // Retry keeps a stale page's edits (a refresh); a page that never loaded is loaded whole.
    $('retry').addEventListener('click', function () { route(document.body.dataset.loaded === 'stale'); });
    $('mention-topic').addEventListener('change', function () { changeMentions(false); });
    $('mention-sentiment').addEventListener('change', function () { changeMentions(false); });
    $('mentions-more').addEventListener('click', function () { changeMentions(true); });
    $('alerts-show-all').addEventListener('click', showAllAlerts);
    buildTopicCreateForm();
    buildSourceCreateForm();
    buildWebhookCreateForm();
    buildTopicEditForm();
    buildDetectorForm();
    buildLexiconForm();
    bindAlertMentionControls();
    window.addEventListener('hashchange', function () { route(false); window.scrollTo(0, 0); });
    route(false);
    setInterval(function () { route(true); }, REFRESH_MS);
  });
`;

export const dashboardJs = [
  "'use strict';\n(function () {",
  dashboardBaseJs,
  keepFocusJs,
  sourceHealthJs,
  formHelpersJs,
  overviewJs,
  alertAckJs,
  overviewFormsJs,
  attentionJs,
  webhooksJs,
  alertPageJs,
  alertChartJs,
  chartHoursJs,
  alertEvidenceJs,
  alertMentionsJs,
  topicPageJs,
  detectorSettingsJs,
  replayPreviewJs,
  routerJs,
  '})();\n',
].join('\n');
