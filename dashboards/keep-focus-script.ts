/**
 * Keeping the reader's place when part of a page is built anew. The minute's refresh replaces every
 * list (the overview's cards and rows, the alert page's buttons and deliveries, the topic page's sources),
 * and the element a keyboard user sat on went with the old build: the focus fell to the page's start,
 * where the next Tab begins again; sections the reader had opened were folded. A fragment of
 * dashboard.js (see dashboard-script.ts).
 */
export const keepFocusJs = String.raw`
  /** What can take the keyboard's focus in a row, in the order Tab meets it. */
  var FOCUSABLE = 'a[href], button, select, input, textarea, summary, [tabindex]';

  /**
   * Empties the container and lets fill(container) build it again, the open sections and the keyboard's
   * focus kept: a control focused in it before is focused again in the new build (the same control of the
   * row with the same id). When that control is gone, its row's first control takes the focus; when the
   * row is gone too, the heading over the list, which a screen reader reads out: never the page's start, silently.
   */
  function refill(container, fill) {
    var place = focusedPlace(container);
    var sections = sectionsShown(container);
    clear(container);
    fill(container);
    showSectionsAgain(container, sections);
    if (place) returnFocus(container, place);
  }

  /**
   * Whether each <details> in the container is open, by its row and its place among the row's: a reader
   * who opened a source's "budget and blind spots" had it folded again by the minute's refresh.
   */
  function sectionsShown(container) {
    return Array.prototype.map.call(container.querySelectorAll('details'), function (section) {
      var row = rowAround(container, section);
      return { row: row && rowOf(row), index: Array.prototype.indexOf.call((row || container).querySelectorAll('details'), section), open: section.open };
    });
  }

  /** Each section of the new build opened or folded as its counterpart was; a section new to the page stays as built. */
  function showSectionsAgain(container, sections) {
    sections.forEach(function (shown) {
      var row = shown.row ? findRow(container, shown.row) : container;
      var section = row && row.querySelectorAll('details')[shown.index];
      if (section) section.open = shown.open;
    });
  }

  /** The outermost element under the container with an id of the data (data-alert-id, data-source-id…) around the node, or null. */
  function rowAround(container, node) {
    var row = null;
    for (; node !== container; node = node.parentNode) if (rowKey(node) !== '') row = node;
    return row;
  }

  /**
   * Where the focus is in the container, or null: its row (the outermost element under the container with
   * an id of the data: data-alert-id, data-source-id…) and which control of the row, told by what it is
   * (tag, id, class, name, link) and its place among those alike. Rows without ids (the alert page's
   * buttons) are all of the container.
   */
  function focusedPlace(container) {
    var focused = document.activeElement;
    if (!focused || focused === container || !container.contains(focused)) return null;
    // An open "Delete?" comes back closed: its Delete button is what the reader was on.
    var asking = focused.closest('.confirm');
    if (asking && container.contains(asking)) focused = asking.querySelector('button') || focused;
    var row = rowAround(container, focused);
    if (row === focused) return { row: rowOf(row), control: null };
    var scope = row || container;
    return { row: row && rowOf(row), control: { kind: controlKind(focused), index: alike(scope, controlKind(focused)).indexOf(focused) } };
  }

  function rowOf(node) { return { tag: node.localName, key: rowKey(node) }; }

  /** The row's ids as one string ("data-alert-id=3"); '' for an element that carries none. */
  function rowKey(node) {
    return node.getAttributeNames().filter(function (name) { return /^data-([a-z]+-)*id$/.test(name); }).sort()
      .map(function (name) { return name + '=' + node.getAttribute(name); }).join(' ');
  }

  /** What a control is, the same in every build: not its text, which an action changes (Disable, Enable). */
  function controlKind(node) {
    return [node.localName, node.id, node.getAttribute('class'), node.getAttribute('name'), node.getAttribute('href')].join('|');
  }

  function alike(scope, kind) {
    return Array.prototype.filter.call(scope.querySelectorAll('*'), function (node) { return controlKind(node) === kind; });
  }

  function findRow(container, row) {
    return Array.prototype.find.call(container.querySelectorAll(row.tag), function (node) { return rowKey(node) === row.key; }) || null;
  }

  /** Focuses the place's counterpart in the new build, or the nearest thing that can take the focus. */
  function returnFocus(container, place) {
    var row = place.row ? findRow(container, place.row) : container;
    var tries = [];
    if (row && !place.control) tries.push(row);
    if (row && place.control) {
      var same = alike(row, place.control.kind);
      tries.push(same[Math.min(Math.max(place.control.index, 0), same.length - 1)]);
    }
    if (row && row !== container) tries = tries.concat(Array.prototype.slice.call(row.querySelectorAll(FOCUSABLE)));
    tries = tries.concat(headingsOver(container));
    tries.some(function (node) { return takesFocus(node); });
  }

  /** The headings naming the container and the parts around it (aria-labelledby), nearest first. */
  function headingsOver(container) {
    var headings = [];
    for (var node = container; node && node !== document.body; node = node.parentNode) {
      var id = node.getAttribute('aria-labelledby');
      var heading = id ? $(id.split(' ')[0]) : null;
      if (heading) headings.push(heading);
    }
    return headings;
  }

  /** Whether the node took the focus: a hidden or disabled one does not. A heading is made focusable by script only (tabindex -1). */
  function takesFocus(node) {
    if (!node) return false;
    if (/^h[1-6]$/.test(node.localName) && !node.hasAttribute('tabindex')) node.setAttribute('tabindex', '-1');
    node.focus();
    return document.activeElement === node;
  }

  /** Focus moved here only from nowhere: a reader who went on to another control while an answer came stays there. */
  function focusIfLost(node) {
    var focused = document.activeElement;
    if (node && (!focused || focused === document.body)) node.focus();
  }
`;
