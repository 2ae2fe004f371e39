// The fraud detection sample's page: polls GET /dashboard every second.
(function () {
  'use strict';
  const S = window.Sample;
  const RULES = ['BLOCKED_CARD', 'AMOUNT_ANOMALY', 'IMPOSSIBLE_TRAVEL', 'SMALL_THEN_LARGE',
    'VELOCITY'];
  const COLORS = ['#cf222e', '#0969da', '#8250df', '#bc4c00', '#1a7f37'];
  const t = [];
  const payments = [];
  const byRule = RULES.map(() => []);
  let last = -1;
  let seen = new Set();
  let polls = 0;

  const paymentsChart = S.lineChart('chart-payments', [{ label: 'payments/s', stroke: '#0969da' }]);
  const rulesChart = S.lineChart('chart-rules',
    RULES.map((r, i) => ({ label: r.toLowerCase().replace(/_/g, ' '), stroke: COLORS[i] })));

  function money(a) {
    return a.amount == null ? '–' : Number(a.amount).toFixed(2) + ' ' + (a.currency || '');
  }

  function renderFeed(alerts) {
    const body = document.querySelector('#feed tbody');
    body.replaceChildren();
    const now = new Set();
    for (const a of alerts) {
      const key = a.rule + '/' + a.cardId + '/' + a.eventTime;
      now.add(key);
      const row = document.createElement('tr');
      row.dataset.rule = a.rule;
      row.dataset.card = a.cardId;
      if (polls > 1 && !seen.has(key)) row.className = 'new';
      S.cell(row, S.time(a.received));
      S.cell(row, a.eventTime.replace('T', ' ').slice(0, 19));
      S.pill(row, a.rule.toLowerCase().replace(/_/g, ' '));
      S.cell(row, a.cardId);
      S.cell(row, money(a));
      S.cell(row, a.evidence);
      if (a.injected == null) S.cell(row, 'n/a');
      else S.pill(row, a.injected ? 'injected' : 'not injected', a.injected ? 'ok' : 'bad');
      body.appendChild(row);
    }
    seen = now;
  }

  function renderDetection(d) {
    if (!d) return;
    document.getElementById('detected').textContent = d.detected + ' / ' + d.injected;
    document.getElementById('recall').textContent = (100 * d.recall).toFixed(1) + '%';
    document.getElementById('precision').textContent = (100 * d.precision).toFixed(1) + '%';
    document.getElementById('pending').textContent =
      d.pending + ' · ' + d.duplicates + ' · ' + d.unexpected;
    const body = document.querySelector('#injected tbody');
    body.replaceChildren();
    for (const f of d.latest) {
      const row = document.createElement('tr');
      row.dataset.rule = f.rule;
      row.dataset.card = f.cardId;
      S.cell(row, f.eventTime.replace('T', ' ').slice(0, 19));
      S.cell(row, f.rule.toLowerCase().replace(/_/g, ' '));
      S.cell(row, f.cardId);
      S.pill(row, f.detected ? 'detected' : 'pending', f.detected ? 'ok' : 'warn');
      body.appendChild(row);
    }
  }

  async function poll() {
    try {
      const d = await S.json('dashboard?after=' + last);
      polls++;
      for (const p of d.points) {
        t.push(p.time / 1000);
        payments.push(p.paymentsPerSecond);
        RULES.forEach((r, i) => byRule[i].push(p.alertsByRule[r] || 0));
        last = p.time;
      }
      const drop = Math.max(0, t.length - 300);
      [t, payments].concat(byRule).forEach((a) => a.splice(0, drop));
      paymentsChart([t, payments]);
      rulesChart([t].concat(byRule));
      if (d.points.length) {
        const p = d.points[d.points.length - 1];
        document.getElementById('payments-rate').textContent = p.paymentsPerSecond.toFixed(1);
        document.getElementById('alerts-total').textContent =
          Object.values(p.alertsByRule).reduce((x, y) => x + y, 0);
      }
      renderFeed(d.alerts);
      renderDetection(d.detection);
      S.showError('');
    } catch (e) {
      S.showError('dashboard: ' + e.message);
    }
  }

  document.getElementById('inject').addEventListener('click', async (event) => {
    try {
      await fetch('generator/inject', { method: 'POST' }).then((r) => {
        if (!r.ok) throw new Error(r.status + ' ' + r.statusText);
      });
      event.target.textContent = 'Injected: watch the feed';
      setTimeout(() => { event.target.textContent = 'Inject a fraud'; }, 3000);
    } catch (e) {
      S.showError('inject: ' + e.message);
    }
  });

  document.getElementById('lookup').addEventListener('submit', async (event) => {
    event.preventDefault();
    const out = document.getElementById('profile');
    const card = document.getElementById('card').value.trim();
    try {
      out.textContent = JSON.stringify(await S.json('cards/' + encodeURIComponent(card)
        + '/profile'), null, 2);
      out.dataset.found = 'true';
    } catch (e) {
      out.textContent = e.message;
      out.dataset.found = 'false';
    }
  });

  poll();
  setInterval(poll, 1000);
})();
