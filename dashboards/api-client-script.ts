/**
 * Calling the Earshot API from the page: the API key from sessionStorage, a fetch() that gives up after
 * ANSWER_WITHIN_MS, the open /health answer with the server's clock, and api(), whose failures say in
 * words what happened. A fragment of dashboard.js (see dashboard-script.ts).
 */
export const apiClientJs = String.raw`
  /** From sessionStorage; when the browser refuses storage, the field itself holds it for this page. */
  function apiKey() {
    try { return sessionStorage.getItem(KEY_STORAGE) || ''; } catch (e) { return $('api-key').value.trim(); }
  }

  function apiError(message, status, code, details) {
    var error = new Error(message);
    error.status = status;
    error.code = code;
    error.details = details;
    return error;
  }

  /** A 401 in words a reader can act on: the API's own message names an HTTP header. */
  function keyRefusal() {
    return apiKey() ? 'the server did not accept this API key: enter the right one above and press Use' : 'the server asks for an API key: enter it above and press Use';
  }

  /**
   * fetch() that gives up after ANSWER_WITHIN_MS: rejects with an Error whose code is "timeout", so the
   * caller can say the server is slow rather than gone.
   */
  function fetchWithin(path, options) {
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timedOut = false;
    var timer = setTimeout(function () { timedOut = true; if (controller) controller.abort(); }, ANSWER_WITHIN_MS);
    return fetch(path, Object.assign({}, options, controller ? { signal: controller.signal } : {})).then(function (response) {
      return response.text().then(function (text) { clearTimeout(timer); return { response: response, text: text }; });
    }).catch(function (e) {
      clearTimeout(timer);
      if (timedOut) { var late = new Error('timeout'); late.code = 'timeout'; throw late; }
      throw e;
    });
  }

  /**
   * The server's /health answer (open to all, no key, no cookie), parsed; rejects when there is none.
   * Each answer's time keeps how far the server's clock is from the browser's (state.serverClockOffset), for readServerClock().
   */
  function readHealth() {
    return fetchWithin('/health', { headers: { accept: 'application/json' }, credentials: 'omit' })
      .then(function (answer) {
        var health = JSON.parse(answer.text);
        if (isObject(health) && isNumber(health.time)) state.serverClockOffset = health.time - Date.now();
        return health;
      });
  }

  /**
   * JSON in and out; a failed call throws an Error with the API's message, the HTTP status, its code and
   * the problems it lists (details: [{ path: 'body.query', message }]), so forms can put each by its field.
   * No answer at all (the server down, the network gone) is status 0, code "unreachable": the browser's
   * own "Failed to fetch" tells a reader neither what happened nor what to do. No answer within
   * ANSWER_WITHIN_MS is status 0 too, code "timeout".
   */
  function api(path, init) {
    init = init || {};
    var headers = { accept: 'application/json' };
    var key = apiKey();
    if (key) headers.authorization = 'Bearer ' + key;
    var options = { method: init.method || 'GET', headers: headers, credentials: 'omit' };
    if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      options.body = JSON.stringify(init.body);
    }
    return fetchWithin(path, options).then(function (answer) {
      var response = answer.response, body = null;
      try { body = answer.text === '' ? null : JSON.parse(answer.text); } catch (e) { body = null; }
      if (response.status === 401) throw apiError(keyRefusal(), 401, 'unauthorized', []);
      if (!response.ok) {
        throw apiError(body && body.error ? body.error.message : 'HTTP ' + response.status, response.status,
          body && body.error ? body.error.code : null, body && body.error && Array.isArray(body.error.details) ? body.error.details : []);
      }
      return body;
    }, function (e) {
      if (e && e.code === 'timeout') throw apiError('the Earshot server did not answer within ' + ANSWER_WITHIN_MS / 1000 + ' s', 0, 'timeout', []);
      throw apiError('the Earshot server did not answer', 0, 'unreachable', []);
    });
  }
`;
