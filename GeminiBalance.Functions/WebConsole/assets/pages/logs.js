// Logs: the request log and the error log with filters, a detail view (bodies as text), and CSV export.
import { api, h, t, toast, dateFormat } from '../app.js';

const state = { kind: 'errors', keyId: '', model: '', status: '', since: '', until: '', text: '', pageSize: 50, tokens: [null], selected: new Set() };

const csvCell = (value) => {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A leading =, +, - or @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(text) ? "'" + text : text;
  return /[",\n\r]/.test(safe) ? '"' + safe.replaceAll('"', '""') + '"' : safe;
};

export async function logs(main) {
  const query = new URLSearchParams({ pageSize: String(state.pageSize) });
  for (const name of ['keyId', 'model', 'status']) if (state[name]) query.set(name, state[name]);
  if (state.since) query.set('since', new Date(state.since).toISOString());
  if (state.until) query.set('until', new Date(state.until).toISOString());
  const token = state.tokens[state.tokens.length - 1];
  if (token) query.set('continuationToken', token);
  const page = await api('GET', `/manage/logs/${state.kind}?${query}`);
  const needle = state.text.toLowerCase();
  const items = page.items.filter((item) => !needle || JSON.stringify(item).toLowerCase().includes(needle));
  const redraw = () => logs(main);
  const dialog = h('dialog', { id: 'log-detail', 'aria-labelledby': 'log-detail-title' });

  const detail = (item) => {
    dialog.replaceChildren(h('h2', { id: 'log-detail-title' }, t('detail')),
      h('dl', {}, Object.entries(item).filter(([name]) => name !== 'errorBody' && name !== 'requestBody').flatMap(([name, value]) =>
        [h('dt', {}, name), h('dd', { class: 'mono' }, name === 'time' ? dateFormat(value) : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? '—'))])),
      ...(item.errorBody !== undefined ? [h('h3', {}, t('errorBody')), h('pre', { class: 'body', id: 'error-body', tabindex: 0 }, item.errorBody)] : []),
      ...(item.requestBody ? [h('h3', {}, t('requestBody')), h('pre', { class: 'body', tabindex: 0 }, item.requestBody)] : []),
      h('div', { class: 'toolbar' }, h('button', { type: 'button', onclick: () => navigator.clipboard.writeText(JSON.stringify(item, null, 2)).then(() => toast(t('copied'))) }, t('copy')),
        h('button', { type: 'button', onclick: () => dialog.close() }, t('close'))));
    dialog.showModal();
  };

  const columns = state.kind === 'errors'
    ? [['time', (i) => dateFormat(i.time)], ['keyId', (i) => i.keyId], ['model', (i) => i.model], ['status', (i) => String(i.statusCode)], ['reason', (i) => i.reason], ['client', (i) => i.clientId]]
    : [['time', (i) => dateFormat(i.time)], ['path', (i) => i.path], ['model', (i) => i.model], ['status', (i) => String(i.statusCode)], ['latency', (i) => i.latencyMs + ' ms'], ['keyId', (i) => i.keyId ?? '—'], ['client', (i) => i.clientId]];

  const exportCsv = () => {
    const names = Object.keys(items[0] ?? {});
    const text = [names.join(','), ...items.map((item) => names.map((name) => csvCell(item[name])).join(','))].join('\r\n');
    const link = h('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })), download: `${state.kind}.csv` });
    link.click();
    URL.revokeObjectURL(link.href);
  };

  const errors = state.kind === 'errors';
  const deleteSelected = async () => {
    if (!confirm(t('confirmDeleteLogs', { count: state.selected.size }))) return;
    await api('POST', '/manage/logs/errors/delete', { ids: [...state.selected] });
    state.selected.clear();
    toast(t('donedelete'));
    await redraw();
  };
  const deleteAll = async () => {
    if (!confirm(t('confirmDeleteAllLogs'))) return;
    await api('DELETE', '/manage/logs/errors');
    state.selected.clear(); state.tokens = [null];
    toast(t('donedelete'));
    await redraw();
  };
  const pick = (item) => h('input', { type: 'checkbox', 'aria-label': t('selectEntry'), checked: state.selected.has(item.id),
    onchange: (event) => { if (event.target.checked) state.selected.add(item.id); else state.selected.delete(item.id); } });

  const input = (name, type = 'text') => h('label', {}, t('filter_' + name) + ' ',
    h('input', { type, value: state[name], onchange: (e) => { state[name] = e.target.value; state.tokens = [null]; redraw(); } }));

  main.replaceChildren(
    h('h1', {}, t('navlogs')),
    h('div', { class: 'toolbar', role: 'group', 'aria-label': t('logKind') },
      ['errors', 'requests'].map((kind) => h('button', { type: 'button', 'aria-pressed': String(state.kind === kind), dataset: { kind }, onclick: () => { state.kind = kind; state.tokens = [null]; redraw(); } }, t('log_' + kind)))),
    h('div', { class: 'toolbar' }, input('since', 'datetime-local'), input('until', 'datetime-local'), input('keyId'), input('model'), input('status', 'number'), input('text', 'search'),
      h('button', { type: 'button', onclick: exportCsv, disabled: !items.length }, t('exportCsv')),
      errors ? h('button', { type: 'button', class: 'danger', id: 'delete-selected', onclick: deleteSelected }, t('deleteSelected')) : null,
      errors ? h('button', { type: 'button', class: 'danger', onclick: deleteAll }, t('deleteAllErrors')) : null),
    h('div', { class: 'panel' }, items.length
      ? h('table', { id: 'log' }, h('thead', {}, h('tr', {}, errors ? h('th', {}, h('span', { class: 'muted' }, '✓')) : null, columns.map(([name]) => h('th', {}, t('col_' + name))), h('th', {}, t('actions')))),
        h('tbody', {}, items.map((item) => h('tr', { dataset: { entry: item.id ?? '' } }, errors ? h('td', {}, pick(item)) : null, columns.map(([, cell]) => h('td', {}, cell(item))),
          h('td', {}, h('button', { type: 'button', dataset: { action: 'detail' }, onclick: () => detail(item) }, t('detail')))))))
      : h('p', { class: 'muted' }, t('none'))),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', disabled: state.tokens.length === 1, onclick: () => { state.tokens.pop(); redraw(); } }, t('previous')),
      h('button', { type: 'button', disabled: !page.continuationToken, onclick: () => { state.tokens.push(page.continuationToken); redraw(); } }, t('next'))),
    dialog);
}
