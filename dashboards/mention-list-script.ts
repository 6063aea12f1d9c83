/**
 * Lists of mentions (the overview's, filtered by topic and sentiment, and an alert page's), each with
 * its label, why the scorer gave it, and a control to relabel it by hand. A fragment of dashboard.js
 * (see dashboard-script.ts).
 */
export const mentionListJs = String.raw`
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
`;
