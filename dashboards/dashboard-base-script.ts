/**
 * The helpers every part of the dashboard script shares: building elements (text only, never markup),
 * http(s)-only links, the API call with its key, feedback lines and number formats. A fragment of
 * dashboard.js, concatenated into one function scope by dashboard-script.ts (plain ES2020, no build).
 */
export const dashboardBaseJs = String.raw`
  var KEY_STORAGE = 'earshot.apiKey';
  var REFRESH_MS = 60000;
  /**
   * How long a request may go unanswered. The browser itself waits minutes on a server that accepted the
   * connection and hangs (a locked database, a stuck proxy), and the page stayed blank all that time.
   */
  var ANSWER_WITHIN_MS = 30000;
  /** Resolved alerts the overview keeps in sight under the open ones. */
  var RESOLVED_SHOWN = 5;
  var state = { topics: [], mentionCursor: null, morePages: false, allAlerts: false, alertNotes: {}, seq: 0, alert: null, serverClockOffset: null, healthRead: null };

  function $(id) { return document.getElementById(id); }

  /** Builds an element; string children become text nodes, never markup. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === 'text') node.textContent = String(value);
      else node.setAttribute(name, String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs).forEach(function (name) { node.setAttribute(name, String(attrs[name])); });
    return node;
  }

  /** A link only for http(s) URLs: a feed can put javascript: in an item link. */
  function safeLink(url, label) {
    var text = label || url || '';
    if (typeof url !== 'string') return document.createTextNode(text);
    try {
      var parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return document.createTextNode(text);
      return el('a', { href: parsed.href, target: '_blank', rel: 'noopener noreferrer nofollow', text: text });
    } catch (e) {
      return document.createTextNode(text);
    }
  }

  /**
   * A name or scraped value set inside a sentence, in its own bidirectional isolate (<bdi>): a name
   * holding an unclosed right-to-left override (U+202E) otherwise reversed the rest of the line, so
   * "@troll (9) — mostly one author" read "rohtua eno yltsom — (9)". textContent is unchanged.
   */
  function isolated(text) { return el('bdi', { text: text }); }

  /** A sentence quoting a name, for feedback() or a question: before "name" after, the name in its isolate. */
  function quoted(before, name, after) { return [before + '"', isolated(name), '"' + after]; }

  /** A link to an alert's page in this dashboard; the id is forced to a number, so the href is always ours. content: text, or nodes and text. */
  function alertLink(id, content, className) {
    return el('a', { href: '#/alerts/' + Number(id), class: className || null }, Array.isArray(content) ? content : [content]);
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function show(id, visible) { $(id).hidden = !visible; }
  /** "UTC+01:00": the browser's offset from UTC at this instant, which summer time changes. */
  function utcOffset(ms) {
    var minutes = -new Date(ms).getTimezoneOffset();
    var abs = Math.abs(minutes);
    return 'UTC' + (minutes < 0 ? '−' : '+') + String(Math.floor(abs / 60)).padStart(2, '0') + ':' + String(abs % 60).padStart(2, '0');
  }

  /** Whether the browser's zone moves its clocks in the year around this instant (summer time). */
  function hasClockChanges(now) {
    var offset = utcOffset(now);
    return [3, 6, 9].some(function (months) { return utcOffset(now + months * 30 * 86400000) !== offset; });
  }

  /**
   * "times in Europe/Paris (UTC+01:00 now; …)": every time on the page is the browser's local time, and a team
   * spread over zones reading "14:05" must know whose 14:05 it is. Today's offset is not that of a time on the
   * other side of a summer-time change: such a time carries its own (when()), and the note says so.
   */
  function timeZoneNote(now) {
    var zone = '';
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { zone = ''; }
    if (!zone || zone === 'UTC' || zone === 'Etc/UTC') return 'times in UTC';
    return 'times in ' + zone + ' (' + utcOffset(now) + (hasClockChanges(now) ? ' now; a time across a clock change is marked with its own offset)' : ')');
  }

  /** " (UTC+02:00)" after a time whose offset is not today's (the note's), else nothing. */
  function offsetMark(ms) { var offset = utcOffset(ms); return offset === utcOffset(Date.now()) ? '' : ' (' + offset + ')'; }

  function when(ms) { return typeof ms !== 'number' || !isFinite(ms) ? '—' : new Date(ms).toLocaleString() + offsetMark(ms); }
  /** A window's start and end; an end on the start's day gives its time only (1:15 PM – 2:15 PM, not the date twice). */
  function whenSpan(from, to) {
    var sameDay = isNumber(from) && isNumber(to) && new Date(from).toDateString() === new Date(to).toDateString();
    return when(from) + ' – ' + (sameDay ? new Date(to).toLocaleTimeString() + offsetMark(to) : when(to));
  }
  function excerpt(text, max) { text = String(text || ''); return text.length > max ? text.slice(0, max - 1) + '…' : text; }
  function isNumber(x) { return typeof x === 'number' && isFinite(x); }
  function isObject(x) { return x !== null && typeof x === 'object' && !Array.isArray(x); }
  /** Evidence is stored JSON: anything but a number is "unknown", never echoed as it is. */
  function signed(x) { return isNumber(x) ? (x > 0 ? '+' : '') + x.toFixed(2) : 'unknown'; }
  function plain(x) { return isNumber(x) ? (Math.round(x) === x ? String(x) : x.toFixed(Math.abs(x) < 10 ? 2 : 1)) : 'unknown'; }
  function percent(x) { return isNumber(x) ? Math.round(x * 100) + '%' : 'unknown'; }
  /** A scored mention's label, by the sign of its score (stored JSON: anything but a number is neutral). */
  function toneLabel(score) { return !isNumber(score) ? 'neutral' : score < 0 ? 'negative' : score > 0 ? 'positive' : 'neutral'; }
  /** " · posted 12 times" for a mention that stands for copies of its text (evidence.topMentions); only numbers reach the page. */
  function copiesNote(m) {
    if (!isNumber(m.copies) || m.copies < 2) return '';
    return ' · posted ' + Math.round(m.copies) + (m.copiesAtLeast === true ? '+' : '') + ' times';
  }
  function minutes(m) { return !isNumber(m) ? 'unknown' : m < 60 ? m + ' min' : Math.floor(m / 60) + ' h ' + (m % 60) + ' min'; }

  /** From sessionStorage; when the browser refuses storage, the field itself holds it for this page. */
  function apiKey() {
    try { return sessionStorage.getItem(KEY_STORAGE) || ''; } catch (e) { return $('api-key').value.trim(); }
  }

  function notice(message) {
    var node = $('notice');
    node.textContent = message || '';
    node.hidden = !message;
  }

  /**
   * The outcome of a button, next to it: data-kind "ok" or "error", announced to screen readers (role=status).
   * message: text, or a list of text and nodes, so a name it quotes can sit in its own isolate (isolated()).
   */
  function feedback(id, kind, message) {
    var node = $(id);
    clear(node);
    (Array.isArray(message) ? message : [message]).forEach(function (part) {
      if (part) node.appendChild(typeof part === 'string' ? document.createTextNode(part) : part);
    });
    node.dataset.kind = kind;
    node.hidden = !node.textContent;
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

  function topicName(id) {
    for (var i = 0; i < state.topics.length; i += 1) if (state.topics[i].id === id) return state.topics[i].name;
    return 'topic ' + id;
  }
`;
