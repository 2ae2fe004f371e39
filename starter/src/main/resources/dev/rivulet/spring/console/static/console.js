// Rivulet operations console: polls the rivulet Actuator endpoint (runtime, tasks, processors)
// and the console's own chart samples; write buttons call the endpoint's write operation; the
// state lookup box is in lookup.js.
(function () {
  'use strict';
  const RUNTIME_POLL_MS = 1000;
  const $ = (id) => document.getElementById(id);
  let settings;
  let lastSample = -1;
  let updates = 0;
  const started = Date.now();
  const series = { t: [], in: [], out: [], processing: [], endToEnd: [], commits: [], aborts: [] };
  const charts = {};
  let deadLetters = {};
  let lookupBox;

  function text(tag, content, className) {
    const el = document.createElement(tag);
    el.textContent = content == null ? '' : String(content);
    if (className) el.className = className;
    return el;
  }

  async function json(url, options) {
    const response = await fetch(url, Object.assign({ headers: { Accept: 'application/json' } },
      options || {}));
    const body = await response.text();
    const parsed = body ? JSON.parse(body) : null;
    if (!response.ok) {
      const detail = parsed && (parsed.detail || parsed.error || parsed.message);
      throw new Error(response.status + ' ' + (detail || response.statusText));
    }
    return parsed;
  }

  function showError(message) {
    $('error').hidden = !message;
    $('error').textContent = message || '';
  }

  function time(value) {
    return value == null ? '–' : new Date(value).toISOString().replace('T', ' ').slice(0, 19);
  }

  function ago(value) {
    if (value == null) return '–';
    const seconds = Math.max(0, (Date.now() - new Date(value).getTime()) / 1000);
    return seconds < 60 ? seconds.toFixed(1) + ' s ago' : Math.round(seconds / 60) + ' min ago';
  }

  // ---- charts ------------------------------------------------------------------------------

  // latency axes in ms, s, min or h; rates as they are
  function unitsOf(id) {
    const latency = id === 'chart-processing' || id === 'chart-end-to-end';
    return (v) => {
      if (v == null) return '';
      if (!latency) return v >= 1000 ? (v / 1000).toFixed(1) + 'k' : String(+v.toFixed(2));
      if (v >= 3600000) return (v / 3600000).toFixed(1) + ' h';
      if (v >= 60000) return (v / 60000).toFixed(1) + ' min';
      if (v >= 1000) return (v / 1000).toFixed(1) + ' s';
      return +v.toFixed(2) + ' ms';
    };
  }

  function chart(id, labels, colors, keys) {
    const el = $(id);
    const opts = {
      width: Math.max(300, el.clientWidth || 330), height: 160,
      legend: { live: false },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1e-3, max * 1.1)] } },
      axes: [{ space: 60 }, { size: 56, values: (u, splits) => splits.map(unitsOf(id)) }],
      series: [{}].concat(labels.map((label, i) => ({
        label: label, stroke: colors[i], width: 1.5, spanGaps: true,
        points: { show: false }
      })))
    };
    charts[id] = { plot: new uPlot(opts, [[]].concat(labels.map(() => [])), el), keys: keys, el: el };
  }

  function redrawCharts() {
    for (const id in charts) {
      const c = charts[id];
      c.plot.setData([series.t].concat(c.keys.map((k) => series[k])));
      c.el.dataset.points = String(series.t.length);
    }
  }

  async function pollSamples() {
    try {
      const data = await json('samples?after=' + lastSample);
      const keep = Math.max(1, Math.round(settings.historyMillis / settings.sampleIntervalMillis));
      for (const s of data.samples) {
        series.t.push(s.time / 1000);
        series.in.push(s.recordsIn);
        series.out.push(s.recordsOut);
        series.processing.push(s.processingMillis);
        series.endToEnd.push(s.endToEndMillis);
        series.commits.push(s.commits);
        series.aborts.push(s.aborts);
        lastSample = s.time;
      }
      for (const k in series) series[k].splice(0, Math.max(0, series[k].length - keep));
      deadLetters = data.deadLetters || {};
      redrawCharts();
    } catch (e) {
      showError('Chart data: ' + e.message);
    }
  }

  // ---- runtime -----------------------------------------------------------------------------

  function stateBadge(state) {
    return text('span', state, 'state state-' + state);
  }

  function progress(task) {
    const total = task.restoredRecords + task.remainingToRestore;
    const percent = task.remainingToRestore === 0 && task.state !== 'CREATED' ? 100
      : total === 0 ? 0 : Math.floor(100 * task.restoredRecords / total);
    const cell = document.createElement('td');
    const bar = document.createElement('div');
    bar.className = 'progress';
    bar.setAttribute('role', 'progressbar');
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '100');
    bar.setAttribute('aria-valuenow', String(percent));
    const fill = document.createElement('div');
    fill.style.width = percent + '%';
    bar.appendChild(fill);
    cell.appendChild(bar);
    cell.appendChild(text('span', percent + '% · ' + task.restoredRecords + ' restored'
      + (task.remainingToRestore > 0 ? ', ' + task.remainingToRestore + ' to go' : ''),
      'progress-label'));
    return cell;
  }

  function renderTasks(tasks) {
    const body = $('tasks').tBodies[0];
    body.replaceChildren();
    const sorted = tasks.slice().sort((a, b) => a.processor.localeCompare(b.processor)
      || a.partition - b.partition);
    for (const t of sorted) {
      const row = document.createElement('tr');
      row.dataset.task = t.processor + '-' + t.partition;
      row.dataset.state = t.state;
      row.dataset.restored = String(t.restoredRecords);
      row.appendChild(text('td', t.processor));
      row.appendChild(text('td', t.partition));
      row.appendChild(text('td', t.thread));
      const state = document.createElement('td');
      state.appendChild(stateBadge(t.state));
      row.appendChild(state);
      row.appendChild(progress(t));
      row.appendChild(text('td', t.lag < 0 ? '?' : t.lag));
      row.appendChild(text('td', time(t.watermark)));
      row.appendChild(text('td', ago(t.lastCommit)));
      body.appendChild(row);
    }
  }

  function button(label, action, processor) {
    const b = text('button', label);
    b.dataset.action = action;
    b.dataset.processor = processor;
    b.addEventListener('click', () => control(b, processor, action));
    return b;
  }

  async function control(b, processor, action) {
    b.disabled = true;
    try {
      const result = await json(settings.endpoint + '/' + encodeURIComponent(processor), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ action: action })
      });
      showError('');
      if (action === 'redrive') {
        b.title = 'republished ' + result.republished + ', passed over ' + result.passedOver;
        b.textContent = 'Redrive (' + result.republished + ' republished)';
      }
      await pollRuntime();
    } catch (e) {
      showError(action + ' ' + processor + ': ' + e.message);
    } finally {
      b.disabled = false;
    }
  }

  let processorsShown = '';

  function renderProcessors(processors, tasks) {
    // rebuilt only when something changed, so that a button is never replaced under the pointer
    const shown = JSON.stringify([processors, deadLetters,
      tasks.map((t) => t.processor + t.state)]);
    if (shown === processorsShown) return;
    processorsShown = shown;
    const body = $('processors').tBodies[0];
    body.replaceChildren();
    for (const p of processors) {
      const own = tasks.filter((t) => t.processor === p.id);
      const row = document.createElement('tr');
      row.dataset.processor = p.id;
      row.dataset.paused = String(p.paused);
      row.appendChild(text('td', p.id));
      row.appendChild(text('td', p.inputs.join(', ')));
      const outs = (p.output ? [p.output] : []).concat(Object.values(p.namedOutputs || {}));
      row.appendChild(text('td', outs.join(', ') || '–'));
      row.appendChild(text('td', p.stores.map((s) => s.name + ' (' + s.type + ')').join(', ') || '–'));
      const state = document.createElement('td');
      state.appendChild(stateBadge(p.paused ? 'PAUSED' : own.length ? 'ACTIVE' : 'NO TASKS'));
      row.appendChild(state);
      const dead = p.errorPolicy === 'DEAD_LETTER'
        ? (deadLetters[p.id] || 0) + ' → ' + p.deadLetterTopic : p.errorPolicy.toLowerCase();
      row.appendChild(text('td', dead, deadLetters[p.id] ? 'badge' : ''));
      const actions = document.createElement('td');
      if (settings.writable) {
        actions.appendChild(p.paused ? button('Resume', 'resume', p.id)
          : button('Pause', 'pause', p.id));
        if (p.errorPolicy === 'DEAD_LETTER') {
          actions.appendChild(document.createTextNode(' '));
          actions.appendChild(button('Redrive', 'redrive', p.id));
        }
      }
      row.appendChild(actions);
      body.appendChild(row);
    }
  }

  async function pollRuntime() {
    try {
      const r = await json(settings.endpoint);
      $('app').textContent = r.applicationId;
      const state = $('runtime-state');
      state.textContent = r.state;
      state.className = 'state state-' + r.state;
      $('threads').textContent = r.threads;
      $('task-count').textContent = r.tasks.length;
      renderTasks(r.tasks);
      renderProcessors(r.processors, r.tasks);
      lookupBox.update(r.processors, r.tasks);
      updates++;
      const rate = updates / Math.max(1, (Date.now() - started) / 1000);
      const updated = $('updated');
      updated.textContent = 'updated ' + new Date().toLocaleTimeString() + ' · '
        + rate.toFixed(2) + ' updates/s';
      updated.dataset.updates = String(updates);
      showError('');
    } catch (e) {
      showError('rivulet endpoint: ' + e.message);
    }
  }

  async function init() {
    try {
      settings = await json('settings');
    } catch (e) {
      showError('Console settings: ' + e.message);
      return;
    }
    $('read-only').hidden = settings.writable;
    $('chart-window').textContent = '(last ' + Math.round(settings.historyMillis / 60000)
      + ' min, a point every ' + settings.sampleIntervalMillis / 1000 + ' s)';
    chart('chart-throughput', ['in', 'out'], ['#0969da', '#1a7f37'], ['in', 'out']);
    chart('chart-processing', ['processing'], ['#8250df'], ['processing']);
    chart('chart-end-to-end', ['end-to-end'], ['#bc4c00'], ['endToEnd']);
    chart('chart-commits', ['commits', 'aborts'], ['#1a7f37', '#cf222e'], ['commits', 'aborts']);
    lookupBox = window.rivuletLookup(settings);
    await pollSamples();
    await pollRuntime();
    setInterval(pollRuntime, RUNTIME_POLL_MS);
    setInterval(pollSamples, settings.sampleIntervalMillis);
  }

  init();
})();
