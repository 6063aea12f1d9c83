/**
 * The router: which view the URL's hash names (the overview at #/, an alert at #/alerts/:id, a topic at
 * #/topics/:id), loading it with its Retry and the box saying why it did not load, and the page's start
 * (binding the controls, the periodic refresh). The last fragment of dashboard.js: it calls into every
 * other (see dashboard-script.ts).
 */
export const routerJs = String.raw`
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

  /** The periodic refresh leaves the mention list alone once the reader has loaded older pages. */
  function refreshOverview(periodic) {
    return loadTopics().then(function () {
      return Promise.all([loadAlerts(), loadAttention(), periodic && state.morePages ? null : loadMentions(false), loadSources(), loadWebhooks()]);
    });
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
