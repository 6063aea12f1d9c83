/**
 * "Deliveries needing attention" on the overview: deliveries Earshot gave up on (dead after the last
 * retry, or rejected by a 4xx) with a Redeliver button, and disabled endpoints (by Earshot itself after
 * a day of failures or a 410 Gone, or by hand) with when, why and a Re-enable button; endpoints failing
 * right now are listed too, before they are disabled. A fragment of dashboard.js (see dashboard-script.ts).
 */
export const attentionJs = String.raw`
  /** The endpoint with this id among the endpoints given, named by endpointLabel, or said to be deleted. */
  function describeEndpoint(id, endpoints) {
    var endpoint = null;
    (endpoints || []).forEach(function (e) { if (e.id === id) endpoint = e; });
    if (!endpoint) return 'webhook #' + id + ' (deleted)';
    return endpointLabel(endpoint, !endpoint.enabled);
  }

  /** An endpoint by kind and host only (a Slack or Discord URL is itself the secret), ", disabled" when asked. */
  function endpointLabel(endpoint, markDisabled) {
    return 'webhook #' + endpoint.id + ' (' + endpoint.kind + ', ' + endpointHost(endpoint) + (markDisabled ? ', disabled' : '') + ')';
  }

  /** All of an endpoint's URL the dashboard shows: its path may be the credential. */
  function endpointHost(endpoint) {
    try { return new URL(endpoint.url).host; } catch (e) { return 'unknown host'; }
  }

  /**
   * "disabled <when>: <why>", the same in this list and the Webhooks section. An endpoint turned off by hand
   * before the time was recorded has none, and no reason either.
   */
  function describeDisabled(endpoint) {
    return 'disabled' + (isNumber(endpoint.disabledAt) ? ' ' + when(endpoint.disabledAt) : '') + ': ' + (endpoint.disabledReason || 'turned off by hand');
  }

  /** What the receiver answered to one attempt, in one line. */
  function describeAttempt(attempt) {
    if (!attempt) return 'no attempt was made';
    var answer = attempt.httpStatus ? 'HTTP ' + attempt.httpStatus : attempt.error || 'no answer';
    return attempt.outcome + ' (' + answer + ')';
  }

  /**
   * The outcome of a redelivery in one line. Queued again but not sent by the request itself: the deliver
   * job took it first (it is being sent), or an earlier event of its alert must reach the endpoint first.
   */
  function describeRedelivery(id, body) {
    var sent = body.delivery || {};
    if (!body.attempt) {
      return 'Delivery #' + id + ' is queued again: ' + (isNumber(sent.sendingUntil)
        ? 'the deliver job is sending it now.'
        : 'it goes out on the next deliver run, after any earlier event of its alert to this endpoint.');
    }
    return 'Delivery #' + id + ' sent again: ' + describeAttempt(body.attempt) + '.' +
      (sent.status === 'pending' ? ' It is retried on the schedule from the start.' : ' It is now ' + sent.status + '.');
  }

  /** Sends a delivery again now (same webhook-id); feedback goes to the line named feedbackId. */
  function redeliverButton(delivery, feedbackId, after) {
    var button = el('button', { type: 'button', class: 'redeliver', 'data-delivery-id': delivery.id, text: 'Redeliver' });
    button.addEventListener('click', function () {
      button.disabled = true;
      api('/api/deliveries/' + Number(delivery.id) + '/redeliver', { method: 'POST' })
        .then(function (body) {
          var sent = body.delivery || {};
          feedback(feedbackId, sent.status === 'delivered' ? 'ok' : 'warn', describeRedelivery(delivery.id, body));
          focusIfLost($(feedbackId));
          return after();
        })
        .catch(function (e) { button.disabled = false; feedback(feedbackId, 'error', 'Could not redeliver #' + delivery.id + ': ' + e.message); focusIfLost(button); });
    });
    return button;
  }

  /**
   * How many times it was sent, across redeliveries (the list's count of its log); the delivery's own
   * count is its place on the retry schedule, which a redelivery restarts.
   */
  function attemptsMade(delivery) {
    return countAttempts(isNumber(delivery.attemptsMade) ? delivery.attemptsMade : delivery.attempts);
  }

  function countAttempts(n) { return n + (n === 1 ? ' attempt' : ' attempts'); }

  function renderGivenUpDelivery(delivery, endpoints) {
    return el('li', { 'data-delivery-id': delivery.id, 'data-status': delivery.status }, [
      el('div', { class: 'row-head' }, [
        el('span', {}, [
          el('span', { class: 'label', 'data-label': 'negative', text: delivery.status }),
          delivery.eventType + ' ',
          delivery.alertId ? alertLink(delivery.alertId, 'alert #' + delivery.alertId) : null,
          ' → ' + describeEndpoint(delivery.endpointId, endpoints),
        ]),
        redeliverButton(delivery, 'attention-feedback', loadAttention),
      ]),
      el('div', { class: 'meta', text: 'delivery #' + delivery.id + ' · ' + attemptsMade(delivery) + ' · created ' + when(delivery.createdAt) +
        (delivery.lastError ? ' · last error: ' + delivery.lastError : '') }),
    ]);
  }

  function renderEndpointTrouble(endpoint, endpoints) {
    var button = null;
    if (!endpoint.enabled) {
      button = el('button', { type: 'button', class: 'reenable', 'data-webhook-id': endpoint.id, text: 'Re-enable' });
      button.addEventListener('click', function () {
        button.disabled = true;
        api('/api/webhooks/' + Number(endpoint.id), { method: 'PATCH', body: { enabled: true } })
          .then(function () {
            feedback('attention-feedback', 'ok', 'Webhook #' + endpoint.id + ' is enabled again; its waiting deliveries resume on the next deliver run.');
            focusIfLost($('attention-feedback'));
            return loadAttention();
          })
          .catch(function (e) {
            button.disabled = false;
            feedback('attention-feedback', 'error', 'Could not re-enable webhook #' + endpoint.id + ': ' + e.message);
            focusIfLost(button);
          });
      });
    }
    var condition = endpoint.enabled
      ? 'failing since ' + when(endpoint.failingSince) + ' (disabled after 24 hours of failures)'
      : describeDisabled(endpoint);
    return el('li', { 'data-webhook-id': endpoint.id, 'data-status': endpoint.enabled ? 'failing' : 'disabled' }, [
      el('div', { class: 'row-head' }, [el('span', { class: 'endpoint-name', text: describeEndpoint(endpoint.id, endpoints) }), button]),
      el('div', { class: 'meta reason', text: condition }),
    ]);
  }

  /** Why nothing is listed: with no endpoint at all, "every endpoint is answering" would be true of none. */
  function attentionEmptyText(endpoints) {
    return endpoints.length === 0
      ? 'No webhook endpoints yet: alerts show only here (and in the API) until one is added under Webhooks below.'
      : 'Nothing needs attention: every endpoint is enabled and answering, and no delivery was given up.';
  }

  function loadAttention() {
    return Promise.all([
      api('/api/webhooks'),
      api('/api/deliveries?status=dead&limit=50'),
      api('/api/deliveries?status=rejected&limit=20'),
    ]).then(function (answers) {
      var endpoints = answers[0].webhooks;
      var troubled = endpoints.filter(function (e) { return !e.enabled || e.failingSince !== null; });
      var givenUp = answers[1].deliveries.concat(answers[2].deliveries);
      refill($('attention-endpoints'), function (list) {
        troubled.forEach(function (e) { list.appendChild(renderEndpointTrouble(e, endpoints)); });
      });
      refill($('attention-deliveries'), function (list) {
        givenUp.forEach(function (d) { list.appendChild(renderGivenUpDelivery(d, endpoints)); });
      });
      show('attention-endpoints-block', troubled.length > 0);
      show('attention-deliveries-block', givenUp.length > 0);
      $('attention-empty').textContent = attentionEmptyText(endpoints);
      show('attention-empty', troubled.length === 0 && givenUp.length === 0);
      $('attention-section').dataset.count = String(troubled.length + givenUp.length);
    });
  }
`;
