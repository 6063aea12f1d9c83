/**
 * The overview's topics, each with its last 24 hours as a sparkline and in words; loading them also
 * fills every topic picker of the overview (mention filter, new source, new webhook). A fragment of
 * dashboard.js (see dashboard-script.ts).
 */
export const overviewTopicsJs = String.raw`
  function sparkline(buckets, since) {
    return lineChart(buckets, { width: 180, height: 36, className: 'spark', title: 'mentions per hour (blue) and negative mentions (red)', since: since });
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
`;
