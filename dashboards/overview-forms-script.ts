import { sourceKinds } from '../src/domain/source';
import { searchSourceDefaults } from '../src/sources/search-terms';

/**
 * The overview's forms: a new topic (name, query) and a new source (kind, URL, name, topic, and for the
 * search kinds the settings the API takes: a fixed query; Mastodon tags, further instances and status
 * search), plus the Enable/Disable and Delete buttons every source row carries. Everything goes through
 * api() as JSON; a refusal is shown by the field it names. Kinds and default URLs come from the server's
 * own constants, so the form offers exactly what the API accepts. A fragment of dashboard.js (see
 * dashboard-script.ts).
 */
export const overviewFormsJs = String.raw`
  var SOURCE_KINDS = ${JSON.stringify(sourceKinds)};
  var SEARCH_DEFAULTS = ${JSON.stringify(searchSourceDefaults)};
  var SEARCH_KINDS = Object.keys(SEARCH_DEFAULTS).join(' ');
  var urlPlaceholders = { rss: 'https://blog.example/feed.xml', jetstream: 'https://jetstream2.us-east.bsky.network' };

  function buildTopicCreateForm() {
    var form = $('topic-create');
    form.appendChild(el('h3', { text: 'New topic' }));
    form.appendChild(formField('name', 'Name', el('input', { name: 'name', maxlength: 200, autocomplete: 'off' }), '1–200 characters, unique', null));
    form.appendChild(formField('query', 'Query', el('input', { name: 'query', class: 'query-input', spellcheck: 'false', placeholder: 'acme OR "acme corp" -jobs' }),
      'words, "phrases", OR, AND, NOT / -word, (…), prefix*',
      'Case-insensitive, on word boundaries; a mention is kept when it matches.'));
    form.appendChild(el('div', { class: 'actions' }, [el('button', { type: 'submit', text: 'Add topic' })]));
    form.appendChild(el('p', { id: 'topic-create-feedback', class: 'feedback', role: 'status', hidden: 'hidden' }));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submitOnce(form, function () {
        var body = { name: form.elements.name.value, query: form.elements.query.value };
        clearProblems(form);
        return api('/api/topics', { method: 'POST', body: body }).then(function (topic) {
          form.reset();
          feedback('topic-create-feedback', 'ok', quoted('Topic ', topic.name, ' added (#' + topic.id + '). Sources without a topic match it from their next crawl.'));
          return Promise.all([loadTopics(), loadSources()]);
        }).catch(function (e) { showProblems(form, e, 'topic-create-feedback', 'Could not add the topic'); });
      });
    });
  }

  function onlyFor(kinds, node) { node.dataset.kinds = kinds; return node; }

  function buildSourceCreateForm() {
    var form = $('source-create');
    var kind = el('select', { name: 'kind' }, SOURCE_KINDS.map(function (k) { return el('option', { value: k, text: k }); }));
    var topic = el('select', { name: 'topicId', id: 'source-create-topic' }, [el('option', { value: '', text: 'every topic' })]);
    form.appendChild(el('h3', { text: 'New source' }));
    form.appendChild(formField('kind', 'Kind', kind, SOURCE_KINDS.join(', '),
      'rss reads a feed; ' + Object.keys(SEARCH_DEFAULTS).join(', ') + ' search the service for the topic’s query; jetstream reads the Bluesky firehose (Node only).'));
    form.appendChild(formField('url', 'URL', el('input', { name: 'url', class: 'wide', inputmode: 'url', spellcheck: 'false', autocomplete: 'off' }), 'http(s), a public address',
      'The feed, or the service to search (filled in for the search kinds).'));
    form.appendChild(formField('name', 'Name', el('input', { name: 'name', maxlength: 200, autocomplete: 'off' }), 'optional, up to 200 characters', 'Shown instead of the URL.'));
    form.appendChild(formField('topicId', 'Topic', topic, 'one topic, or every topic',
      'A search source for one topic searches its query; one for every topic searches all enabled topics.'));
    form.appendChild(onlyFor(SEARCH_KINDS, formField('config.query', 'Fixed query', el('input', { name: 'config.query', class: 'query-input', spellcheck: 'false' }),
      'optional; the topic query language', 'Search for this instead of the topic’s query.')));
    form.appendChild(onlyFor('mastodon', formField('config.tags', 'Hashtags', el('input', { name: 'config.tags', spellcheck: 'false', placeholder: 'acme, acmecorp' }),
      'optional; 1–5 tags, letters, digits and _', 'Follow these hashtags instead of those taken from the query.')));
    form.appendChild(onlyFor('mastodon', formField('config.instances', 'More instances', el('textarea', { name: 'config.instances', rows: 2, spellcheck: 'false', placeholder: 'https://fosstodon.org' }),
      'optional; up to 10 URLs, one a line', 'Read these instances too; a status seen on two counts once.')));
    form.appendChild(onlyFor('mastodon', formField('config.search', 'Status search', el('input', { name: 'config.search', type: 'checkbox' }),
      'on or off', 'Also search statuses (most instances answer only signed-in users).')));
    form.appendChild(el('div', { class: 'actions' }, [el('button', { type: 'submit', text: 'Add source' })]));
    form.appendChild(el('p', { id: 'source-create-feedback', class: 'feedback', role: 'status', hidden: 'hidden' }));
    kind.addEventListener('change', function () { fitSourceFormToKind(form); });
    form.addEventListener('submit', function (event) { event.preventDefault(); submitOnce(form, function () { return submitSource(form); }); });
    fitSourceFormToKind(form);
  }

  /** Shows the settings this kind reads, and its usual address while the URL is blank or another kind's. */
  function fitSourceFormToKind(form) {
    var kind = form.elements.kind.value;
    Array.prototype.forEach.call(form.querySelectorAll('[data-kinds]'), function (node) { node.hidden = node.dataset.kinds.split(' ').indexOf(kind) < 0; });
    var url = form.elements.url;
    var defaults = Object.keys(SEARCH_DEFAULTS).map(function (k) { return SEARCH_DEFAULTS[k]; });
    if (url.value.trim() === '' || defaults.indexOf(url.value.trim()) >= 0) url.value = SEARCH_DEFAULTS[kind] || '';
    url.placeholder = SEARCH_DEFAULTS[kind] || urlPlaceholders[kind] || 'https://';
  }

  function listOf(text, separator) { return String(text).split(separator).map(function (s) { return s.trim(); }).filter(Boolean); }

  /** The request body: only what was filled in, and only the settings the chosen kind shows. */
  function sourceBody(form) {
    var f = form.elements;
    var body = { kind: f.kind.value, url: f.url.value.trim() };
    if (f.name.value.trim()) body.name = f.name.value;
    if (f.topicId.value) body.topicId = Number(f.topicId.value);
    var config = {};
    function shown(name) { return !f[name].closest('.field').hidden; }
    if (shown('config.query') && f['config.query'].value.trim()) config.query = f['config.query'].value;
    if (shown('config.tags') && f['config.tags'].value.trim()) config.tags = listOf(f['config.tags'].value, /[,\s]+/);
    if (shown('config.instances') && f['config.instances'].value.trim()) config.instances = listOf(f['config.instances'].value, /\n/);
    if (shown('config.search') && f['config.search'].checked) config.search = true;
    if (Object.keys(config).length) body.config = config;
    return body;
  }

  function submitSource(form) {
    clearProblems(form);
    return api('/api/sources', { method: 'POST', body: sourceBody(form) }).then(function (source) {
      var kind = form.elements.kind.value;
      form.reset();
      form.elements.kind.value = kind;
      fitSourceFormToKind(form);
      feedback('source-create-feedback', 'ok', ['Source #' + source.id + ' (' + source.kind + ', ', isolated(source.name || source.url), ') added: its first crawl looks back 24 hours.']);
      return loadSources();
    }).catch(function (e) { showProblems(form, e, 'source-create-feedback', 'Could not add the source'); });
  }

  /** The topic choice of the source form follows the topic list, keeping what was chosen. */
  function fillSourceTopicChoices(topics) {
    var select = $('source-create-topic');
    if (!select) return;
    var chosen = select.value;
    while (select.options.length > 1) select.remove(1);
    topics.forEach(function (t) { select.appendChild(el('option', { value: t.id, text: t.name })); });
    select.value = chosen;
  }

  /**
   * Enable/Disable and Delete (asked first) for a source row; the outcome goes to feedbackId, then after()
   * reloads. The toggle, disabled while it asks, loses the keyboard's focus: a refusal gives it back, an
   * answer puts it on the feedback line.
   */
  function sourceActions(s, feedbackId, after) {
    var label = s.name || s.url;
    var path = '/api/sources/' + Number(s.id);
    // A source being deleted takes no changes (the API answers 409); the tick removes its mentions a batch at a time.
    if (s.deleting) return el('span', { class: 'row-actions meta', 'data-source-id': s.id, text: 'being deleted: its mentions are removed a batch per run' });
    var toggle = el('button', { type: 'button', class: 'toggle-source', text: s.enabled ? 'Disable' : 'Enable' });
    toggle.addEventListener('click', function () {
      toggle.disabled = true;
      api(path, { method: 'PATCH', body: { enabled: !s.enabled } })
        .then(function () {
          feedback(feedbackId, 'ok', quoted('Source ', label, ' ' + (s.enabled ? 'disabled: it is not crawled until enabled again.' : 'enabled: it is crawled from the next run.')));
          focusIfLost($(feedbackId));
          return after();
        })
        .catch(function (e) { toggle.disabled = false; feedback(feedbackId, 'error', quoted('Could not change source ', label, ': ' + e.message)); focusIfLost(toggle); });
    });
    var remove = confirmButton('Delete', 'delete-source', quoted('Delete ', label, ' and the mentions stored from it?'), function () {
      return api(path, { method: 'DELETE' })
        .then(function (body) {
          var pending = body && body.deleting;
          feedback(feedbackId, 'ok', quoted('Source ', label, ' ' + (pending ? 'is being deleted: its mentions are removed a batch per run.' : 'deleted.')));
          return after();
        })
        .catch(function (e) { feedback(feedbackId, 'error', quoted('Could not delete source ', label, ': ' + e.message)); throw e; });
    });
    return el('span', { class: 'row-actions', 'data-source-id': s.id }, [toggle, remove]);
  }
`;
