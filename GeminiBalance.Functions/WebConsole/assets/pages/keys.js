// Keys: search, state filter, "failures ≥ N", paging; per key copy/reveal/verify/reset/disable/enable/delete;
// paste to add; select many to verify (with progress), reset, disable, delete or copy.
import { api, h, t, toast, numberFormat, dateFormat } from '../app.js';

const pageSizes = [10, 20, 50, 100, 500];
const state = { search: '', status: '', minFailures: 0, pageSize: 20, page: 0, selected: new Set(), revealed: new Map() };

export async function keys(main) {
  const list = await api('GET', '/manage/keys');
  const now = Date.now();
  const statusOf = (key) => key.status === 'active' && Object.values(key.coolingUntil ?? {}).some((until) => Date.parse(until) > now) ? 'cooling' : key.status;
  const shown = list.keys.filter((key) =>
    (!state.search || key.id.includes(state.search) || key.masked.includes(state.search) || (key.lastError?.reason ?? '').toLowerCase().includes(state.search.toLowerCase()))
    && (!state.status || statusOf(key) === state.status)
    && key.totalFailures >= state.minFailures);
  const pages = Math.max(1, Math.ceil(shown.length / state.pageSize));
  state.page = Math.min(state.page, pages - 1);
  const onPage = shown.slice(state.page * state.pageSize, (state.page + 1) * state.pageSize);
  const redraw = () => keys(main);

  const act = async (label, work) => {
    try { await work(); toast(label); } catch (error) { toast(error.message); }
    await redraw();
  };
  const one = (key, action) => act(t('done' + action), () => api('POST', `/manage/keys/${key.id}/${action}`));
  const many = (action) => act(t('done' + action), () => api('POST', `/manage/keys/${action}`, { ids: [...state.selected] }));
  const secretOf = async (id) => (await api('GET', `/manage/keys/${id}/secret`)).key;

  const rows = onPage.map((key) => {
    const status = statusOf(key);
    const checkbox = h('input', { type: 'checkbox', 'aria-label': t('select', { id: key.id }), checked: state.selected.has(key.id), onchange: (event) => { if (event.target.checked) state.selected.add(key.id); else state.selected.delete(key.id); } });
    return h('tr', { dataset: { key: key.id } },
      h('td', {}, checkbox),
      h('td', { class: 'mono' }, key.id),
      h('td', { class: 'mono' }, state.revealed.get(key.id) ?? key.masked),
      h('td', { class: 'status-' + status, dataset: { status } }, t('state' + status)),
      h('td', {}, t('source' + key.source)),
      h('td', { class: 'num' }, numberFormat(key.totalFailures)),
      h('td', {}, key.lastError ? `${key.lastError.status} ${key.lastError.reason}` : '—'),
      h('td', {}, dateFormat(key.lastSuccess)),
      h('td', { class: 'num' }, key.usage24h ? `${numberFormat(key.usage24h.calls)} / ${numberFormat(key.usage24h.totalTokens)}` : '—'),
      h('td', {}, h('div', { class: 'toolbar' },
        h('button', { type: 'button', onclick: async () => { await navigator.clipboard.writeText(await secretOf(key.id)); toast(t('copied')); } }, t('copy')),
        h('button', { type: 'button', onclick: async () => { if (state.revealed.has(key.id)) state.revealed.delete(key.id); else state.revealed.set(key.id, await secretOf(key.id)); await redraw(); } }, state.revealed.has(key.id) ? t('hide') : t('reveal')),
        h('button', { type: 'button', dataset: { action: 'verify' }, onclick: () => one(key, 'verify') }, t('verify')),
        h('button', { type: 'button', dataset: { action: 'usage' }, onclick: () => showUsage(key) }, t('usage')),
        h('button', { type: 'button', dataset: { action: 'reset' }, onclick: () => one(key, 'reset') }, t('reset')),
        key.status === 'disabled'
          ? h('button', { type: 'button', dataset: { action: 'enable' }, onclick: () => one(key, 'enable') }, t('enable'))
          : h('button', { type: 'button', dataset: { action: 'disable' }, onclick: () => one(key, 'disable') }, t('disable')),
        key.source === 'admin' ? h('button', { type: 'button', class: 'danger', onclick: () => confirm(t('confirmDelete', { count: 1 })) && act(t('donedelete'), () => api('DELETE', `/manage/keys/${key.id}`)) }, t('delete')) : null)));
  });

  const dialog = h('dialog', { id: 'key-usage', 'aria-labelledby': 'key-usage-title' });
  const showUsage = async (key) => {
    const perModel = await api('GET', `/manage/keys/${key.id}/usage`);
    dialog.replaceChildren(h('h2', { id: 'key-usage-title' }, t('keyUsage', { id: key.id })),
      perModel.length
        ? h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, t('model')), h('th', { class: 'num' }, t('calls')), h('th', { class: 'num' }, t('successes')), h('th', { class: 'num' }, t('failures')), h('th', { class: 'num' }, t('tokens')))),
          h('tbody', {}, perModel.map((line) => h('tr', {}, h('td', { class: 'mono' }, line.name), h('td', { class: 'num' }, numberFormat(line.counts.calls)),
            h('td', { class: 'num' }, numberFormat(line.counts.successes)), h('td', { class: 'num' }, numberFormat(line.counts.failures)), h('td', { class: 'num' }, numberFormat(line.counts.totalTokens))))))
        : h('p', { class: 'muted' }, t('none')),
      h('div', { class: 'toolbar' }, h('button', { type: 'button', onclick: () => dialog.close() }, t('close'))));
    dialog.showModal();
  };

  const paste = h('textarea', { id: 'paste', 'aria-label': t('pasteKeys'), placeholder: t('pastePlaceholder') });
  const pasteResult = h('p', { role: 'status', id: 'paste-result' });
  const progress = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': t('verifyProgress') });

  const verifySelected = async () => {
    const ids = [...state.selected];
    progress.hidden = false; progress.max = ids.length; progress.value = 0;
    let valid = 0;
    for (let i = 0; i < ids.length; i += 5) {
      const result = await api('POST', '/manage/keys/verify', { ids: ids.slice(i, i + 5) });
      valid += result.keys.filter((r) => r.outcome === 'valid').length;
      progress.value = Math.min(ids.length, i + 5);
    }
    toast(t('verified', { valid, total: ids.length }));
    await redraw();
  };

  main.replaceChildren(
    h('h1', {}, t('navkeys')),
    h('section', { class: 'panel' }, h('h2', {}, t('addKeys')), paste,
      h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'primary', id: 'add-keys', onclick: async () => {
        try {
          const added = await api('POST', '/manage/keys', paste.value, 'text/plain');
          pasteResult.textContent = t('addedCounts', { found: added.added + added.alreadyPresent, added: added.added, duplicate: added.alreadyPresent, invalid: added.invalidLooking });
          paste.value = '';
          const result = pasteResult.textContent;
          await redraw();
          document.getElementById('paste-result').textContent = result;
        } catch (error) { pasteResult.textContent = error.message; }
      } }, t('add'))), pasteResult),
    h('div', { class: 'toolbar' },
      h('label', {}, t('search') + ' ', h('input', { type: 'search', value: state.search, onchange: (e) => { state.search = e.target.value; state.page = 0; redraw(); } })),
      h('label', {}, t('state') + ' ', h('select', { onchange: (e) => { state.status = e.target.value; state.page = 0; redraw(); } },
        ['', 'active', 'cooling', 'invalid', 'disabled'].map((s) => h('option', { value: s, selected: s === state.status }, s ? t('state' + s) : t('all'))))),
      h('label', {}, t('minFailures') + ' ', h('input', { type: 'number', min: 0, value: state.minFailures, onchange: (e) => { state.minFailures = Number(e.target.value) || 0; redraw(); } })),
      h('label', {}, t('perPage') + ' ', h('select', { onchange: (e) => { state.pageSize = Number(e.target.value); state.page = 0; redraw(); } },
        pageSizes.map((n) => h('option', { value: n, selected: n === state.pageSize }, String(n)))))),
    h('div', { class: 'toolbar', role: 'group', 'aria-label': t('selected') },
      h('button', { type: 'button', onclick: () => { onPage.forEach((k) => state.selected.add(k.id)); redraw(); } }, t('selectPage')),
      h('button', { type: 'button', onclick: () => { state.selected.clear(); redraw(); } }, t('selectNone')),
      h('span', { class: 'muted' }, t('selectedCount', { count: state.selected.size })),
      h('button', { type: 'button', disabled: !state.selected.size, onclick: verifySelected }, t('verify')),
      h('button', { type: 'button', disabled: !state.selected.size, onclick: () => many('reset') }, t('reset')),
      h('button', { type: 'button', disabled: !state.selected.size, onclick: () => many('disable') }, t('disable')),
      h('button', { type: 'button', disabled: !state.selected.size, onclick: () => many('enable') }, t('enable')),
      h('button', { type: 'button', disabled: !state.selected.size, onclick: async () => { const secrets = await Promise.all([...state.selected].map(secretOf)); await navigator.clipboard.writeText(secrets.join('\n')); toast(t('copied')); } }, t('copy')),
      h('button', { type: 'button', class: 'danger', disabled: !state.selected.size, onclick: () => confirm(t('confirmDelete', { count: state.selected.size })) && act(t('donedelete'), async () => {
        for (const id of state.selected) await api('DELETE', `/manage/keys/${id}`).catch(() => {});
        state.selected.clear();
      }) }, t('delete'))),
    progress,
    h('div', { class: 'panel' }, h('table', { id: 'keys' },
      h('thead', {}, h('tr', {}, h('th', {}, h('span', { class: 'muted' }, '✓')), h('th', {}, t('id')), h('th', {}, t('key')), h('th', {}, t('state')), h('th', {}, t('source')),
        h('th', { class: 'num' }, t('failures')), h('th', {}, t('lastError')), h('th', {}, t('lastSuccess')), h('th', { class: 'num' }, t('usage24h')), h('th', {}, t('actions')))),
      h('tbody', {}, rows))),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', disabled: state.page === 0, onclick: () => { state.page--; redraw(); } }, t('previous')),
      h('span', {}, t('pageOf', { page: state.page + 1, pages, count: shown.length })),
      h('button', { type: 'button', disabled: state.page >= pages - 1, onclick: () => { state.page++; redraw(); } }, t('next'))),
    dialog);
}
