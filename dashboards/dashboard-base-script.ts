/**
 * What every part of the dashboard script builds on: its settings and shared state, building elements
 * (text only, never markup), http(s)-only links, names in their own isolates, the notice and feedback
 * lines, and a topic's name. Times and values are worded in local-time-script.ts and
 * value-formats-script.ts, the API is called from api-client-script.ts. A fragment of dashboard.js,
 * concatenated into one function scope by dashboard-script.ts (plain ES2020, no build).
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

  function topicName(id) {
    for (var i = 0; i < state.topics.length; i += 1) if (state.topics[i].id === id) return state.topics[i].name;
    return 'topic ' + id;
  }
`;
