// Small helpers shared by both samples' pages: fetch JSON, build a uPlot line chart.
window.Sample = (function () {
  'use strict';
  async function json(url, options) {
    const response = await fetch(url, options);
    const body = await response.text();
    const parsed = body ? JSON.parse(body) : null;
    if (!response.ok) {
      throw new Error(response.status + ' ' + ((parsed && parsed.detail) || response.statusText));
    }
    return parsed;
  }

  /** A line chart in element id; series: [{label, stroke, points?}]; returns update(data). */
  function lineChart(id, series, height) {
    const el = document.getElementById(id);
    const plot = new uPlot({
      width: Math.max(320, el.clientWidth || 420), height: height || 180,
      legend: { live: false },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1e-3, max * 1.1)] } },
      axes: [{ space: 60 }, { size: 55 }],
      series: [{}].concat(series.map((s) => s.points
        ? { label: s.label, stroke: s.stroke, fill: s.stroke, width: 0, paths: () => null,
            points: { show: true, size: 9, stroke: s.stroke, fill: s.stroke } }
        : { label: s.label, stroke: s.stroke, width: 1.5, spanGaps: true, points: { show: false } }))
    }, [[]].concat(series.map(() => [])), el);
    return function update(data) {
      plot.setData(data);
      el.dataset.points = String(data[0].length);
    };
  }

  function cell(row, value, className) {
    const td = document.createElement('td');
    td.textContent = value == null ? '–' : String(value);
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function pill(row, value, kind) {
    const td = document.createElement('td');
    const span = document.createElement('span');
    span.className = 'pill ' + (kind || '');
    span.textContent = value;
    td.appendChild(span);
    row.appendChild(td);
    return td;
  }

  function time(iso) {
    return iso ? new Date(iso).toISOString().slice(11, 19) : '–';
  }

  function showError(message) {
    const el = document.getElementById('error');
    el.hidden = !message;
    el.textContent = message || '';
  }

  return { json, lineChart, cell, pill, time, showError };
})();
