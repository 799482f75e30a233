/*
 * parallax similarity report: builds the page from the JSON data island.
 *
 * The report data (see report.schema.json) sits in the JSON script element
 * #parallax-data (type application/json). Every piece of it is
 * put into the page with createElement / createElementNS / textContent /
 * setAttribute only, never parsed as HTML, so article text such as
 * "<script>" or "<img onerror=...>" is shown as text and runs nothing.
 *
 * Plain ES2017, no dependencies, no build step.
 */
(function () {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';
  // Strongest first, as the engine ranks them.
  var RELATIONS = ['duplicate', 'translation', 'reuse', 'same-event', 'related', 'unrelated'];
  // The relations of pairs that share passages: side-by-side views, arrows.
  var REUSED = ['duplicate', 'translation', 'reuse'];
  var KINDS = ['verbatim', 'edited', 'paraphrase', 'translated'];
  var KIND_HELP = {
    verbatim: 'every word matches',
    edited: 'words replaced, inserted, dropped or moved',
    paraphrase: 'sentence rewritten in other words',
    translated: 'sentences of the other language that say the same'
  };

  /* ------------------------------------------------------------------ */
  /* Small DOM helpers                                                   */
  /* ------------------------------------------------------------------ */

  // el('td', {class: 'num', 'data-x': 'y'}, ['text', node, ...])
  // Attributes go through setAttribute; children that are strings become
  // text nodes. Never pass data-derived values as href/src/on* attributes.
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      node.setAttribute(name, value === true ? '' : String(value));
    });
  }

  function append(node, children) {
    if (children === null || children === undefined) return;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === 'string' || typeof child === 'number'
        ? document.createTextNode(String(child)) : child);
    });
  }

  function text(value) {
    return document.createTextNode(value === null || value === undefined ? '' : String(value));
  }

  /* ------------------------------------------------------------------ */
  /* Formatting                                                          */
  /* ------------------------------------------------------------------ */

  function fmtInt(n) {
    return Number(n || 0).toLocaleString('en-US');
  }

  function fmtNum(x, digits) {
    return typeof x === 'number' && isFinite(x) ? x.toFixed(digits) : '–';
  }

  function fmtPct(x) {
    return typeof x === 'number' && isFinite(x) ? Math.round(x * 100) + '%' : '–';
  }

  function plural(n, one, many) {
    return fmtInt(n) + ' ' + (n === 1 ? one : many);
  }

  function dateRange(first, last) {
    if (!first && !last) return 'undated';
    if (!last || first === last) return first || last;
    return first + ' → ' + last;
  }

  // Text of a matrix cell: "3 pairs · 2,400 chars".
  function cellText(pairs, characters) {
    return plural(pairs, 'pair', 'pairs') + ' · ' + fmtInt(characters) + ' chars';
  }

  function relationBadge(relation) {
    return el('span', {class: 'badge rel-' + relation}, relation);
  }

  function outletOf(ref) {
    return ref && ref.outlet ? ref.outlet : '(unknown outlet)';
  }

  /* ------------------------------------------------------------------ */
  /* Data                                                                */
  /* ------------------------------------------------------------------ */

  function readData() {
    var island = document.getElementById('parallax-data');
    if (!island) throw new Error('the data island #parallax-data is missing');
    return JSON.parse(island.textContent);
  }

  var report = null;
  var articleById = new Map();
  var codePointCache = new Map();

  // The text of an article as an array of code points: the passages'
  // offsets count code points, JavaScript strings count UTF-16 units.
  function codePoints(id) {
    if (!codePointCache.has(id)) codePointCache.set(id, Array.from(report.texts[id] || ''));
    return codePointCache.get(id);
  }

  function hasTexts(pair) {
    var texts = report.texts || {};
    return Object.prototype.hasOwnProperty.call(texts, pair.a.id) &&
      Object.prototype.hasOwnProperty.call(texts, pair.b.id);
  }

  // Pairs that get a side-by-side view.
  function viewable(pair) {
    if (!hasTexts(pair)) return false;
    return report.kind === 'pair' || REUSED.indexOf(pair.relation) >= 0;
  }

  /* ------------------------------------------------------------------ */
  /* Page skeleton                                                       */
  /* ------------------------------------------------------------------ */

  function section(id, title, navLabel) {
    var s = el('section', {id: id, class: 'section'}, [el('h2', null, title)]);
    document.getElementById('nav').appendChild(el('a', {href: '#' + id}, navLabel || title));
    document.getElementById('app').appendChild(s);
    return s;
  }

  function emptyNote(message) {
    return el('p', {class: 'empty'}, message);
  }

  /* ------------------------------------------------------------------ */
  /* 1. Overview                                                         */
  /* ------------------------------------------------------------------ */

  function stat(label, value, extra) {
    var long = typeof value === 'string' && value.length > 12;
    return el('div', {class: 'stat'}, [
      el('div', {class: 'stat-value' + (long ? ' small-value' : '')}, value),
      el('div', {class: 'stat-label'}, label),
      extra ? el('div', {class: 'stat-extra'}, extra) : null
    ]);
  }

  function renderOverview(container) {
    var o = report.overview || {};
    var langs = Object.keys(o.languages || {}).sort(function (x, y) {
      return o.languages[y] - o.languages[x] || x.localeCompare(y);
    }).map(function (lang) {
      return (lang || 'unknown') + ' ' + fmtInt(o.languages[lang]);
    }).join(' · ');

    container.appendChild(el('div', {class: 'stats', id: 'overview-stats'}, [
      stat('articles', fmtInt(o.articles)),
      stat('outlets', fmtInt(o.outlets)),
      stat('languages', fmtInt(Object.keys(o.languages || {}).length), langs || null),
      stat('date range', dateRange(o.first_date, o.last_date)),
      stat('stories', fmtInt(o.stories)),
      stat('related pairs', fmtInt(o.pairs))
    ]));

    var rel = o.relations || {};
    var relList = el('ul', {class: 'relations', id: 'overview-relations'});
    RELATIONS.slice(0, -1).forEach(function (r) {
      relList.appendChild(el('li', {'data-relation': r}, [
        relationBadge(r), ' ', el('strong', null, fmtInt(rel[r]))
      ]));
    });
    container.appendChild(relList);

    if (typeof o.pairs_shown === 'number' && typeof o.pairs === 'number' && o.pairs_shown < o.pairs) {
      container.appendChild(el('p', {class: 'note', id: 'pairs-left-out'},
        fmtInt(o.pairs_shown) + ' pairs shown of ' + fmtInt(o.pairs) +
        ' (the rest left out: raise --max-pairs)'));
    }
    if (o.reuse_unordered) {
      container.appendChild(el('p', {class: 'note muted'},
        plural(o.reuse_unordered, 'reuse, translation or duplicate pair has',
          'reuse, translation or duplicate pairs have') +
        ' no known publication order (same or missing dates) and so no cell in the reuse matrix.'));
    }

    var opt = report.options;
    if (opt) {
      container.appendChild(el('p', {class: 'options muted'}, [
        'Thresholds: same-event ≥ ' + opt.same_event + ', related ≥ ' + opt.related +
        ', reuse ≥ ' + opt.reuse + ', duplicate ≥ ' + opt.duplicate +
        (typeof opt.translation === 'number' ? ', translation ≥ ' + opt.translation : '') +
        '; stories of ' + opt.min_size + '+ articles within ' + opt.window_days + ' days' +
        (typeof opt.link === 'number' ? ', merged from average similarity ' + opt.link : '') +
        '; at most ' + fmtInt(opt.max_pairs) + ' pairs listed.'
      ]));
    }
  }

  /* ------------------------------------------------------------------ */
  /* 2. Stories                                                          */
  /* ------------------------------------------------------------------ */

  var DAY_MS = 86400000;

  function dayNumber(date) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date || '');
    if (!m) return null;
    return Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY_MS;
  }

  function shortLabel(s, max) {
    var chars = Array.from(s);
    return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : s;
  }

  // Inline SVG: date (x) × outlet (y), a dot per article, an arrow per
  // reuse item from its source to the other article (a plain dashed line
  // when the order is unknown). Undated articles get their own column.
  function renderTimeline(story, storyIndex) {
    var outlets = (story.outlets || []).map(function (o) { return outletOf(o); });
    story.articles.forEach(function (a) {
      if (outlets.indexOf(outletOf(a)) < 0) outlets.push(outletOf(a));
    });
    var rowOf = function (a) { return outlets.indexOf(outletOf(a)); };

    // x positions: full dates (YYYY-MM-DD) proportional to days; partial
    // dates ("2024-03") each get a column after them, then "undated".
    var dates = [], partial = [];
    story.articles.forEach(function (a) {
      if (!a.date) return;
      var list = dayNumber(a.date) === null ? partial : dates;
      if (list.indexOf(a.date) < 0) list.push(a.date);
    });
    dates.sort(function (x, y) { return dayNumber(x) - dayNumber(y) || x.localeCompare(y); });
    partial.sort();
    var undated = story.articles.some(function (a) { return !a.date; });

    var labelWidth = Math.min(190, 16 + 6.6 * outlets.reduce(function (m, o) {
      return Math.max(m, Math.min(28, Array.from(o).length));
    }, 4));
    var left = labelWidth + 18;
    var xOfDate = new Map();
    var first = dates.length ? dayNumber(dates[0]) : 0;
    var span = dates.length ? dayNumber(dates[dates.length - 1]) - first : 0;
    var step = span > 0 ? Math.max(34, Math.min(110, 560 / span)) : 0;
    dates.forEach(function (d) { xOfDate.set(d, left + (dayNumber(d) - first) * step); });
    var lastX = dates.length ? left + span * step : left - 70;
    partial.forEach(function (d) { lastX += 70; xOfDate.set(d, lastX); });
    var undatedX = lastX + 70;
    var width = (undated ? undatedX : lastX) + 40;
    var rowH = 28, top = 14;
    var height = top + outlets.length * rowH + 34;

    var root = svg('svg', {
      class: 'timeline', width: width, height: height, viewBox: '0 0 ' + width + ' ' + height,
      role: 'img', 'aria-label': 'Timeline of the story: date by outlet, arrows from source to reuse'
    });
    var markerId = 'arrow-' + storyIndex;
    root.appendChild(svg('defs', null,
      REUSED.map(function (r) {
        return svg('marker', {
          id: markerId + '-' + r, viewBox: '0 0 10 10', refX: 9, refY: 5,
          markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'
        }, svg('path', {d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead rel-' + r}));
      })));

    // Rows and outlet labels.
    outlets.forEach(function (o, i) {
      var y = top + i * rowH + rowH / 2;
      root.appendChild(svg('line', {class: 'grid', x1: left - 10, x2: width - 10, y1: y, y2: y}));
      root.appendChild(svg('text', {class: 'outlet-label', x: labelWidth, y: y + 4, 'text-anchor': 'end'},
        [svg('title', null, o), shortLabel(o, 28)]));
    });
    // Date ticks (skipping labels that would collide).
    var axisY = top + outlets.length * rowH + 18;
    var lastLabelX = -Infinity;
    dates.concat(partial).forEach(function (d) {
      var x = xOfDate.get(d);
      var isPartial = partial.indexOf(d) >= 0;
      root.appendChild(svg('line', {class: 'tick' + (isPartial ? ' partial' : ''), x1: x, x2: x, y1: top, y2: axisY - 12}));
      if (x - lastLabelX >= 46) {
        root.appendChild(svg('text', {class: 'date-label', x: x, y: axisY, 'text-anchor': 'middle'},
          [svg('title', null, isPartial ? d + ' (no day given)' : d), isPartial ? d : d.slice(5, 10)]));
        lastLabelX = x;
      }
    });
    if (undated) {
      root.appendChild(svg('line', {class: 'tick undated', x1: undatedX, x2: undatedX, y1: top, y2: axisY - 12}));
      root.appendChild(svg('text', {class: 'date-label', x: undatedX, y: axisY, 'text-anchor': 'middle'}, 'undated'));
    }

    // Dot positions; several articles in one cell are spread sideways.
    var pos = new Map();
    var perCell = new Map();
    story.articles.forEach(function (a) {
      var key = (a.date || '') + '\u0000' + rowOf(a);
      perCell.set(key, (perCell.get(key) || 0) + 1);
    });
    var seen = new Map();
    story.articles.forEach(function (a) {
      var key = (a.date || '') + '\u0000' + rowOf(a);
      var n = perCell.get(key), k = seen.get(key) || 0;
      seen.set(key, k + 1);
      var x = (a.date ? xOfDate.get(a.date) : undatedX) + (k - (n - 1) / 2) * 12;
      pos.set(a.id, {x: x, y: top + rowOf(a) * rowH + rowH / 2});
    });

    // Arrows (under the dots).
    var r = 5.5;
    (story.reuse || []).forEach(function (item) {
      var from = item.source === item.b ? item.b : item.a;
      var to = from === item.a ? item.b : item.a;
      var p = pos.get(from), q = pos.get(to);
      if (!p || !q) return;
      var dx = q.x - p.x, dy = q.y - p.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
      var ux = dx / len, uy = dy / len;
      var attrs = {
        class: 'link rel-' + item.relation + (item.source ? '' : ' unordered'),
        x1: p.x + ux * r, y1: p.y + uy * r, x2: q.x - ux * (r + 1.5), y2: q.y - uy * (r + 1.5),
        'data-a': item.a, 'data-b': item.b, 'data-source': item.source || ''
      };
      if (item.source) attrs['marker-end'] = 'url(#' + markerId + '-' + item.relation + ')';
      var took = item.relation === 'translation' ? ' translated from ' : ' took from ';
      var title = item.source
        ? item.relation + ': ' + to + took + from + ' (' + fmtPct(to === item.a ? item.reuse_a : item.reuse_b) + ' of it)'
        : item.relation + ' between ' + item.a + ' and ' + item.b + ' (order unknown)';
      root.appendChild(svg('line', attrs, svg('title', null, title)));
    });

    var sources = new Set((story.reuse || []).map(function (i) { return i.source; }));
    story.articles.forEach(function (a) {
      var p = pos.get(a.id);
      root.appendChild(svg('circle', {
        class: 'dot' + (sources.has(a.id) ? ' source' : ''), cx: p.x, cy: p.y, r: r, 'data-article': a.id
      }, svg('title', null, a.id + (a.title ? ' — ' + a.title : '') + (a.date ? ' (' + a.date + ')' : ''))));
    });

    return el('div', {class: 'timeline-wrap'}, root);
  }

  function renderStory(story, index) {
    var card = el('article', {class: 'story', id: 'story-' + index, 'data-story': story.id});
    var labels = el('ul', {class: 'labels'});
    (story.label || []).forEach(function (word) { labels.appendChild(el('li', {class: 'label'}, word)); });

    card.appendChild(el('header', {class: 'story-head'}, [
      el('div', {class: 'story-rank'}, '#' + (index + 1)),
      el('div', {class: 'story-titles'}, [
        el('h3', {class: 'story-title'}, story.title || story.id),
        labels,
        el('p', {class: 'story-meta muted'}, [
          dateRange(story.first_date, story.last_date), ' · ',
          plural(story.articles.length, 'article', 'articles'), ' · ',
          plural((story.outlets || []).length, 'outlet', 'outlets'), ' · ',
          plural((story.reuse || []).length, 'reuse link', 'reuse links')
        ])
      ])
    ]));

    var outlets = el('ul', {class: 'outlet-counts'});
    (story.outlets || []).forEach(function (o) {
      outlets.appendChild(el('li', null, [o.outlet || '(unknown outlet)', ' ', el('span', {class: 'count'}, '×' + o.articles)]));
    });
    card.appendChild(outlets);
    card.appendChild(renderTimeline(story, index));

    var rows = el('tbody');
    story.articles.forEach(function (a) {
      var full = articleById.get(a.id) || {};
      rows.appendChild(el('tr', {'data-article': a.id}, [
        el('td', {class: 'nowrap'}, a.date || 'undated'),
        el('td', null, a.outlet || full.outlet || '–'),
        el('td', null, [
          el('div', null, a.title || full.title || ''),
          el('div', {class: 'id muted'}, [a.id, full.lang ? ' · ' + full.lang : '']),
          full.url ? el('div', {class: 'url muted'}, full.url) : null
        ])
      ]));
    });
    card.appendChild(el('table', {class: 'articles'}, [
      el('thead', null, el('tr', null, [el('th', null, 'date'), el('th', null, 'outlet'), el('th', null, 'article')])),
      rows
    ]));
    return card;
  }

  function renderStories(container) {
    var stories = report.stories || [];
    if (!stories.length) {
      container.appendChild(emptyNote('No stories: no group of articles covering the same event was found.'));
      return;
    }
    container.appendChild(el('div', {class: 'legend timeline-legend muted'}, [
      el('span', {class: 'key dot-key'}), ' article ',
      el('span', {class: 'key dot-key source'}), ' source of a reuse ',
      el('span', {class: 'key line-key rel-reuse'}), ' reuse (arrow: from source) ',
      el('span', {class: 'key line-key rel-duplicate'}), ' duplicate ',
      el('span', {class: 'key line-key rel-translation'}), ' translation ',
      el('span', {class: 'key line-key unordered'}), ' order unknown'
    ]));
    var list = el('div', {class: 'stories', id: 'stories-list'});
    stories.forEach(function (s, i) { list.appendChild(renderStory(s, i)); });
    container.appendChild(list);
  }

  /* ------------------------------------------------------------------ */
  /* 3. Outlet reuse matrix                                              */
  /* ------------------------------------------------------------------ */

  function renderMatrix(container) {
    var cells = report.outlet_reuse || [];
    container.appendChild(el('p', {class: 'muted'},
      'Rows: the outlet that took (later article); columns: the outlet it took from (earlier article). ' +
      'Characters are the taking article’s characters inside shared passages (translated ones too).'));
    if (!cells.length) {
      container.appendChild(emptyNote('No reuse between outlets with a known publication order.'));
      return;
    }
    var sources = [], targets = [], byKey = new Map(), maxChars = 1;
    cells.forEach(function (c) {
      if (sources.indexOf(c.source) < 0) sources.push(c.source);
      if (targets.indexOf(c.target) < 0) targets.push(c.target);
      byKey.set(c.source + '\u0000' + c.target, c);
      maxChars = Math.max(maxChars, c.characters);
    });
    sources.sort(); targets.sort();

    var head = el('tr', null, [el('th', {class: 'corner'}, 'took ↓ / from →')]);
    sources.forEach(function (s) { head.appendChild(el('th', {scope: 'col', class: 'col-head'}, el('span', null, s))); });
    var body = el('tbody');
    targets.forEach(function (t) {
      var row = el('tr', null, [el('th', {scope: 'row'}, t)]);
      sources.forEach(function (s) {
        var c = byKey.get(s + '\u0000' + t);
        if (!c) {
          row.appendChild(el('td', {class: 'cell empty-cell', 'data-source': s, 'data-target': t}, ''));
          return;
        }
        var td = el('td', {
          class: 'cell', 'data-source': s, 'data-target': t, 'data-pairs': c.pairs,
          'data-characters': c.characters, title: t + ' took from ' + s + ': ' + cellText(c.pairs, c.characters)
        }, cellText(c.pairs, c.characters));
        // Shade by characters (0.12 .. 0.85 alpha).
        td.style.setProperty('--heat', (0.12 + 0.73 * c.characters / maxChars).toFixed(3));
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    container.appendChild(el('div', {class: 'scroll-x'},
      el('table', {class: 'matrix', id: 'reuse-matrix'}, [el('thead', null, head), body])));
  }

  /* ------------------------------------------------------------------ */
  /* 4. Pairs table                                                      */
  /* ------------------------------------------------------------------ */

  var PAIR_COLUMNS = [
    {key: 'a', label: 'article A', type: 'text'},
    {key: 'b', label: 'article B', type: 'text'},
    {key: 'relation', label: 'relation', type: 'rank'},
    {key: 'similarity', label: 'similarity', type: 'number'},
    {key: 'reuse_a', label: 'reuse A', type: 'number'},
    {key: 'reuse_b', label: 'reuse B', type: 'number'},
    {key: 'source', label: 'source', type: 'text'}
  ];

  function articleCell(ref) {
    var full = articleById.get(ref.id) || {};
    return el('td', {class: 'art', title: ref.title || full.title || ''}, [
      el('div', {class: 'id'}, ref.id),
      el('div', {class: 'muted small'}, outletOf(ref) + ' · ' + (ref.date || 'undated'))
    ]);
  }

  function renderPairs(container, viewIdOf) {
    var pairs = report.pairs || [];
    if (!pairs.length) {
      container.appendChild(emptyNote('No related pairs found.'));
      return;
    }
    var filterBox = el('input', {type: 'search', id: 'pair-filter', placeholder: 'Filter by id, outlet, title…', 'aria-label': 'Filter pairs'});
    var relSelect = el('select', {id: 'relation-filter', 'aria-label': 'Relation'}, [el('option', {value: ''}, 'all relations')]);
    RELATIONS.forEach(function (r) {
      if (pairs.some(function (p) { return p.relation === r; })) relSelect.appendChild(el('option', {value: r}, r));
    });
    var counter = el('span', {class: 'muted', id: 'pair-count'});
    container.appendChild(el('div', {class: 'controls'}, [filterBox, relSelect, counter]));

    var headRow = el('tr');
    var ths = PAIR_COLUMNS.map(function (col) {
      var th = el('th', {scope: 'col', class: 'sortable' + (col.type === 'number' ? ' num' : ''), 'data-key': col.key, tabindex: 0, 'aria-sort': 'none'},
        [col.label, el('span', {class: 'sort-mark', 'aria-hidden': 'true'})]);
      headRow.appendChild(th);
      return th;
    });
    headRow.appendChild(el('th', null, ''));
    var tbody = el('tbody');
    var rows = pairs.map(function (p, i) {
      var viewId = viewIdOf(i);
      var tr = el('tr', {
        class: 'pair-row', 'data-index': i, 'data-a': p.a.id, 'data-b': p.b.id, 'data-relation': p.relation,
        'data-similarity': p.similarity
      }, [
        articleCell(p.a),
        articleCell(p.b),
        el('td', null, relationBadge(p.relation)),
        el('td', {class: 'num sim'}, fmtNum(p.similarity, 3)),
        el('td', {class: 'num'}, fmtPct(p.reuse_a)),
        el('td', {class: 'num'}, fmtPct(p.reuse_b)),
        el('td', {class: 'id'}, p.source === null || p.source === undefined ? '–' : p.source),
        el('td', null, viewId ? el('a', {href: '#' + viewId, class: 'view-link', 'data-view': viewId}, 'side by side') : '')
      ]);
      var a = articleById.get(p.a.id) || {}, b = articleById.get(p.b.id) || {};
      tr._search = [p.a.id, p.b.id, p.a.outlet, p.b.outlet, p.a.title, p.b.title, a.title, b.title, p.relation]
        .filter(Boolean).join('\n').toLowerCase();
      tr._pair = p;
      return tr;
    });
    rows.forEach(function (tr) { tbody.appendChild(tr); });
    var table = el('table', {class: 'pairs', id: 'pairs-table'}, [el('thead', null, headRow), tbody]);
    container.appendChild(el('div', {class: 'scroll-x'}, table));

    function applyFilter() {
      var q = filterBox.value.trim().toLowerCase();
      var rel = relSelect.value;
      var shown = 0;
      rows.forEach(function (tr) {
        var ok = (!rel || tr._pair.relation === rel) && (!q || tr._search.indexOf(q) >= 0);
        tr.hidden = !ok;
        if (ok) shown++;
      });
      counter.textContent = shown === rows.length ? plural(rows.length, 'pair', 'pairs') : shown + ' of ' + plural(rows.length, 'pair', 'pairs');
    }
    filterBox.addEventListener('input', applyFilter);
    relSelect.addEventListener('change', applyFilter);
    applyFilter();

    var sortKey = null, sortDir = 1;
    function sortBy(key) {
      var col = PAIR_COLUMNS.find(function (c) { return c.key === key; });
      // First click: numbers high to low, text A to Z; next clicks flip.
      if (sortKey === key) sortDir = -sortDir;
      else { sortKey = key; sortDir = col.type === 'number' ? -1 : 1; }
      var value = function (tr) {
        var p = tr._pair, v = p[key];
        if (col.type === 'number') return typeof v === 'number' ? v : -Infinity;
        if (col.type === 'rank') return RELATIONS.indexOf(v);
        if (v && typeof v === 'object') return v.id;
        return v || '';
      };
      var sorted = rows.slice().sort(function (x, y) {
        var vx = value(x), vy = value(y);
        var c = typeof vx === 'number' ? vx - vy : String(vx).localeCompare(String(vy));
        return c * sortDir || (+x.dataset.index - +y.dataset.index);
      });
      sorted.forEach(function (tr) { tbody.appendChild(tr); });
      ths.forEach(function (th) {
        var on = th.dataset.key === key;
        th.setAttribute('aria-sort', on ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
        th.querySelector('.sort-mark').textContent = on ? (sortDir > 0 ? ' ▲' : ' ▼') : '';
      });
    }
    ths.forEach(function (th) {
      th.addEventListener('click', function () { sortBy(th.dataset.key); });
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(th.dataset.key); }
      });
    });

    // "side by side" links open the (lazy) view before the browser jumps.
    container.addEventListener('click', function (e) {
      var link = e.target.closest && e.target.closest('a.view-link');
      if (!link) return;
      var view = document.getElementById(link.dataset.view);
      if (view) {
        e.preventDefault();
        view.open = true;
        view.scrollIntoView({block: 'start'});
      }
    });
  }

  /* ------------------------------------------------------------------ */
  /* 5. Side-by-side views                                               */
  /* ------------------------------------------------------------------ */

  // The text of one side with its passages as <mark class="KIND">.
  // Passages are taken in order of their start on this side; where one
  // overlaps an earlier one, only its part after the earlier one is marked
  // (a passage wholly covered gets no mark on this side).
  function markedText(id, passages, side) {
    var chars = codePoints(id);
    var n = chars.length;
    var spans = passages.map(function (p, i) {
      var s = Math.max(0, Math.min(n, p[side + '_start'] | 0));
      var e = Math.max(s, Math.min(n, p[side + '_end'] | 0));
      return {start: s, end: e, index: i, passage: p};
    }).sort(function (x, y) { return x.start - y.start || x.end - y.end || x.index - y.index; });

    var box = el('div', {class: 'text', 'data-side': side});
    var cursor = 0;
    spans.forEach(function (sp) {
      var s = Math.max(sp.start, cursor);
      if (s >= sp.end) return;
      if (s > cursor) box.appendChild(text(chars.slice(cursor, s).join('')));
      var p = sp.passage;
      var kind = KINDS.indexOf(p.kind) >= 0 ? p.kind : 'edited';
      box.appendChild(el('mark', {
        class: kind + (s > sp.start ? ' clipped' : ''), 'data-passage': sp.index, tabindex: 0,
        title: 'passage ' + (sp.index + 1) + ' · ' + kind + ' · score ' + fmtNum(p.score, 2) +
          (s > sp.start ? ' (overlaps an earlier passage on this side)' : '')
      }, chars.slice(s, sp.end).join('')));
      cursor = sp.end;
    });
    if (cursor < n) box.appendChild(text(chars.slice(cursor).join('')));
    return box;
  }

  function sideHeader(ref, share, label) {
    var full = articleById.get(ref.id) || {};
    return el('div', {class: 'side-head'}, [
      el('div', {class: 'side-tag'}, label),
      el('div', {class: 'side-title'}, ref.title || full.title || ref.id),
      el('div', {class: 'muted small'}, [
        el('span', {class: 'id'}, ref.id), ' · ', outletOf(ref), ' · ', ref.date || 'undated',
        ' · ', fmtPct(share), ' in shared passages'
      ]),
      full.url ? el('div', {class: 'url muted small'}, full.url) : null
    ]);
  }

  function kindLegend() {
    return el('div', {class: 'legend kinds'}, KINDS.map(function (k) {
      return el('span', {class: 'legend-item'}, [el('mark', {class: k}, k), ' ', el('span', {class: 'muted'}, KIND_HELP[k])]);
    }).concat([el('span', {class: 'muted small'}, 'Click a passage to find it in the other text.')]));
  }

  function renderSideBySide(pair) {
    var passages = pair.passages || [];
    var counts = {};
    passages.forEach(function (p) { counts[p.kind] = (counts[p.kind] || 0) + 1; });
    var summary = KINDS.filter(function (k) { return counts[k]; }).map(function (k) { return plural(counts[k], k + ' passage', k + ' passages'); });
    var body = el('div', {class: 'pair-body'}, [
      el('p', {class: 'muted small'}, summary.length ? summary.join(' · ') : 'No shared passage.'),
      el('div', {class: 'sides'}, [
        el('div', {class: 'side side-a'}, [sideHeader(pair.a, pair.reuse_a, 'A'), markedText(pair.a.id, passages, 'a')]),
        el('div', {class: 'side side-b'}, [sideHeader(pair.b, pair.reuse_b, 'B'), markedText(pair.b.id, passages, 'b')])
      ])
    ]);
    body.addEventListener('click', onMarkActivate);
    body.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') onMarkActivate(e);
    });
    return body;
  }

  // Clicking a mark on one side brings its partner on the other side into
  // view and gives both the class "focus".
  function onMarkActivate(e) {
    var mark = e.target.closest && e.target.closest('mark[data-passage]');
    if (!mark) return;
    if (e.type === 'keydown') e.preventDefault();
    var body = mark.closest('.pair-body');
    var side = mark.closest('.text').dataset.side;
    var other = body.querySelector('.text[data-side="' + (side === 'a' ? 'b' : 'a') + '"]');
    body.querySelectorAll('mark.focus').forEach(function (m) { m.classList.remove('focus'); });
    mark.classList.add('focus');
    var partner = other.querySelector('mark[data-passage="' + mark.dataset.passage + '"]');
    if (!partner) return;  // wholly inside an overlapping passage on that side
    partner.classList.add('focus');
    // Line the partner's first line up with the clicked mark's first line
    // (the two panes scroll on their own), then make sure it is on screen.
    other.scrollTop += firstLine(partner).top - firstLine(mark).top;
    var line = firstLine(partner);
    var pane = other.getBoundingClientRect();
    if (line.top < pane.top || line.bottom > pane.bottom) {
      other.scrollTop += line.top - pane.top - 8;
      line = firstLine(partner);
    }
    var header = document.querySelector('.topbar');
    var minTop = header ? header.getBoundingClientRect().bottom + 8 : 8;
    if (line.top < minTop || line.bottom > window.innerHeight - 8) {
      window.scrollBy(0, line.top - Math.max(minTop, window.innerHeight / 3));
    }
  }

  function firstLine(node) {
    var rects = node.getClientRects();
    return rects.length ? rects[0] : node.getBoundingClientRect();
  }

  function pairView(pair, index, viewId, open) {
    var details = el('details', {
      class: 'pair-view', id: viewId, 'data-a': pair.a.id, 'data-b': pair.b.id, 'data-index': index
    });
    details.appendChild(el('summary', null, [
      relationBadge(pair.relation), ' ',
      el('span', {class: 'id'}, pair.a.id), el('span', {class: 'muted'}, ' (' + outletOf(pair.a) + ')'),
      ' ⟷ ',
      el('span', {class: 'id'}, pair.b.id), el('span', {class: 'muted'}, ' (' + outletOf(pair.b) + ')'),
      el('span', {class: 'muted small'}, ' · similarity ' + fmtNum(pair.similarity, 3) +
        ' · ' + plural((pair.passages || []).length, 'passage', 'passages'))
    ]));
    var rendered = false;
    var render = function () {
      if (rendered || !details.open) return;
      rendered = true;
      details.appendChild(renderSideBySide(pair));
      details.classList.add('rendered');
    };
    details.addEventListener('toggle', render);
    if (open) {
      details.open = true;
      render();
    }
    return details;
  }

  /* ------------------------------------------------------------------ */
  /* The "pair" page (compare --out)                                     */
  /* ------------------------------------------------------------------ */

  function renderPairFigures(container, pair) {
    var source = pair.source === null || pair.source === undefined ? 'unknown' : pair.source;
    container.appendChild(el('div', {class: 'stats', id: 'pair-figures'}, [
      stat('relation', relationBadge(pair.relation)),
      stat('similarity', fmtNum(pair.similarity, 3)),
      stat('A in shared passages', fmtPct(pair.reuse_a)),
      stat('B in shared passages', fmtPct(pair.reuse_b)),
      stat('published first', source),
      stat('shared passages', fmtInt((pair.passages || []).length))
    ]));
    var refs = el('table', {class: 'articles'}, [
      el('thead', null, el('tr', null, ['', 'id', 'outlet', 'date', 'language', 'title'].map(function (h) { return el('th', null, h); }))),
      el('tbody', null, [['A', pair.a], ['B', pair.b]].map(function (x) {
        var r = x[1];
        return el('tr', null, [el('th', null, x[0]), el('td', {class: 'id'}, r.id), el('td', null, r.outlet || '–'),
          el('td', null, r.date || '–'), el('td', null, r.lang || '–'), el('td', null, r.title || '')]);
      }))
    ]);
    container.appendChild(refs);
  }

  /* ------------------------------------------------------------------ */
  /* Main                                                                */
  /* ------------------------------------------------------------------ */

  function renderCollection() {
    renderOverview(section('overview', 'Overview'));
    renderStories(section('stories', 'Stories'));
    renderMatrix(section('matrix', 'Who took from whom', 'Reuse matrix'));

    var pairs = report.pairs || [];
    var viewIds = pairs.map(function (p, i) { return viewable(p) ? 'pv-' + i : null; });
    renderPairs(section('pairs', 'Related pairs', 'Pairs'), function (i) { return viewIds[i]; });

    var views = section('side-by-side', 'Shared passages, side by side', 'Side by side');
    var any = viewIds.some(Boolean);
    if (!any) {
      views.appendChild(emptyNote(pairs.length ? 'No reuse, translation or duplicate pair with both texts in the report.' : 'No related pairs, so nothing to compare.'));
      return;
    }
    views.appendChild(kindLegend());
    var list = el('div', {class: 'pair-views'});
    pairs.forEach(function (p, i) { if (viewIds[i]) list.appendChild(pairView(p, i, viewIds[i], false)); });
    views.appendChild(list);
  }

  function renderPair() {
    var pair = (report.pairs || [])[0];
    var figures = section('pair', 'Compared pair', 'Figures');
    if (!pair) {
      figures.appendChild(emptyNote('No related pairs: the report holds no pair.'));
      return;
    }
    renderPairFigures(figures, pair);
    var views = section('side-by-side', 'Shared passages, side by side', 'Side by side');
    if (!hasTexts(pair)) {
      views.appendChild(emptyNote('The texts are not in the report.'));
      return;
    }
    views.appendChild(kindLegend());
    views.appendChild(pairView(pair, 0, 'pv-0', true));
  }

  function renderFooter() {
    var f = document.getElementById('footer');
    f.appendChild(text('Made by ' + (report.generator || 'parallax') + ' · report schema ' + report.schema_version +
      ' · self-contained page: it loads nothing from the network.'));
  }

  function main() {
    var app = document.getElementById('app');
    try {
      report = readData();
      (report.articles || []).forEach(function (a) { articleById.set(a.id, a); });
      document.body.classList.add('kind-' + (report.kind === 'pair' ? 'pair' : 'collection'));
      if (report.kind === 'pair') renderPair();
      else renderCollection();
      renderFooter();
      document.body.setAttribute('data-ready', 'true');
    } catch (err) {
      app.appendChild(el('p', {class: 'error', id: 'render-error'}, 'This report could not be displayed: ' + (err && err.message ? err.message : String(err))));
      document.body.setAttribute('data-ready', 'error');
      throw err;
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
  else main();
})();
