// Dashboard: key counts by state, usage over five windows, the trend chart, per model, and keys needing attention.
import { api, h, t, numberFormat, dateFormat } from '../app.js';

const windows = ['1m', '1h', '8h', '24h', 'month'];
const ranges = ['1h', '8h', '24h', '7d'];
const attentionStatuses = [429, 403, 400, 500];

export async function dashboard(main) {
  const [keyList, stats] = await Promise.all([api('GET', '/manage/keys'), api('GET', '/manage/stats')]);
  const summary = keyList.summary;
  const card = (label, value, id) => h('div', { class: 'card', dataset: { card: id } }, h('div', { class: 'value' }, numberFormat(value)), h('div', { class: 'label' }, label));

  const usageRows = windows.map((name) => {
    const totals = stats[name].totals;
    const rate = totals.calls ? Math.round((totals.successes / totals.calls) * 1000) / 10 + '%' : '—';
    return h('tr', {}, h('th', { scope: 'row' }, t('window' + name)), h('td', { class: 'num' }, numberFormat(totals.calls)),
      h('td', { class: 'num' }, rate), h('td', { class: 'num' }, numberFormat(totals.totalTokens)));
  });

  const chart = h('div', { class: 'chart', id: 'trend', role: 'img', 'aria-label': t('trend') });
  const rangePicker = h('div', { class: 'toolbar', role: 'group', 'aria-label': t('trendRange') },
    ranges.map((range) => h('button', { type: 'button', dataset: { range }, onclick: () => drawTrend(chart, range, rangePicker) }, t('range' + range))));

  const perModel = stats['24h'].perModel.map((line) => h('tr', {}, h('td', { class: 'mono' }, line.name),
    h('td', { class: 'num' }, numberFormat(line.counts.calls)), h('td', { class: 'num' }, numberFormat(line.counts.successes)), h('td', { class: 'num' }, numberFormat(line.counts.totalTokens))));

  const attention = h('div', {});
  main.replaceChildren(
    h('h1', {}, t('navdashboard')),
    h('div', { class: 'cards' },
      card(t('keysTotal'), summary.total, 'total'), card(t('stateactive'), summary.active, 'active'), card(t('statecooling'), summary.cooling, 'cooling'),
      card(t('stateinvalid'), summary.invalid, 'invalid'), card(t('statedisabled'), summary.disabled, 'disabled')),
    h('h2', {}, t('usage')),
    h('div', { class: 'panel' }, h('table', { id: 'usage' }, h('thead', {}, h('tr', {}, h('th', {}, t('window')), h('th', { class: 'num' }, t('calls')), h('th', { class: 'num' }, t('successRate')), h('th', { class: 'num' }, t('tokens')))), h('tbody', {}, usageRows))),
    h('h2', {}, t('trend')), rangePicker, h('div', { class: 'panel' }, chart),
    h('h2', {}, t('perModel')),
    h('div', { class: 'panel' }, perModel.length ? h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, t('model')), h('th', { class: 'num' }, t('calls')), h('th', { class: 'num' }, t('successes')), h('th', { class: 'num' }, t('tokens')))), h('tbody', {}, perModel)) : h('p', { class: 'muted' }, t('none'))),
    h('h2', {}, t('attention')), attention);
  await Promise.all([drawTrend(chart, '1h', rangePicker), drawAttention(attention)]);
}

async function drawTrend(chart, range, picker) {
  for (const button of picker.querySelectorAll('button')) button.setAttribute('aria-pressed', String(button.dataset.range === range));
  const points = await api('GET', `/manage/stats/trend?range=${range}`);
  const data = [points.map((p) => Date.parse(p.at) / 1000), points.map((p) => p.counts.calls), points.map((p) => p.counts.successes), points.map((p) => p.counts.failures)];
  chart.replaceChildren();
  if (!window.uPlot) { chart.append(h('p', { class: 'muted' }, t('none'))); return; }
  new window.uPlot({
    width: Math.max(320, chart.clientWidth - 8), height: 240, tzDate: (ts) => new Date(ts * 1000),
    series: [{}, { label: t('calls'), stroke: '#0b5cad' }, { label: t('successes'), stroke: '#1a7f37' }, { label: t('failures'), stroke: '#b3261e' }],
  }, data, chart);
}

async function drawAttention(target) {
  const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  const sections = await Promise.all(attentionStatuses.map(async (status) => {
    const page = await api('GET', `/manage/logs/errors?status=${status}&since=${encodeURIComponent(since)}&pageSize=500`);
    const perKey = new Map();
    for (const entry of page.items) perKey.set(entry.keyId, (perKey.get(entry.keyId) ?? 0) + 1);
    const top = [...perKey.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
    return h('div', { class: 'panel' }, h('h3', {}, t('attentionStatus', { status })),
      top.length ? h('table', {}, h('tbody', {}, top.map(([key, count]) => h('tr', {}, h('td', { class: 'mono' }, key), h('td', { class: 'num' }, numberFormat(count))))))
        : h('p', { class: 'muted' }, t('none')));
  }));
  target.replaceChildren(...sections, h('p', { class: 'muted' }, t('asOf', { time: dateFormat(new Date()) })));
}
