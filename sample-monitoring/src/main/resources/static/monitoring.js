// The monitoring sample's page: polls GET /dashboard every second.
(function () {
  'use strict';
  const S = window.Sample;
  const charts = {};
  const KIND = { LATENCY_SPIKE: 'latency spike', ERROR_BURST: 'error burst', SILENCE: 'silent' };

  function serviceCard(name) {
    const section = document.createElement('section');
    section.dataset.service = name;
    section.innerHTML = '<h2><span class="name"></span> <span class="status"></span>'
      + ' <span class="muted last"></span></h2>'
      + '<figure><figcaption>latency, ms: p50 · p95 · p99 · usual p95</figcaption>'
      + '<div class="chart" id="latency-' + name + '"></div></figure>'
      + '<figure><figcaption>error rate, %: window · usual</figcaption>'
      + '<div class="chart" id="errors-' + name + '"></div></figure>';
    section.querySelector('.name').textContent = name;
    document.getElementById('services').appendChild(section);
    charts[name] = {
      section: section,
      latency: S.lineChart('latency-' + name, [
        { label: 'p50', stroke: '#1a7f37' }, { label: 'p95', stroke: '#0969da' },
        { label: 'p99', stroke: '#8250df' }, { label: 'usual p95', stroke: '#afb8c1' },
        { label: 'anomaly', stroke: '#cf222e', points: true }], 150),
      errors: S.lineChart('errors-' + name, [
        { label: 'errors', stroke: '#bc4c00' }, { label: 'usual', stroke: '#afb8c1' },
        { label: 'anomaly', stroke: '#cf222e', points: true }], 120)
    };
    return charts[name];
  }

  function renderService(name, view) {
    const c = charts[name] || serviceCard(name);
    const t = view.windows.map((w) => Date.parse(w.start) / 1000);
    const latencyAt = new Set(view.anomalies.filter((a) => a.kind === 'LATENCY_SPIKE')
      .map((a) => Date.parse(a.eventTime) / 1000));
    const errorsAt = new Set(view.anomalies.filter((a) => a.kind === 'ERROR_BURST')
      .map((a) => Date.parse(a.eventTime) / 1000));
    c.latency([t, view.windows.map((w) => w.p50), view.windows.map((w) => w.p95),
      view.windows.map((w) => w.p99),
      view.windows.map((w) => w.baselineP95 > 0 ? w.baselineP95 : null),
      view.windows.map((w, i) => latencyAt.has(t[i]) ? w.p95 : null)]);
    c.errors([t, view.windows.map((w) => 100 * w.errorRate),
      view.windows.map((w) => 100 * w.baselineErrorRate),
      view.windows.map((w, i) => errorsAt.has(t[i]) ? 100 * w.errorRate : null)]);
    c.section.dataset.anomalies = String(latencyAt.size + errorsAt.size);
    c.section.dataset.silent = String(view.silent);
    const status = c.section.querySelector('.status');
    status.replaceChildren();
    const kinds = view.firing.length ? view.firing : ['OK'];
    for (const k of kinds) {
      const pill = document.createElement('span');
      pill.className = 'pill ' + (k === 'OK' ? 'ok' : k === 'SILENCE' ? 'warn' : 'bad');
      pill.textContent = KIND[k] || 'ok';
      status.appendChild(pill);
      status.appendChild(document.createTextNode(' '));
    }
    c.section.querySelector('.last').textContent = view.lastWindowEnd
      ? 'last window ' + view.lastWindowEnd.replace('T', ' ').slice(0, 16) : '';
  }

  function renderAlerts(firing, latest) {
    const body = document.querySelector('#firing tbody');
    body.replaceChildren();
    for (const a of firing) {
      const row = document.createElement('tr');
      row.dataset.service = a.service;
      row.dataset.kind = a.kind;
      S.cell(row, a.service);
      S.pill(row, KIND[a.kind], a.kind === 'SILENCE' ? 'warn' : 'bad');
      S.cell(row, a.eventTime.replace('T', ' ').slice(0, 19));
      S.cell(row, a.evidence);
      body.appendChild(row);
    }
    document.getElementById('all-clear').hidden = firing.length > 0;
    const recent = document.querySelector('#alerts tbody');
    recent.replaceChildren();
    for (const r of latest.slice(0, 15)) {
      const a = r.alert;
      const row = document.createElement('tr');
      row.dataset.service = a.service;
      row.dataset.kind = a.kind;
      row.dataset.state = a.state;
      S.cell(row, S.time(r.received));
      S.cell(row, a.service);
      S.cell(row, KIND[a.kind]);
      S.pill(row, a.state.toLowerCase(), a.state === 'FIRING' ? 'bad' : 'ok');
      S.cell(row, a.evidence);
      recent.appendChild(row);
    }
  }

  async function poll() {
    try {
      const d = await S.json('dashboard');
      for (const name of Object.keys(d.services)) renderService(name, d.services[name]);
      renderAlerts(d.firing, d.latest);
      S.showError('');
    } catch (e) {
      S.showError('dashboard: ' + e.message);
    }
  }

  document.getElementById('incident').addEventListener('click', async (event) => {
    try {
      const r = await fetch('generator/incident', { method: 'POST' });
      if (!r.ok) throw new Error(r.status + ' ' + r.statusText);
      event.target.textContent = 'Incident started';
      setTimeout(() => { event.target.textContent = 'Start an incident'; }, 3000);
    } catch (e) {
      S.showError('incident: ' + e.message);
    }
  });

  poll();
  setInterval(poll, 1000);
})();
