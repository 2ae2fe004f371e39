// Rivulet operations console: the state lookup box. With the routed state query API on
// (settings.stateQuery) any instance answers for any key of a value, map or list store, asking the
// key's owner itself; without it the rivulet endpoint answers for value stores, and only for keys
// whose partition this instance owns.
window.rivuletLookup = function (settings) {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const routed = !!settings.stateQuery;
  const kinds = routed ? ['value', 'map', 'list'] : ['value'];
  let storesKey = '';
  let tasks = [];

  function option(value, label) {
    const el = document.createElement('option');
    el.value = value;
    el.textContent = label;
    return el;
  }

  // the store list, rebuilt only when it changed (so that the selection stays)
  function update(processors, currentTasks) {
    tasks = currentTasks;
    const stores = [];
    for (const p of processors) {
      for (const s of p.stores) if (kinds.includes(s.type)) stores.push([p.id, s.name, s.type]);
    }
    const key = JSON.stringify(stores);
    if (key === storesKey) return;
    storesKey = key;
    const select = $('lookup-store');
    select.replaceChildren();
    for (const [p, s, type] of stores) {
      select.appendChild(option(p + '/' + s, p + '/' + s + (routed ? ' (' + type + ')' : '')));
    }
  }

  function show(found, content, via) {
    const out = $('lookup-result');
    out.textContent = content;
    out.dataset.found = String(found);
    $('lookup-via').textContent = via || '';
  }

  async function routedLookup(processor, store, key) {
    const response = await fetch(settings.stateQuery + '/' + encodeURIComponent(processor) + '/'
      + encodeURIComponent(store) + '/keys/' + encodeURIComponent(key),
      { headers: { Accept: 'application/json' } });
    const body = await response.text();
    const r = body ? JSON.parse(body) : {};
    const where = r.partition == null ? '' : 'partition ' + r.partition + ' · ';
    const who = r.servedBy ? (r.forwarded ? 'answered by its owner ' + r.servedBy
      : 'answered by this instance') : '';
    if (response.ok) {
      const value = 'value' in r ? r.value : 'entries' in r ? r.entries : r.elements;
      show(true, JSON.stringify(value, null, 2), where + who + ' (' + r.source
        + (r.source === 'standby' ? ', ' + r.lag + ' behind' : '') + ')');
    } else {
      show(false, response.status + ' ' + (r.detail || response.statusText)
        + (r.retryable ? ' (retry shortly)' : ''), where + who);
    }
  }

  async function endpointLookup(processor, store, key) {
    const response = await fetch(settings.endpoint + '/' + encodeURIComponent(processor) + '/'
      + encodeURIComponent(store) + '/' + encodeURIComponent(key),
      { headers: { Accept: 'application/json' } });
    const body = await response.text();
    const r = body ? JSON.parse(body) : {};
    if (!response.ok) {
      show(false, response.status + ' ' + (r.message || r.error || response.statusText));
      return;
    }
    if (r.found) {
      show(true, JSON.stringify(r.value, null, 2), 'partition ' + r.partition
        + ' · answered by this instance');
      return;
    }
    const here = tasks.some((t) => t.processor === processor && t.partition === r.partition
      && t.state !== 'STANDBY' && t.state !== 'WARMUP'); // a replica is not the owner
    const elsewhere = r.partition >= 0 && !here;
    show(false, elsewhere ? 'The key lives on another instance (partition ' + r.partition
      + ' is not owned here): look it up on its owner, or turn on the routed query API '
      + '(rivulet.query.enabled=true) and this console asks the owner itself.'
      : (r.message || 'No value') + (r.partition >= 0 ? ' (partition ' + r.partition + ')' : ''));
  }

  async function lookup(event) {
    event.preventDefault();
    const [processor, store] = $('lookup-store').value.split('/');
    const key = $('lookup-key').value;
    show(false, 'looking up…');
    try {
      await (routed ? routedLookup : endpointLookup)(processor, store, key);
    } catch (e) {
      show(false, e.message);
    }
  }

  $('lookup').addEventListener('submit', lookup);
  $('lookup-mode').textContent = routed
    ? '(any key: asked of its owner through the routed query API)'
    : '(value stores, keys owned by this instance; rivulet.query.enabled=true routes lookups)';
  return { update: update };
};
