// Settings: every setting by section with help text, the value in force and where it comes from; change the live
// ones, review the difference, save (PUT /manage/config) or reset one to the app settings (DELETE). Secrets stay masked:
// their field starts empty and is only sent when something is typed into it.
import { api, h, t, toast, dateFormat } from '../app.js';

const groups = ['api', 'models', 'thinking', 'media', 'scheduler', 'logs', 'console', 'storage'];

const shown = (value) => value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

export async function settings(main) {
  const [config, audit] = await Promise.all([api('GET', '/manage/config'), api('GET', '/manage/config/audit?max=20')]);
  const fields = new Map();
  const redraw = () => settings(main);

  const field = (name, setting) => {
    const id = 'setting-' + name.replace(/[^A-Za-z0-9_]/g, '-');
    const value = shown(setting.value);
    let input;
    if (typeof setting.value === 'boolean') {
      input = h('select', { id, disabled: !setting.live }, h('option', { value: 'true', selected: setting.value }, 'true'), h('option', { value: 'false', selected: !setting.value }, 'false'));
    } else if (typeof setting.value === 'object' && setting.value !== null && !setting.secret) {
      input = h('textarea', { id, disabled: !setting.live }, value);
    } else {
      input = h('input', { id, type: setting.secret ? 'password' : 'text', value: setting.secret ? '' : value, placeholder: setting.secret ? value || t('secretUnchanged') : '', disabled: !setting.live, autocomplete: 'off', size: 50 });
    }
    if (setting.live) fields.set(name, { input, original: setting.secret ? '' : (typeof setting.value === 'boolean' ? String(setting.value) : value), setting });
    return h('div', { class: 'setting', dataset: { setting: name } },
      h('div', {}, h('label', { for: id, class: 'mono' }, name), h('div', { class: 'source' }, t('source_' + setting.source.replace(' ', '_')))),
      h('div', {}, input, h('div', { class: 'help' }, t('help_' + name)),
        setting.live ? (setting.source === 'console' ? h('button', { type: 'button', onclick: async () => { await api('DELETE', `/manage/config/${name}`); toast(t('resetDone', { name })); await redraw(); } }, t('resetToApp')) : null)
          : h('div', { class: 'help' }, t('readOnly') + ' ', setting.readOnlyBecause)));
  };

  const changes = () => {
    const changed = {};
    for (const [name, { input, original, setting }] of fields) {
      const value = input.value;
      if (value === original || (setting.secret && value === '')) continue;
      if (typeof setting.value === 'boolean') changed[name] = value === 'true';
      else if (typeof setting.value === 'number') changed[name] = value.trim() === '' ? null : (Number.isFinite(Number(value)) ? Number(value) : value);
      else if (typeof setting.value === 'object' && setting.value !== null && !setting.secret) { try { changed[name] = JSON.parse(value); } catch { changed[name] = value; } }
      else changed[name] = value;
    }
    return changed;
  };

  const dialog = h('dialog', { id: 'diff', 'aria-labelledby': 'diff-title' });
  const review = () => {
    const changed = changes();
    const names = Object.keys(changed);
    if (!names.length) { toast(t('noChanges')); return; }
    const error = h('p', { class: 'error', role: 'alert' });
    dialog.replaceChildren(h('h2', { id: 'diff-title' }, t('reviewChanges')),
      h('table', { class: 'diff' }, h('tbody', {}, names.map((name) => h('tr', {}, h('th', { class: 'mono' }, name),
        h('td', {}, h('del', {}, config[name].secret ? '••••' : shown(config[name].value))), h('td', {}, h('ins', {}, config[name].secret ? '••••' : shown(changed[name]))))))),
      error,
      h('div', { class: 'toolbar' },
        h('button', { type: 'button', class: 'primary', id: 'confirm-save', onclick: async () => {
          try { await api('PUT', '/manage/config', changed); dialog.close(); toast(t('saved')); await redraw(); } catch (problem) { error.textContent = problem.message; }
        } }, t('save')),
        h('button', { type: 'button', onclick: () => dialog.close() }, t('cancel'))));
    dialog.showModal();
  };

  main.replaceChildren(
    h('h1', {}, t('navsettings')),
    h('p', { class: 'muted' }, t('settingsIntro')),
    h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'primary', id: 'review', onclick: review }, t('reviewAndSave'))),
    ...groups.map((group) => h('section', { class: 'panel' }, h('h2', {}, t('group_' + group)),
      Object.entries(config).filter(([, setting]) => setting.group === group).map(([name, setting]) => field(name, setting)))),
    h('section', { class: 'panel' }, h('h2', {}, t('auditTrail')),
      audit.length ? h('table', {}, h('tbody', {}, audit.flatMap((entry) => entry.changes.map((change) => h('tr', {},
        h('td', {}, dateFormat(entry.at)), h('td', {}, entry.who), h('td', { class: 'mono' }, change.name), h('td', { class: 'mono' }, change.old ?? '—'), h('td', { class: 'mono' }, change.new ?? '—'))))))
        : h('p', { class: 'muted' }, t('none'))),
    dialog);
}
