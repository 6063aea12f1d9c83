/**
 * The topic page's head: the topic's name, Pause/Resume and Delete (asked first), and the form that edits
 * name and query (a query that does not parse is refused by the API with its position, shown under the
 * field). A fragment of dashboard.js (see dashboard-script.ts).
 */
export const topicHeadJs = String.raw`
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
`;
