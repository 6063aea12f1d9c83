import { eventTypes, severities } from '../src/api/webhook-settings-fields';

/**
 * The fields the add and edit forms of a webhook share: which topics, event types and minimum severity
 * it takes, and those fields as the API's body. Event types and severities come from the server's own
 * constants, so the forms offer exactly what the API accepts. A fragment of dashboard.js (see
 * dashboard-script.ts).
 */
export const webhookFilterFieldsJs = String.raw`
  var EVENT_TYPES = ${JSON.stringify(eventTypes)};
  var SEVERITIES = ${JSON.stringify(severities)};

  /**
   * Topics, event types and minimum severity, chosen as the endpoint has them (a new one: every topic,
   * every type, watch). The topic choice lists the topics the overview knows, and a topic it does not.
   */
  function appendWebhookFilterFields(form, w, topicsId) {
    var topicIds = w && w.topicIds ? w.topicIds : [];
    var known = state.topics.map(function (t) { return t.id; });
    var choices = state.topics.map(function (t) { return { id: t.id, name: t.name }; })
      .concat(topicIds.filter(function (id) { return known.indexOf(id) < 0; }).map(function (id) { return { id: id, name: topicName(id) }; }));
    var topics = el('select', { name: 'topicIds', id: topicsId || null, multiple: 'multiple', size: 4 }, choices.map(function (t) {
      return el('option', { value: t.id, text: t.name, selected: topicIds.indexOf(t.id) >= 0 ? 'selected' : null });
    }));
    var types = el('span', { class: 'kinds' }, EVENT_TYPES.map(function (t) {
      var on = !w || !w.eventTypes || w.eventTypes.indexOf(t) >= 0;
      return el('label', {}, [el('input', { type: 'checkbox', name: 'eventTypes', value: t, checked: on ? 'checked' : null }), ' ' + t]);
    }));
    var severity = el('select', { name: 'minSeverity' }, SEVERITIES.map(function (s) {
      return el('option', { value: s, text: s, selected: w && w.minSeverity === s ? 'selected' : null });
    }));
    form.appendChild(formField('topicIds', 'Topics', topics, 'none chosen: every topic', 'Alerts of these topics only.'));
    form.appendChild(formField('eventTypes', 'Event types', types, 'at least one; all: every type', 'Which alert events are sent (a test event always is).'));
    form.appendChild(formField('minSeverity', 'Minimum severity', severity, SEVERITIES.join(' < '), 'Alerts below it are not sent.'));
  }

  /**
   * The filters as the API takes them. Creating, only what narrows is sent (no topic and every type are
   * the API's "every"); editing, "every" is sent as null, which clears a filter the endpoint had.
   */
  function webhookSettingsBody(form, clearing) {
    var body = { minSeverity: form.elements.minSeverity.value };
    var topics = Array.prototype.filter.call(form.elements.topicIds.options, function (o) { return o.selected; }).map(function (o) { return Number(o.value); });
    if (topics.length) body.topicIds = topics;
    else if (clearing) body.topicIds = null;
    var boxes = form.querySelectorAll('input[name="eventTypes"]');
    var types = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).map(function (b) { return b.value; });
    // None ticked is sent as it is, for the API to refuse by the field.
    if (types.length < boxes.length) body.eventTypes = types;
    else if (clearing) body.eventTypes = null;
    return body;
  }
`;
