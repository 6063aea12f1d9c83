/**
 * The topic page at #/topics/:id: loads the topic and fills the page's parts, each a fragment of its own:
 * the head with the name and query form (topic-head-script.ts), the last 7 days as a chart with the week's
 * alerts (topic-chart-script.ts), the detector settings with their preview (detector-settings-script.ts),
 * the sources that feed it (topic-sources-script.ts) and its lexicon overrides
 * (lexicon-overrides-script.ts). The periodic refresh redraws only the chart and the sources, never a
 * form being edited. A fragment of dashboard.js (see dashboard-script.ts).
 */
export const topicPageJs = String.raw`
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
`;
