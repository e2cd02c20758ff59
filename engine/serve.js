/* The workbench page: edits a rule file, sends it to the server on every
 * change, and shows what comes back (diagnostics, verdict, categories,
 * the school grid, changes against the saved rules, tests). It talks only
 * to the server that served it, with the token of the page's address. */
'use strict';
(function () {
  const token = new URLSearchParams(location.search).get('token') || '';
  const $ = (id) => document.getElementById(id);
  const textarea = $('text'), highlight = $('highlight'), gutter = $('gutter');
  /* How each result status is marked; the words and colours come from the server. */
  const MARKS = {pass: '✓', pass_by_exception: '◎', fail: '✗', missing_data: '?', not_applicable: '–'};
  const VERDICT_STATUS = {pass: 'pass', fail: 'fail', incomplete: 'missing_data'};

  let session = null;      // what /api/session gave
  let statuses = {};       // status code → {word, colour}
  let keywords = new Set(); // both spellings of every keyword of the rule language
  let files = [];          // {name, saved, text}
  let current = null;      // the file in the editor
  let diagnostics = [];    // of the last check
  let shown = null;        // the last valid state (results on screen)
  let inFlight = false, pending = false;
  let canUndo = false;
  let explained = null;    // {query, title, saved}: what the explanation panel shows
  let applied = 0;         // states applied so far (tests wait on it)
  let lastValid = false;   // whether the last check of the edited text found no error

  function esc(s) {
    return String(s).replace(/[&<>"]/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));
  }

  function api(method, path, body) {
    const headers = {'X-Junheng-Token': token};
    if (body !== undefined) headers['Content-Type'] = 'text/plain; charset=utf-8';
    return fetch(path, {method, headers, body}).then(async (r) => {
      const json = (r.headers.get('Content-Type') || '').startsWith('application/json');
      return {ok: r.ok, status: r.status, data: json ? await r.json() : await r.text()};
    });
  }

  function setStatus(html) {
    $('status').innerHTML = html;
  }

  /* ---- the editor ---- */

  /* Token classes of the rule language, tried in order at each position.
   * Identifier characters are those of lexer/lexer.re; a whole identifier
   * that is a keyword (from the server's keyword table) is one. */
  const ID = 'A-Za-z_\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\u2160-\\u217F';
  const RULES = [
    ['c', /(?:#|\/\/)[^\n]*/y],
    ['s', /"(?:[^"\\\n]|\\[^\n])*"?|“[^”\n]*”?/y],
    ['n', /\d{4}-\d{2}-\d{2}|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?%?/y],
    ['i', new RegExp('[' + ID + '][' + ID + '0-9]*', 'y')],
    ['o', />=|<=|==|!=|[≥≤≠]/y],
  ];

  function highlightLine(line) {
    let out = '', plain = '';
    for (let i = 0; i < line.length;) {
      let hit = null;
      for (const [cls, re] of RULES) {
        re.lastIndex = i;
        const m = re.exec(line);
        if (m && m[0].length) {
          hit = [cls, m[0]];
          break;
        }
      }
      if (!hit) {
        plain += line[i++];
        continue;
      }
      out += esc(plain);
      plain = '';
      const cls = hit[0] === 'i' ? (keywords.has(hit[1]) ? 'k' : '') : hit[0];
      out += cls ? '<span class="' + cls + '">' + esc(hit[1]) + '</span>' : esc(hit[1]);
      i += hit[1].length;
    }
    return out + esc(plain);
  }

  /* Lines of the current file with a diagnostic: 'e' (error) or 'w'. */
  function lineMarks() {
    const marks = {}, titles = {};
    for (const d of diagnostics) {
      if (!current || d.file !== current.name || !d.line) continue;
      if (marks[d.line] !== 'e') marks[d.line] = d.severity === 'error' ? 'e' : 'w';
      titles[d.line] = (titles[d.line] ? titles[d.line] + '\n' : '') + d.message;
    }
    return {marks, titles};
  }

  function renderEditor() {
    const lines = textarea.value.split('\n');
    const {marks, titles} = lineMarks();
    highlight.innerHTML = lines.map((l, i) =>
      '<span class="l' + (marks[i + 1] ? ' ' + marks[i + 1] : '') + '">' + highlightLine(l) + '</span>').join('');
    gutter.innerHTML = lines.map((_, i) =>
      marks[i + 1] ? '<span class="' + marks[i + 1] + '" title="' + esc(titles[i + 1]) + '">' + (i + 1) + '</span>' : String(i + 1)).join('\n');
    syncScroll();
  }

  function syncScroll() {
    highlight.scrollTop = gutter.scrollTop = textarea.scrollTop;
    highlight.scrollLeft = textarea.scrollLeft;
  }

  function dirtyFile() {
    return files.find((f) => f.text !== f.saved) || null;
  }

  function renderTabs() {
    $('files').innerHTML = files.map((f) =>
      '<button type="button" data-file="' + esc(f.name) + '" class="' + (f === current ? 'on' : '') +
      (f.text !== f.saved ? ' dirty' : '') + '">' + esc(f.name) + '</button>').join('');
  }

  function updateButtons() {
    const dirty = dirtyFile();
    $('save').disabled = !dirty || !(shown && shown.file === dirty.name && shown.valid && lastValid);
    $('undo').disabled = !canUndo;
  }

  /* Shows a file; one file at a time may hold changes not saved. */
  function openFile(name) {
    const f = files.find((x) => x.name === name);
    if (!f || f === current) return f;
    const dirty = dirtyFile();
    if (dirty && dirty !== f) {
      if (!confirm(dirty.name + ' 有未保存的修改。放弃这些修改并打开 ' + f.name + '？')) return null;
      dirty.text = dirty.saved;
      check(dirty);
    }
    current = f;
    textarea.value = f.text;
    textarea.scrollTop = textarea.scrollLeft = 0;
    renderTabs();
    renderEditor();
    return f;
  }

  /* Puts the caret at a line and column (in characters) of the current file. */
  function goTo(line, col) {
    const lines = textarea.value.split('\n');
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    const chars = Array.from(lines[line - 1] || '').slice(0, Math.max(col - 1, 0));
    offset += chars.join('').length;
    textarea.focus();
    textarea.setSelectionRange(offset, offset);
    const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
    textarea.scrollTop = Math.max(0, (line - 5) * lineHeight);
    syncScroll();
  }

  /* ---- talking to the server ---- */

  /* Checks the file's text (and evaluates, compares, tests when valid): one
   * request at a time, the latest text next. */
  function check(file) {
    if (inFlight) {
      pending = true;
      return;
    }
    inFlight = true;
    pending = false;
    api('POST', '/api/check?file=' + encodeURIComponent(file.name), file.text).then((r) => {
      inFlight = false;
      if (r.ok) applyState(r.data);
      else setStatus('<span class="error">' + esc(r.data.error || r.data) + '</span>');
      if (pending) check(current);
    }, (e) => {
      inFlight = false;
      setStatus('<span class="error">无法连接 junheng serve（' + esc(e.message) + '）：它可能已经停止</span>');
    });
  }

  function timings(st) {
    const t = st.timings;
    const parts = ['检查 ' + t.check_ms.toFixed(1) + ' ms'];
    if (st.valid && t.schools) parts.push('评估 ' + t.evaluate_ms.toFixed(1) + ' ms（' + t.schools + ' 所学校）');
    if (t.compare_ms) parts.push('比较 ' + t.compare_ms.toFixed(1) + ' ms');
    if (t.tests_ms) parts.push('测试 ' + t.tests_ms.toFixed(1) + ' ms');
    return parts.join(' · ');
  }

  function applyState(st, message) {
    diagnostics = st.diagnostics;
    lastValid = st.valid;
    renderDiagnostics(st);
    renderEditor();
    $('stale').hidden = st.valid || !shown;
    for (const p of document.querySelectorAll('.pane')) p.classList.toggle('dim', !st.valid && !!shown);
    if (st.valid) {
      shown = st;
      renderResults(st);
    }
    setStatus((message ? message + ' · ' : '') + esc(timings(st)));
    updateButtons();
    document.body.dataset.valid = st.valid;
    document.body.dataset.applied = ++applied;
    document.body.dataset.appliedAt = performance.now().toFixed(1);
  }

  /* ---- diagnostics ---- */

  function renderDiagnostics(st) {
    const n = st.errors, w = st.warnings;
    $('check-summary').innerHTML = n ? '<span class="sev">' + n + ' 个错误</span>' + (w ? '，' + w + ' 个警告' : '')
      : '<span class="ok-text">没有错误</span>' + (w ? '，' + w + ' 个警告' : '');
    $('diagnostics').innerHTML = st.diagnostics.map((d, i) => {
      const where = d.path ? d.path + (d.line ? ':' + d.line + (d.column ? ':' + d.column : d.col ? ':' + d.col : '') : '') + ': ' : '';
      const excerpt = d.excerpt ? '<pre>' + esc(d.excerpt) + '\n' + ' '.repeat(d.caret) + '^</pre>' : '';
      return '<li class="' + d.severity + '" data-i="' + i + '">' + esc(where) + '<span class="sev">' +
        (d.severity === 'error' ? '错误' : '警告') + '</span>: ' + esc(d.message) + excerpt + '</li>';
    }).join('') + (st.dropped ? '<li>……另有 ' + st.dropped + ' 个错误未显示</li>' : '');
  }

  $('diagnostics').addEventListener('click', (e) => {
    const li = e.target.closest('li[data-i]');
    const d = li && diagnostics[+li.dataset.i];
    if (d && d.file && openFile(d.file)) goTo(d.line, d.col || 1);
  });

  /* ---- results ---- */

  function natural(a, b) {
    return a.localeCompare(b, 'zh', {numeric: true});
  }

  /* What a result cell shows on hover. */
  function cellTitle(r, changed) {
    let title = statuses[r.status].word;
    if (r.clause) title += ' ' + r.clause;
    if (typeof r.value === 'number') title += '，值 ' + +r.value.toPrecision(6);
    if (typeof r.threshold === 'number') title += '，标准 ' + +r.threshold.toPrecision(6);
    if (changed) title += '\n变化：' + changed;
    return title;
  }

  function statusCell(r, attrs, changed) {
    return '<td class="r st-' + r.status + (changed ? ' chg' : '') + '" ' + attrs + ' data-status="' + r.status + '" title="' +
      esc(cellTitle(r, changed)) + '">' + MARKS[r.status] + '</td>';
  }

  function changeKey(code, indicator, stage) {
    return code + '|' + indicator + '|' + (stage || '');
  }

  /* The changes of the diff, with their line of diff's text: by result key. */
  function changeLines(st) {
    const out = {list: [], byKey: {}, head: [], tail: []};
    if (!st.changes) return out;
    const lines = st.changes.text.replace(/\n$/, '').split('\n');
    const blank = lines.indexOf('');
    const n = st.changes.changed;
    out.head = lines.slice(0, blank);
    out.tail = lines.slice(blank + 1 + n);
    st.changes.diff.changes.forEach((c, i) => {
      const line = lines[blank + 1 + i];
      out.list.push({change: c, line});
      out.byKey[changeKey(c.code || c.cv || c.name, c.indicator, c.stage)] = line;
    });
    return out;
  }

  function renderResults(st) {
    const rules = st.rules, result = st.result;
    const changes = changeLines(st);
    $('rules-name').textContent = '规则集 ' + rules.name;
    const diff = st.changes && st.changes.diff;
    // the verdict and categories
    if (result) {
      const v = $('verdict');
      v.textContent = '评估结论：' + session.verdicts[result.verdict];
      v.style.background = statuses[VERDICT_STATUS[result.verdict]].colour;
      v.classList.toggle('changed', !!diff && diff.verdict.before !== diff.verdict.after);
      v.title = diff && diff.verdict.before !== diff.verdict.after ? '原为 ' + session.verdicts[diff.verdict.before] : '';
      const changedCats = new Set(diff ? diff.categories.map((c) => c.category) : []);
      $('categories').innerHTML = rules.categories.map((c) => {
        const code = result.categories[c.name];
        return '<span class="chip' + (changedCats.has(c.name) ? ' changed' : '') + '" style="background:' +
          statuses[VERDICT_STATUS[code]].colour + '">' + esc(c.title) + '：' + esc(session.verdicts[code]) + '</span>';
      }).join('');
    } else {
      $('verdict').textContent = '未给数据集';
    }
    renderGrid(rules, result, changes);
    renderCounty(rules, result, changes);
    renderChanges(changes, st);
    renderTests(st.tests);
  }

  /* The grid's rows (school-stages) and columns (school and stage
   * indicators), each cell's result and change; drawn whole when rows or
   * columns differ from what is on screen, else only the cells that changed
   * are touched (a threshold edit changes a few of thousands). */
  let gridShape = null;    // columns and rows on screen
  let gridCells = null;    // cell key → {td, shown}: what the cell shows now

  function gridModel(rules, result, changes) {
    const order = {};
    rules.categories.forEach((c, i) => { order[c.name] = i; });
    const columns = rules.indicators.filter((i) => i.scope !== '县级')
      .sort((a, b) => (order[a.category] ?? 99) - (order[b.category] ?? 99) || natural(a.id, b.id));
    const rows = [];
    for (const s of result.schools) {
      const byKey = {};
      const stages = [];
      for (const r of s.results) {
        byKey[r.indicator + '|' + (r.stage || '')] = r;
        if (r.stage && !stages.includes(r.stage)) stages.push(r.stage);
      }
      if (!stages.length) stages.push(null);
      for (const stage of stages) {
        const cells = columns.map((c) => {
          const st = c.scope === '学段' ? stage : null;
          const key = changeKey(s.code, c.id, st);
          return {key, stage: st, indicator: c.id, result: byKey[c.id + '|' + (st || '')], line: changes.byKey[key]};
        });
        rows.push({key: s.code + '|' + (stage || ''), school: s, stage, cells, changed: cells.some((c) => c.line)});
      }
    }
    return {columns, rows, shape: columns.map((c) => c.id).join(',') + '/' + rows.map((r) => r.key).join(',')};
  }

  function shownOf(cell) {
    const r = cell.result;
    return r ? [r.status, r.clause, r.value, r.threshold, cell.line].join('|') : '';
  }

  function renderGrid(rules, result, changes) {
    const grid = $('grid');
    if (!result) {
      grid.innerHTML = '<tr><td>启动时未给数据集：只检查规则、运行测试。</td></tr>';
      return;
    }
    const model = gridModel(rules, result, changes);
    if (model.shape === gridShape) {
      for (const row of model.rows) {
        for (const cell of row.cells) {
          const on = gridCells.get(cell.key), shown = shownOf(cell);
          if (!on || on.shown === shown) continue;
          const r = cell.result, td = on.td;
          td.className = 'r st-' + r.status + (cell.line ? ' chg' : '');
          td.dataset.status = r.status;
          td.title = cellTitle(r, cell.line);
          td.textContent = MARKS[r.status];
          on.shown = shown;
        }
        const tr = gridCells.get(row.key).td;
        if (tr.dataset.changed !== (row.changed ? '1' : '0')) tr.dataset.changed = row.changed ? '1' : '0';
      }
      filterGrid();
      return;
    }
    let html = '<thead><tr><th class="school">学校</th><th>学段</th>' + model.columns.map((c) =>
      '<th title="' + esc(c.title) + '">' + esc(c.id) + '</th>').join('') + '</tr></thead><tbody>';
    for (const row of model.rows) {
      const s = row.school;
      html += '<tr data-key="' + esc(row.key) + '" data-search="' + esc(s.code + ' ' + s.name) + '" data-changed="' +
        (row.changed ? 1 : 0) + '"><td class="school" title="' + esc(s.name + '（' + s.type + '）') + '">' +
        esc(s.code + ' ' + s.name) + '</td><td>' + esc(row.stage || '') + '</td>' + row.cells.map((c) => c.result
        ? statusCell(c.result, 'data-key="' + esc(c.key) + '" data-code="' + esc(s.code) + '" data-ind="' + esc(c.indicator) + '"' +
          (c.stage ? ' data-stage="' + esc(c.stage) + '"' : '') + ' data-name="' + esc(s.name) + '"', c.line)
        : '<td></td>').join('') + '</tr>';
    }
    grid.innerHTML = html + '</tbody>';
    gridShape = model.shape;
    gridCells = new Map();
    for (const tr of grid.querySelectorAll('tbody tr')) gridCells.set(tr.dataset.key, {td: tr});
    const byKey = new Map();
    for (const row of model.rows) for (const cell of row.cells) byKey.set(cell.key, cell);
    for (const td of grid.querySelectorAll('td.r')) gridCells.set(td.dataset.key, {td, shown: shownOf(byKey.get(td.dataset.key))});
    filterGrid();
  }

  function filterGrid() {
    const q = $('search').value.trim(), only = $('only-changed').checked;
    for (const tr of $('grid').querySelectorAll('tbody tr'))
      tr.classList.toggle('hidden', (q && !tr.dataset.search.includes(q)) || (only && tr.dataset.changed !== '1'));
  }

  function renderCounty(rules, result, changes) {
    if (!result) {
      $('county').innerHTML = $('cvs').innerHTML = '';
      return;
    }
    const titles = {};
    rules.indicators.forEach((i) => { titles[i.id] = i.title; });
    $('county').innerHTML = '<tr><th>指标</th><th>名称</th><th>结果</th><th>说明</th></tr>' + result.county.results.map((r) => {
      const line = changes.byKey[changeKey(shownCounty(), r.indicator, null)];
      const note = r.rollup ? Object.entries(r.counts).filter(([, n]) => n).map(([k, n]) => statuses[k].word + ' ' + n).join('，')
        : (typeof r.value === 'number' ? '值 ' + +r.value.toPrecision(6) : '') +
          (typeof r.threshold === 'number' ? '，标准 ' + +r.threshold.toPrecision(6) : '');
      return '<tr' + (line ? ' class="chg" title="' + esc(line) + '"' : '') + '><td>' + esc(r.indicator) + '</td><td>' +
        esc(titles[r.indicator] || '') + (r.rollup ? '（全县汇总）' : '') + '</td>' +
        statusCell(r, 'data-county-ind="' + esc(r.indicator) + '"', '') + '<td>' + esc(note) + '</td></tr>';
    }).join('');
    const cvOf = {};
    for (const cv of rules.cvs) for (const id of cv.members) cvOf[id] = cv;
    $('cvs').innerHTML = '<tr><th>指标</th><th>学段</th><th>差异系数</th><th>限值</th><th>结果</th></tr>' + result.county.cv.map((c) => {
      const cv = cvOf[c.indicator] || rules.cvs[0];
      const line = cv && changes.byKey[changeKey(cv.title, c.indicator, c.stage)];
      return '<tr' + (line ? ' class="chg" title="' + esc(line) + '"' : '') + '><td>' + esc(c.indicator) + '</td><td>' +
        esc(c.stage || '') + '</td><td>' + (typeof c.value === 'number' ? +c.value.toPrecision(4) : '') + '</td><td>' +
        (typeof c.limit === 'number' ? c.limit : '') + '</td>' +
        statusCell(c, 'data-cv="' + esc(cv ? cv.name : '') + '"', '') + '</tr>';
    }).join('');
  }

  function shownCounty() {
    return session.dataset ? (shown && shown.result ? shown.result.dataset.name : session.dataset.name) : '';
  }

  function renderChanges(changes, st) {
    const n = st.changes ? st.changes.changed : 0;
    $('changes-count').textContent = st.changes ? '(' + n + ')' : '';
    if (!st.changes) {
      $('changes').innerHTML = '<p>当前规则与已保存的规则相同。</p>';
      return;
    }
    $('changes').innerHTML = '<div class="head">' + esc(changes.head.join('\n')) + '</div>' +
      (n ? '<ol>' + changes.list.map((c, i) => '<li data-i="' + i + '">' + esc(c.line) + '</li>').join('') + '</ol>' : '') +
      '<div class="summary">' + esc(changes.tail.join('\n')) + '</div>';
    $('changes').list = changes.list;
  }

  function renderTests(t) {
    $('tests-count').textContent = t ? '(' + t.passed + '/' + (t.passed + t.failed) + ')' : '';
    $('tests-count').style.color = t && t.failed ? '#b00020' : '';
    $('tests-summary').innerHTML = t ? t.passed + ' 个通过，' + (t.failed ? '<span class="bad">' + t.failed + ' 个未通过</span>' : '0 个未通过') +
      '；条款覆盖 ' + t.covered + ' / ' + t.clauses : '';
    $('tests').textContent = t ? t.text : '';
  }

  /* ---- explanations ---- */

  function explain(query, title, saved) {
    const params = new URLSearchParams();
    for (const k of ['school', 'indicator', 'stage']) if (query[k]) params.set(k, query[k]);
    if (saved) params.set('side', 'saved');
    explained = {query, title, saved};
    api('GET', '/api/explain?' + params).then((r) => {
      $('explain-title').textContent = title + (shown && shown.changes ? (saved ? '（已保存的规则）' : '（修改后的规则）') : '');
      $('explain-text').textContent = r.data;
      $('explain-side').hidden = !(shown && shown.changes);
      $('explain-side').textContent = saved ? '看修改后' : '看修改前';
      $('explain').hidden = false;
    });
  }

  $('grid').addEventListener('click', (e) => {
    const td = e.target.closest('td.r');
    if (!td) return;
    const d = td.dataset;
    explain({school: d.code, indicator: d.ind, stage: d.stage}, d.code + ' ' + d.name + ' · ' + d.ind + (d.stage ? ' · ' + d.stage : ''), false);
  });
  $('county').addEventListener('click', (e) => {
    const td = e.target.closest('td.r');
    if (td) explain({indicator: td.dataset.countyInd}, '全县 · ' + td.dataset.countyInd, false);
  });
  $('cvs').addEventListener('click', (e) => {
    const td = e.target.closest('td.r');
    if (td && td.dataset.cv) explain({indicator: td.dataset.cv}, '全县 · ' + td.dataset.cv, false);
  });
  $('changes').addEventListener('click', (e) => {
    const li = e.target.closest('li[data-i]');
    const item = li && $('changes').list[+li.dataset.i];
    if (!item) return;
    const c = item.change;
    if (c.code) explain({school: c.code, indicator: c.indicator, stage: c.stage}, item.line, false);
    else explain({indicator: c.cv ? (shown.rules.cvs.find((v) => v.title === c.cv) || {}).name : c.indicator}, item.line, false);
  });
  $('explain-close').addEventListener('click', () => { $('explain').hidden = true; });
  $('explain-side').addEventListener('click', () => {
    if (explained) explain(explained.query, explained.title, !explained.saved);
  });

  /* ---- saving ---- */

  function save() {
    const f = dirtyFile();
    if (!f || $('save').disabled) return;
    const text = f.text;
    setStatus('正在保存 ' + esc(f.name) + '…');
    api('POST', '/api/save?file=' + encodeURIComponent(f.name), text).then((r) => {
      if (!r.ok) {
        if (r.data.state) applyState(r.data.state);
        setStatus('<span class="error">' + esc(r.data.error || r.data) + '</span>');
        return;
      }
      f.saved = r.data.text;
      canUndo = true;
      renderTabs();
      const t = r.data.state.tests;
      applyState(r.data.state, '<span class="ok">已保存 ' + esc(f.name) + '；测试 ' + t.passed + ' 个通过，' + t.failed + ' 个未通过</span>');
    });
  }

  function undo() {
    const d = dirtyFile();
    if (d && !confirm('撤销保存会放弃 ' + d.name + ' 中未保存的修改。继续？')) return;
    api('POST', '/api/undo').then((r) => {
      if (!r.ok) {
        setStatus('<span class="error">' + esc(r.data.error || r.data) + '</span>');
        return;
      }
      for (const f of files) f.text = f.saved;
      const f = files.find((x) => x.name === r.data.undone);
      f.saved = f.text = r.data.text;
      canUndo = false;
      if (current) textarea.value = current.text;
      renderTabs();
      const t = r.data.state.tests;
      applyState(r.data.state, '<span class="ok">已撤销对 ' + esc(f.name) + ' 的保存；测试 ' + t.passed + ' 个通过，' + t.failed + ' 个未通过</span>');
    });
  }

  /* ---- events ---- */

  textarea.addEventListener('input', () => {
    current.text = textarea.value;
    check(current); /* first: the server works while the page redraws */
    renderEditor();
    renderTabs();
    updateButtons();
  });
  textarea.addEventListener('scroll', syncScroll);
  textarea.addEventListener('keydown', (e) => {
    if (e.key === 'Tab' && !e.ctrlKey && !e.altKey) {
      e.preventDefault();
      document.execCommand('insertText', false, '    ');
    }
  });
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 's') {
      e.preventDefault();
      save();
    }
  });
  $('files').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-file]');
    if (b) openFile(b.dataset.file);
  });
  for (const tab of document.querySelectorAll('.right .tab')) {
    tab.addEventListener('click', () => {
      for (const t of document.querySelectorAll('.right .tab')) t.classList.toggle('on', t === tab);
      for (const p of document.querySelectorAll('.pane')) p.hidden = p.id !== tab.dataset.pane;
    });
  }
  $('search').addEventListener('input', filterGrid);
  $('only-changed').addEventListener('change', filterGrid);
  $('save').addEventListener('click', save);
  $('undo').addEventListener('click', undo);
  window.addEventListener('beforeunload', (e) => {
    if (dirtyFile()) e.preventDefault();
  });

  /* ---- start ---- */

  api('GET', '/api/session').then((r) => {
    if (!r.ok) {
      setStatus('<span class="error">' + esc(r.data.error || r.data) + '</span>');
      return;
    }
    session = r.data;
    for (const s of session.statuses) statuses[s.code] = s;
    for (const [zh, en] of session.keywords) {
      keywords.add(zh);
      keywords.add(en);
    }
    files = session.rules.files.map((f) => ({name: f.name, saved: f.text, text: f.text}));
    $('dataset-name').textContent = session.dataset ? '数据集 ' + session.dataset.name + '（' + session.dataset.schools + ' 所学校）' : '未给数据集';
    const style = document.createElement('style');
    style.textContent = session.statuses.map((s) => '.st-' + s.code + ' { background: ' + s.colour + '; }').join('\n');
    document.head.appendChild(style);
    $('legend').innerHTML = session.statuses.map((s) =>
      '<span style="background:' + s.colour + '">' + MARKS[s.code] + ' ' + esc(s.word) + '</span>').join('');
    document.title = session.rules.name + ' · junheng 规则工作台';
    openFile(files[0].name);
    applyState(session.saved);
    document.body.dataset.ready = 'true';
  }, (e) => setStatus('<span class="error">无法连接 junheng serve（' + esc(e.message) + '）</span>'));
})();
