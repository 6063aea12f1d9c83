import { lexiconOverridesSchema } from '../src/config/config-schema';

/** The weights an override may have, as the API's schema states them, so the form checks what the API will accept. */
const overrideWeight = lexiconOverridesSchema.out.valueType;

/**
 * The topic page's lexicon overrides: one "word = weight" a line, checked line by line before it is
 * sent, the API's refusals put on the lines they are about; saving re-scores the topic's mentions in the
 * background. A fragment of dashboard.js (see dashboard-script.ts).
 */
export const lexiconOverridesJs = String.raw`
  var OVERRIDE_WEIGHT = ${JSON.stringify({ min: overrideWeight.minValue, max: overrideWeight.maxValue })};

  function buildLexiconForm() {
    var form = $('lexicon-form');
    form.appendChild(formField('overrides', 'Overrides', el('textarea', { name: 'overrides', rows: 4, spellcheck: 'false', placeholder: 'killer = 0\nrefund = -2' }),
      'one "word = weight" a line, each word once, weight ' + OVERRIDE_WEIGHT.min + ' to ' + OVERRIDE_WEIGHT.max + ', up to 500',
      '"killer = 0" makes the word neutral for this topic; saving re-scores its mentions in the background.'));
    form.appendChild(el('div', { class: 'actions' }, [el('button', { type: 'submit', text: 'Save overrides' })]));
    form.appendChild(el('p', { id: 'lexicon-feedback', class: 'feedback', role: 'status', hidden: 'hidden' }));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var topic = loadedTopic();
      if (!topic) return;
      var read = readOverrideLines(form.elements.overrides.value);
      if (read.problems.length > 0) {
        showProblems(form, { message: '', details: linesProblem(read.problems) }, 'lexicon-feedback', 'Could not save the overrides');
        return;
      }
      // No prototype: a line for the word "__proto__" is sent for the API to refuse, not dropped by the object.
      var overrides = Object.create(null);
      read.entries.forEach(function (entry) { overrides[entry.word] = entry.weight; });
      clearProblems(form);
      api('/api/topics/' + topic.id + '/lexicon-overrides', { method: 'PUT', body: { overrides: overrides } }).then(function (body) {
        fillLexiconForm(body);
        feedback('lexicon-feedback', 'ok', 'Saved ' + Object.keys(body.overrides).length + ' override(s): the topic’s mentions are re-scored in the background.');
      }).catch(function (e) { showProblems(form, onTheirLines(e, read.entries), 'lexicon-feedback', 'Could not save the overrides'); });
    });
  }

  /**
   * The overrides as typed: each word with its line number, and what is wrong with a line, by its
   * number. Read line by line, not into an object, which kept the last of two "scandal" lines
   * silently; a word is the same in any case, since the scorer reads words in lower case.
   */
  function readOverrideLines(text) {
    var entries = [], problems = [], firstLine = new Map();
    text.split('\n').forEach(function (raw, i) {
      if (raw.trim() === '') return;
      var line = i + 1, at = raw.lastIndexOf('=');
      var word = at < 0 ? '' : raw.slice(0, at).trim();
      var weight = at < 0 ? null : numberOrText(raw.slice(at + 1));
      var first = word === '' ? undefined : firstLine.get(word.toLowerCase());
      if (word !== '' && first === undefined) firstLine.set(word.toLowerCase(), line);
      var problem = at < 0 ? 'write it as "word = weight"'
        : word === '' ? 'there is no word before "="'
        : first !== undefined ? '"' + word + '" is given twice, on lines ' + first + ' and ' + line + ': keep one'
        : typeof weight !== 'number' || weight < OVERRIDE_WEIGHT.min || weight > OVERRIDE_WEIGHT.max
          ? 'the weight of "' + word + '" must be a number from ' + OVERRIDE_WEIGHT.min + ' to ' + OVERRIDE_WEIGHT.max
        : null;
      if (problem) problems.push('line ' + line + ': ' + problem);
      else entries.push({ line: line, word: word, weight: weight });
    });
    return { entries: entries, problems: problems };
  }

  /** The API's refusal with each problem about a word (its path body.overrides.<word>) put on the word's line. */
  function onTheirLines(error, entries) {
    var prefix = 'body.overrides.', lines = [], others = [];
    (error.details || []).forEach(function (d) {
      var path = String(d.path || '');
      var entry = path.indexOf(prefix) === 0 ? entries.filter(function (e) { return e.word === path.slice(prefix.length); })[0] : null;
      if (entry) lines.push('line ' + entry.line + ' ("' + entry.word + '"): ' + d.message);
      else others.push(d);
    });
    return { message: error.message, details: linesProblem(lines).concat(others) };
  }

  /** Problems by line number as one problem of the field, shown one a line (dashboard-styles.ts). */
  function linesProblem(lines) {
    return lines.length > 0 ? [{ path: 'body.overrides', message: lines.join('\n') }] : [];
  }

  function fillLexiconForm(body) {
    var form = $('lexicon-form');
    clearProblems(form);
    feedback('lexicon-feedback', 'ok', body ? '' : 'The overrides could not be loaded.');
    var overrides = body ? body.overrides : {};
    form.elements.overrides.value = Object.keys(overrides).sort().map(function (word) { return word + ' = ' + overrides[word]; }).join('\n');
  }
`;
