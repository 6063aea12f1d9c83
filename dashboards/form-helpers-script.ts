/**
 * What every dashboard form shares: a labelled field with its allowed values, explanation and error
 * line; the API's validation problems put next to the field they name; an inline two-step
 * confirmation for destructive buttons (no window.confirm, which a page can be made to spam); and the
 * server's clock, so "the last 7 days" means the server's days. A fragment of dashboard.js (see
 * dashboard-script.ts).
 */
export const formHelpersJs = String.raw`
  var DAY_MS = 86400000;

  /**
   * A field: label, control, the values it takes and what it does, and an error line the API fills.
   * data-field is the field's path in the request body (config.tags), which is how problems find it.
   */
  function formField(path, label, control, allowed, help) {
    if (!control.id) control.id = 'f-' + path.replace(/[^A-Za-z0-9]/g, '-') + '-' + (state.fieldSeq = (state.fieldSeq || 0) + 1);
    // A screen reader reads what the field takes, its explanation and its error with the control itself.
    var parts = [
      allowed ? el('span', { class: 'allowed', id: control.id + '-allowed', text: allowed }) : null,
      help ? el('p', { class: 'help', id: control.id + '-help', text: help }) : null,
      el('p', { class: 'field-error', id: control.id + '-error', role: 'alert', hidden: 'hidden' }),
    ];
    control.setAttribute('aria-describedby', parts.filter(Boolean).map(function (node) { return node.id; }).join(' '));
    return el('div', { class: 'field', 'data-field': path }, [el('label', { for: control.id, text: label }), control].concat(parts));
  }

  /** Shows a problem under a field and marks its control invalid; a second problem is added to the first. */
  function showFieldProblem(fieldNode, message) {
    var line = fieldNode.querySelector('.field-error');
    line.textContent = line.textContent ? line.textContent + '; ' + message : message;
    line.hidden = false;
    fieldNode.dataset.invalid = 'true';
    var control = fieldControl(fieldNode);
    if (control) control.setAttribute('aria-invalid', 'true');
  }

  function fieldControl(fieldNode) {
    var label = fieldNode.querySelector('label');
    return label && label.htmlFor ? document.getElementById(label.htmlFor) : null;
  }

  function clearProblems(form) {
    Array.prototype.forEach.call(form.querySelectorAll('.field-error'), function (node) { node.textContent = ''; node.hidden = true; });
    Array.prototype.forEach.call(form.querySelectorAll('.field[data-invalid]'), function (node) {
      node.removeAttribute('data-invalid');
      var control = fieldControl(node);
      if (control) control.removeAttribute('aria-invalid');
    });
  }

  /**
   * The field a problem's path names, or its nearest named parent, with the rest of the path:
   * "query.quietHours.start" → quietHours and "start"; "body.config.tags.1" → config.tags and "#2".
   */
  function fieldFor(form, path) {
    var parts = String(path || '').split('.').slice(1);
    for (var n = parts.length; n > 0; n -= 1) {
      var name = parts.slice(0, n).join('.');
      var found = null;
      Array.prototype.forEach.call(form.querySelectorAll('.field[data-field]'), function (node) { if (node.dataset.field === name) found = node; });
      var rest = parts.slice(n).map(function (p) { return /^[0-9]+$/.test(p) ? '#' + (Number(p) + 1) : p; }).join(' ');
      if (found) return { node: found, rest: rest };
    }
    return null;
  }

  /**
   * A refused request: each problem next to its field (every one the API lists); what names no field
   * (an unknown setting, a name taken already, the server down) goes to the form's feedback line.
   */
  function showProblems(form, error, feedbackId, failure) {
    clearProblems(form);
    var unplaced = [];
    (error.details || []).forEach(function (d) {
      var field = fieldFor(form, d.path);
      if (!field) { unplaced.push((d.path ? d.path + ': ' : '') + d.message); return; }
      showFieldProblem(field.node, (field.rest ? field.rest + ': ' : '') + d.message);
    });
    var placed = (error.details || []).length - unplaced.length;
    var message = unplaced.length ? unplaced.join('; ') : placed ? 'see the marked field' + (placed > 1 ? 's' : '') : error.message;
    feedback(feedbackId, 'error', failure + ': ' + message);
  }

  /**
   * Sends a form that creates something, unless its last sending is still under way. A double click or
   * a second Enter posted twice: the second answer ("exists already") overwrote the first's success, and
   * on a new webhook hid the signing secret the first had just shown once. The form is marked
   * aria-busy meanwhile (dashboard-styles.ts dims its button); the button is not disabled, so a keyboard
   * user's focus stays on it. send() returns the request's promise, which settles once it is handled.
   */
  function submitOnce(form, send) {
    if (form.getAttribute('aria-busy') === 'true') return;
    form.setAttribute('aria-busy', 'true');
    function done() { form.removeAttribute('aria-busy'); }
    Promise.resolve().then(send).then(done, done);
  }

  /**
   * A destructive button that asks first, in place: "Delete" becomes the question with
   * "Yes, delete" and "Cancel". question: text, or a list of text and nodes (a name in its isolate).
   * action() returns a promise; when it fails the button comes back.
   */
  function confirmButton(label, className, question, action) {
    var box = el('span', { class: 'confirm' });
    var button = el('button', { type: 'button', class: className, text: label });
    box.appendChild(button);
    button.addEventListener('click', function () {
      button.hidden = true;
      var yes = el('button', { type: 'button', class: 'confirm-yes danger', text: 'Yes, ' + label.toLowerCase() });
      var no = el('button', { type: 'button', class: 'confirm-no', text: 'Cancel' });
      var ask = el('span', { class: 'confirm-question' }, Array.isArray(question) ? question : [question]);
      // Back to the button, focus too: removing the focused Cancel dropped a keyboard user's focus to the top of the page.
      function reset() {
        var hadFocus = box.contains(document.activeElement);
        [ask, yes, no].forEach(function (n) { if (n.parentNode) n.parentNode.removeChild(n); });
        button.hidden = false;
        if (hadFocus || document.activeElement === document.body) button.focus();
      }
      no.addEventListener('click', reset);
      yes.addEventListener('click', function () {
        yes.disabled = true;
        no.disabled = true;
        Promise.resolve(action()).catch(reset);
      });
      box.appendChild(ask);
      box.appendChild(yes);
      box.appendChild(no);
      no.focus();
    });
    return box;
  }

  /**
   * The server's clock from /health (no key needed), for windows like "the last 7 days": the overview's
   * series are the server's last 24 hours too, and a laptop's clock can be off. When /health does not
   * answer, the offset its last answer showed still holds (clocks drift seconds a day, a wrong zone or
   * setting is hours): falling back to the browser's clock moved a chart's "now" by hours. Only with no
   * answer yet is the browser's clock used, and by says so. Resolves to { now, by: 'server' | 'last-known' | 'browser' }.
   */
  function readServerClock() {
    return readHealth().then(function (h) {
      if (isNumber(h.time)) return { now: h.time, by: 'server' };
      throw new Error('no time in /health');
    }).catch(function () {
      return { now: lastKnownServerNow(), by: state.serverClockOffset === null ? 'browser' : 'last-known' };
    });
  }

  function serverNow() { return readServerClock().then(function (clock) { return clock.now; }); }

  /** The server's time now by the last /health answer, without asking again; the browser's clock until one came. */
  function lastKnownServerNow() { return Date.now() + (state.serverClockOffset === null ? 0 : state.serverClockOffset); }

  /** Under a chart drawn by the browser's clock: its "now" may be hours off the server's, and its reader should know. */
  function showClockNote(id, clock) {
    $(id).textContent = clock.by === 'browser' ? '"Now" on this chart is this browser’s clock: the server’s could not be read (/health did not answer).' : '';
    show(id, clock.by === 'browser');
  }

  /** A whole number or decimal as typed; blank is null (use the default); anything else is sent as typed, for the API to refuse by name. */
  function numberOrText(text) {
    var trimmed = String(text).trim();
    if (trimmed === '') return null;
    return /^-?[0-9]+(\.[0-9]+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
  }
`;
