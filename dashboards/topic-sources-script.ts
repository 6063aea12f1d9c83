/**
 * The topic page's sources: its own and those that serve every topic, each with its status and the
 * actions the overview's sources have (sourceActions, in overview-forms-script.ts). A fragment of
 * dashboard.js (see dashboard-script.ts).
 */
export const topicSourcesJs = String.raw`
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
`;
