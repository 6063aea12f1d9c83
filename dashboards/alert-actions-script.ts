/**
 * The alert page's actions, as the API offers them: Acknowledge an open alert, and snooze or unmute
 * the notifications of its topic. Each says how it went on the page's feedback line and reloads the
 * page. A fragment of dashboard.js (see dashboard-script.ts).
 */
export const alertActionsJs = String.raw`
  var snoozeChoices = [['1 hour', 3600000], ['4 hours', 14400000], ['24 hours', 86400000], ['until unmuted', 0]];

  /**
   * A button that calls the API, reports the outcome in the alert page's feedback line, and reloads the page. success() gives feedback()'s message.
   * Disabled while the call runs, the button loses the keyboard's focus (Chromium drops it), and the focus
   * fell to the page's start: a failure gives it back to the button, for a second try; a success puts it on
   * the line that says so, since the reload takes the button away (Acknowledge once acknowledged, Snooze
   * once snoozed). As on the overview's cards, only a focus that went nowhere else is moved.
   */
  function actionButton(label, className, call, success, failure) {
    var button = el('button', { type: 'button', class: className, text: label });
    button.addEventListener('click', function () {
      button.disabled = true;
      call()
        .then(function () { feedback('alert-feedback', 'ok', success()); focusIfLost($('alert-feedback')); return route(true); })
        .catch(function (e) { button.disabled = false; feedback('alert-feedback', 'error', failure + ': ' + e.message); focusIfLost(button); });
    });
    return button;
  }

  /** The actions, built anew; a snooze period the reader chose stays chosen (the minute's refresh put it back to 1 hour). */
  function renderAlertActions(alert, topic, mute) {
    var chosen = $('snooze-for') ? $('snooze-for').value : null;
    refill($('alert-actions'), function (box) { fillAlertActions(box, alert, topic, mute); });
    if ($('snooze-for') && chosen !== null) $('snooze-for').value = chosen;
  }

  function fillAlertActions(box, alert, topic, mute) {
    if (alert.status === 'open') {
      box.appendChild(actionButton('Acknowledge', 'ack', function () { return api('/api/alerts/' + Number(alert.id) + '/ack', { method: 'POST' }); },
        function () { return 'Alert #' + alert.id + ' acknowledged: its reopenings and resolution stay quiet; an escalation still notifies.'; },
        'Could not acknowledge'));
    }
    var path = '/api/topics/' + Number(alert.topicId) + '/mute';
    if (!mute) {
      box.appendChild(el('span', { class: 'meta', text: 'Snooze state unknown.' }));
    } else if (mute.muted) {
      box.appendChild(el('span', { class: 'meta mute-state' }, ['Notifications for ', isolated(topic), ' are ' +
        (mute.mutedUntil ? 'snoozed until ' + when(mute.mutedUntil) + ' (an escalation is still sent)' : 'muted until unmuted'),
        mute.reason ? ' (' : null, mute.reason ? isolated(mute.reason) : null, mute.reason ? ')' : null, '.']));
      box.appendChild(actionButton('Unmute', 'unmute', function () { return api(path, { method: 'DELETE' }); },
        function () { return ['Notifications for ', isolated(topic), ' are on again.']; }, 'Could not unmute'));
    } else {
      var select = el('select', { id: 'snooze-for' }, snoozeChoices.map(function (c) { return el('option', { value: c[1], text: c[0] }); }));
      box.appendChild(el('label', { class: 'snooze-for' }, ['Snooze ', isolated(topic), ' notifications for ', select]));
      box.appendChild(actionButton('Snooze', 'snooze', function () {
        var ms = Number(select.value);
        var body = { reason: 'snoozed from the dashboard on alert #' + alert.id };
        if (ms <= 0) return api(path, { method: 'PUT', body: body });
        // From the server's clock, which ends the snooze: by a laptop's clock 2 hours slow, "1 hour" was
        // refused as "in the past"; 3 hours fast, it snoozed 4.
        return serverNow().then(function (now) {
          body.until = now + ms;
          return api(path, { method: 'PUT', body: body });
        });
      }, function () {
        return Number(select.value) > 0 ?
          ['Notifications for ', isolated(topic), ' are snoozed for ' + select.options[select.selectedIndex].text + ': only an escalation is sent; alerts still open and show here.'] :
          ['Notifications for ', isolated(topic), ' are muted until unmuted: no event of this topic is sent anywhere; alerts still open and show here.'];
      }, 'Could not snooze'));
    }
  }
`;
