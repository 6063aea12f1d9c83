import { defaultDetectorSettings, detectionKinds, detectorSettingsSchema, sensitivityThresholds } from '../src/detection/detector-settings';

const numberSettings = ['minCount', 'cooldownMinutes', 'warmupHours', 'utcOffsetMinutes'] as const;

/** Each number setting's range as the schema states it, so the form says what the API will accept. */
function numberBounds(): Record<string, { min: number | null; max: number | null; whole: boolean }> {
  return Object.fromEntries(
    numberSettings.map((name) => {
      const schema = detectorSettingsSchema.shape[name].unwrap();
      return [name, { min: schema.minValue, max: schema.maxValue, whole: schema.isInt }];
    }),
  );
}

/**
 * The topic page's detector settings form (see src/detection/detector-settings.ts): every setting with
 * the values it takes (from the schema itself) and a line on what it does; Save PUTs them, and the
 * API's problems appear by their fields. Blank number fields mean the default, in Save and Preview
 * alike. The preview itself is in replay-preview-script.ts. A fragment of dashboard.js (see
 * dashboard-script.ts).
 */
export const detectorSettingsJs = String.raw`
  var DETECTOR_DEFAULTS = ${JSON.stringify(defaultDetectorSettings)};
  var DETECTOR_BOUNDS = ${JSON.stringify(numberBounds())};
  var SENSITIVITY = ${JSON.stringify(sensitivityThresholds)};
  var DETECTION_KINDS = ${JSON.stringify(detectionKinds)};
  var kindHelp = {
    backlash: 'negative mentions surge and their share is clearly above usual',
    'positive-surge': 'the same for positive mentions (a launch going well)',
    'volume-spike': 'any mentions surge, whatever their tone',
    silence: 'far fewer mentions than usual while every source answered',
  };
  var numberSettingText = {
    minCount: ['Minimum count', 'Fewest mentions in the alerting window (negative ones for a backlash), so a quiet topic going from 0 to 2 is no alert.'],
    cooldownMinutes: ['Cool-down (minutes)', 'How long the signal must stay near usual before an alert resolves; a recurrence within it reopens the same alert.'],
    warmupHours: ['Warm-up (hours)', 'Learned history a new topic needs before its first alert; until it is a week old its bar is raised anyway.'],
    utcOffsetMinutes: ['UTC offset (minutes)', 'A fixed local time as minutes east of UTC (-300 for New York in winter), for a topic without a time zone; must be 0 with one.'],
  };

  function describeBounds(name) {
    var b = DETECTOR_BOUNDS[name];
    return b.min + ' to ' + b.max + (b.whole ? ', whole' : '') + '; default ' + DETECTOR_DEFAULTS[name];
  }

  function buildDetectorForm() {
    var form = $('detector-form');
    var sensitivity = el('select', { name: 'sensitivity' }, Object.keys(SENSITIVITY).map(function (level) {
      return el('option', { value: level, text: level + ' (surprise ≥ ' + SENSITIVITY[level] + ')' });
    }));
    form.appendChild(formField('sensitivity', 'Sensitivity', sensitivity, Object.keys(SENSITIVITY).join(', ') + '; default ' + DETECTOR_DEFAULTS.sensitivity,
      'How unlikely a window must be under the usual pattern to alert (surprise s: 1 in 10^s); high alerts most, low least.'));
    Object.keys(numberSettingText).forEach(function (name) {
      var input = el('input', { name: name, inputmode: DETECTOR_BOUNDS[name].whole ? 'numeric' : 'decimal', spellcheck: 'false', class: 'number', placeholder: String(DETECTOR_DEFAULTS[name]) });
      form.appendChild(formField(name, numberSettingText[name][0], input, describeBounds(name), numberSettingText[name][1]));
    });
    // The browser's own zone is the likely answer, and its list of zones a way to find another.
    var zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    var own = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
    form.appendChild(el('datalist', { id: 'time-zones' }, zones.map(function (zone) { return el('option', { value: zone }); })));
    form.appendChild(formField('timeZone', 'Time zone', el('input', { name: 'timeZone', list: 'time-zones', spellcheck: 'false', autocomplete: 'off', placeholder: own ? 'e.g. ' + own : 'e.g. Europe/Paris' }),
      'an IANA time zone, or blank for the UTC offset above; default blank',
      'The daily and weekly pattern and quiet hours follow this local clock, daylight saving included.'));
    var quiet = el('span', { class: 'quiet-hours' }, [
      el('label', {}, [el('input', { type: 'checkbox', name: 'quietOn' }), ' from ']),
      el('input', { type: 'time', name: 'quietStart', 'aria-label': 'quiet hours start' }), ' to ',
      el('input', { type: 'time', name: 'quietEnd', 'aria-label': 'quiet hours end' }),
    ]);
    form.appendChild(formField('quietHours', 'Quiet hours', quiet, 'off, or start and end as HH:MM local time (may wrap midnight); default off',
      'Notifications below critical are held until they end (a resolution in them is not sent); alerts still open and show here.'));
    var kinds = el('span', { class: 'kinds' }, DETECTION_KINDS.map(function (kind) {
      return el('label', { title: kindHelp[kind] || '' }, [el('input', { type: 'checkbox', name: 'kinds', value: kind }), ' ' + kind]);
    }));
    form.appendChild(formField('kinds', 'Kinds', kinds, 'at least one of ' + DETECTION_KINDS.join(', ') + '; default ' + DETECTOR_DEFAULTS.kinds.join(', '),
      DETECTION_KINDS.map(function (k) { return k + ': ' + (kindHelp[k] || k); }).join('; ') + '. Source outages always alert.'));
    var days = el('select', { id: 'preview-days', 'aria-label': 'preview period' }, [7, 14, 30].map(function (d) { return el('option', { value: d, text: 'the last ' + d + ' days' }); }));
    var preview = el('button', { type: 'button', id: 'preview-button', text: 'Preview' });
    form.appendChild(el('div', { class: 'actions' }, [preview, el('label', {}, ['over ', days]), el('button', { type: 'submit', id: 'save-settings', text: 'Save settings' })]));
    form.appendChild(el('p', { id: 'settings-feedback', class: 'feedback', role: 'status', hidden: 'hidden' }));
    preview.addEventListener('click', function () { runPreview(form); });
    form.addEventListener('submit', function (event) { event.preventDefault(); saveDetectorSettings(form); });
  }

  function fillDetectorForm(settings) {
    var form = $('detector-form');
    var f = form.elements;
    clearProblems(form);
    feedback('settings-feedback', 'ok', '');
    f.sensitivity.value = settings.sensitivity;
    Object.keys(numberSettingText).forEach(function (name) { f[name].value = String(settings[name]); });
    f.timeZone.value = settings.timeZone || '';
    f.quietOn.checked = settings.quietHours !== null;
    f.quietStart.value = settings.quietHours ? settings.quietHours.start : '22:00';
    f.quietEnd.value = settings.quietHours ? settings.quietHours.end : '07:00';
    Array.prototype.forEach.call(form.querySelectorAll('input[name="kinds"]'), function (box) { box.checked = settings.kinds.indexOf(box.value) >= 0; });
    state.savedSettings = settings;
  }

  /** The form as settings: a blank number is the default; text that is no number is sent as typed, for the API to name. */
  function collectDetectorSettings(form) {
    var f = form.elements;
    var settings = { sensitivity: f.sensitivity.value };
    Object.keys(numberSettingText).forEach(function (name) {
      var value = numberOrText(f[name].value);
      settings[name] = value === null ? DETECTOR_DEFAULTS[name] : value;
    });
    settings.timeZone = f.timeZone.value.trim() === '' ? null : f.timeZone.value.trim();
    settings.quietHours = f.quietOn.checked ? { start: f.quietStart.value, end: f.quietEnd.value } : null;
    settings.kinds = Array.prototype.filter.call(form.querySelectorAll('input[name="kinds"]'), function (box) { return box.checked; })
      .map(function (box) { return box.value; });
    return settings;
  }

  function saveDetectorSettings(form) {
    var topic = loadedTopic();
    if (!topic) return Promise.resolve();
    var id = topic.id;
    clearProblems(form);
    return api('/api/topics/' + id + '/detector-settings', { method: 'PUT', body: collectDetectorSettings(form) }).then(function (body) {
      fillDetectorForm(body.settings);
      feedback('settings-feedback', 'ok', 'Saved: the detector uses these settings from its next run.');
      if (!$('preview').hidden) return runPreview(form);
      return null;
    }).catch(function (e) { showProblems(form, e, 'settings-feedback', 'Not saved'); });
  }
`;
