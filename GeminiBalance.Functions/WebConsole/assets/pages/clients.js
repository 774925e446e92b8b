// Clients: the client keys made here (not ALLOWED_TOKENS), each with its limits, allowed models, expiry and note, and
// its use in the current windows; make one (its secret is shown once, with a copy button), edit, enable/disable, delete.
import { api, h, t, toast, numberFormat, dateFormat } from '../app.js';

const limitFields = ['rpm', 'rpd', 'tpd', 'tpm_month'];

// "" clears a limit (null: no limit); anything else is sent as typed, so the API's 400 names a bad value.
const limitValue = (text) => text.trim() === '' ? null : Number(text);
const modelsValue = (text) => { const models = text.split(/[\s,]+/).filter(Boolean); return models.length ? models : null; };
// The datetime-local input speaks the browser's time zone; the API takes an instant.
const expiresValue = (text) => text ? new Date(text).toISOString() : null;
const localInput = (iso) => { if (!iso) return ''; const d = new Date(iso); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16); };

export async function clients(main, created) {
  const list = await api('GET', '/manage/clients');
  const redraw = (next) => clients(main, next);
  const act = async (label, work) => {
    try { await work(); toast(label); } catch (error) { toast(error.message); }
    await redraw();
  };

  const editor = h('dialog', { id: 'client-editor', 'aria-labelledby': 'client-editor-title' });
  const edit = (client) => {
    const input = (name, attrs = {}) => h('input', { id: 'client-' + name, name, ...attrs });
    const fields = {
      name: input('name', { required: true, value: client?.name ?? '', maxlength: 100 }),
      models: input('models', { value: (client?.models ?? []).join(', '), placeholder: 'gemini-2.5-*', size: 40 }),
      expires: input('expires', { type: 'datetime-local', value: localInput(client?.expires) }),
      note: h('textarea', { id: 'client-note', name: 'note', maxlength: 2000 }, client?.note ?? ''),
    };
    for (const limit of limitFields) fields[limit] = input(limit, { type: 'number', min: 1, step: 1, value: client?.[limit] ?? '', placeholder: t('unlimited') });
    const message = h('p', { class: 'error', role: 'alert' });
    const row = (name, label) => h('div', { class: 'setting' }, h('label', { for: fields[name].id }, label), h('div', {}, fields[name], h('div', { class: 'help' }, t('clientHelp_' + name))));
    const form = h('form', { method: 'dialog', onsubmit: async (event) => {
      event.preventDefault();
      const body = { name: fields.name.value, models: modelsValue(fields.models.value), expires: expiresValue(fields.expires.value), note: fields.note.value || null };
      for (const limit of limitFields) body[limit] = limitValue(fields[limit].value);
      try {
        if (client) { await api('PATCH', `/manage/clients/${client.id}`, body); editor.close(); toast(t('clientSaved')); await redraw(); }
        else { const made = await api('POST', '/manage/clients', body); editor.close(); await redraw(made); }
      } catch (error) { message.textContent = error.message; }
    } },
    row('name', t('clientName')), row('models', t('clientModels')), row('rpm', 'rpm'), row('rpd', 'rpd'), row('tpd', 'tpd'), row('tpm_month', 'tpm_month'),
    row('expires', t('clientExpires')), row('note', t('clientNote')), message,
    h('div', { class: 'toolbar' }, h('button', { type: 'submit', class: 'primary', id: 'client-save' }, client ? t('save') : t('clientCreate')),
      h('button', { type: 'button', onclick: () => editor.close() }, t('cancel'))));
    editor.replaceChildren(h('h2', { id: 'client-editor-title' }, client ? t('clientEdit', { name: client.name }) : t('clientNew')), form);
    editor.showModal();
    fields.name.focus();
  };

  const limitsOf = (client) => limitFields.filter((limit) => client[limit] != null)
    .map((limit) => `${limit} ${numberFormat(client[limit])}`).join(' · ') || t('unlimited');
  const usedOf = (client) => [
    client.rpm != null ? `${numberFormat(client.used.minuteRequests)}/${numberFormat(client.rpm)} ${t('perMinute')}` : null,
    `${numberFormat(client.used.dayRequests)}${client.rpd != null ? '/' + numberFormat(client.rpd) : ''} ${t('requestsToday')}`,
    `${numberFormat(client.used.dayTokens)}${client.tpd != null ? '/' + numberFormat(client.tpd) : ''} ${t('tokensToday')}`,
    client.tpm_month != null ? `${numberFormat(client.used.monthTokens)}/${numberFormat(client.tpm_month)} ${t('tokensMonth')}` : null,
  ].filter(Boolean).join(' · ');

  const rows = list.clients.map((client) => h('tr', { dataset: { client: client.id } },
    h('td', {}, client.name, client.note ? h('div', { class: 'muted' }, client.note) : null),
    h('td', { class: 'mono' }, client.id),
    h('td', { class: 'status-' + client.state, dataset: { status: client.state } }, t('clientState_' + client.state)),
    h('td', { class: 'mono' }, client.models.length ? client.models.join(', ') : t('allModels')),
    h('td', {}, limitsOf(client)),
    h('td', {}, usedOf(client)),
    h('td', {}, dateFormat(client.expires)),
    h('td', {}, h('div', { class: 'toolbar' },
      h('button', { type: 'button', dataset: { action: 'edit' }, onclick: () => edit(client) }, t('edit')),
      client.enabled
        ? h('button', { type: 'button', dataset: { action: 'disable' }, onclick: () => act(t('donedisable'), () => api('PATCH', `/manage/clients/${client.id}`, { enabled: false })) }, t('disable'))
        : h('button', { type: 'button', dataset: { action: 'enable' }, onclick: () => act(t('doneenable'), () => api('PATCH', `/manage/clients/${client.id}`, { enabled: true })) }, t('enable')),
      h('button', { type: 'button', class: 'danger', dataset: { action: 'delete' }, onclick: () => confirm(t('confirmDeleteClient', { name: client.name })) && act(t('donedelete'), () => api('DELETE', `/manage/clients/${client.id}`)) }, t('delete'))))));

  // The secret exists only in this answer: shown once, never fetched again.
  const secretPanel = created ? h('section', { class: 'panel', id: 'client-secret', role: 'status' },
    h('h2', {}, t('clientSecretTitle', { name: created.client.name })),
    h('p', {}, t('clientSecretOnce')),
    h('div', { class: 'toolbar' }, h('code', { class: 'mono', id: 'client-secret-value' }, created.secret),
      h('button', { type: 'button', id: 'client-secret-copy', onclick: async () => { await navigator.clipboard.writeText(created.secret); toast(t('copied')); } }, t('copy')))) : null;

  main.replaceChildren(
    h('h1', {}, t('navclients')),
    h('p', { class: 'muted' }, t('clientsIntro')),
    secretPanel,
    h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'primary', id: 'client-new', onclick: () => edit(null) }, t('clientNew'))),
    h('div', { class: 'panel' }, list.clients.length
      ? h('table', { id: 'clients' },
        h('thead', {}, h('tr', {}, h('th', {}, t('clientName')), h('th', {}, t('id')), h('th', {}, t('state')), h('th', {}, t('clientModels')),
          h('th', {}, t('clientLimits')), h('th', {}, t('clientUsed')), h('th', {}, t('clientExpires')), h('th', {}, t('actions')))),
        h('tbody', {}, rows))
      : h('p', { class: 'muted' }, t('noClients'))),
    editor);
}
