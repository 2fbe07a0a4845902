// Block Kit, rendered to the DOM. Interactive elements call ctx.act with
// what Slack would put in a block_actions payload; stateful elements keep
// a readValue() so that the state of a message, a modal or the Home tab can
// be collected as Slack collects it.
//
// ctx: {user(id), channel(id), users, channels, act(action), confirm(dialog)}
// surface: {kind: 'message'|'modal'|'home', errors}

import { escapeHTML, mrkdwn, plain, text } from './mrkdwn.js';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'html') el.innerHTML = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) el.append(c);
  }
  return el;
}

export function renderBlocks(blocks, ctx, surface) {
  const root = h('div', { class: 'blocks' });
  for (const b of blocks || []) {
    root.append(renderBlock(b, ctx, surface, root));
  }
  return root;
}

function renderBlock(b, ctx, surface, root) {
  switch (b.type) {
    case 'section': return section(b, ctx, surface, root);
    case 'header': return h('div', { class: 'bk-header', html: plain(b.text) });
    case 'divider': return h('hr', { class: 'bk-divider' });
    case 'context': return context(b, ctx);
    case 'image': return image(b);
    case 'actions': return h('div', { class: 'bk-actions', 'data-block-id': b.block_id },
      (b.elements || []).map((e) => element(e, b.block_id, ctx, surface, root)));
    case 'input': return input(b, ctx, surface, root);
    case 'rich_text': return h('div', { class: 'bk-rich', html: richText(b.elements, ctx) });
  }
  return h('div', { class: 'bk-unknown' }, `[${b.type} block: not shown by the sandbox]`);
}

function section(b, ctx, surface, root) {
  const main = h('div', { class: 'bk-section-main' });
  if (b.text) main.append(h('div', { class: 'bk-text', html: text(b.text, ctx) }));
  if (b.fields?.length) {
    main.append(h('div', { class: 'bk-fields' }, b.fields.map((f) => h('div', { class: 'bk-field', html: text(f, ctx) }))));
  }
  const out = h('div', { class: 'bk-section', 'data-block-id': b.block_id }, main);
  if (b.accessory) {
    const acc = b.accessory.type === 'image'
      ? h('img', { class: 'bk-accessory-image', src: b.accessory.image_url, alt: b.accessory.alt_text || '' })
      : element(b.accessory, b.block_id, ctx, surface, root);
    out.append(h('div', { class: 'bk-accessory' }, acc));
  }
  return out;
}

function context(b, ctx) {
  return h('div', { class: 'bk-context' }, (b.elements || []).map((e) => e.type === 'image'
    ? h('img', { class: 'bk-context-image', src: e.image_url, alt: e.alt_text || '' })
    : h('span', { class: 'bk-context-text', html: text(e, ctx) })));
}

function image(b) {
  return h('figure', { class: 'bk-image' },
    b.title ? h('figcaption', { html: plain(b.title) }) : null,
    h('img', { src: b.image_url || '', alt: b.alt_text || '' }));
}

function input(b, ctx, surface, root) {
  const label = h('label', { class: 'bk-label' }, h('span', { html: plain(b.label) }),
    b.optional ? h('span', { class: 'bk-optional' }, ' (optional)') : null);
  const el = element(b.element, b.block_id, ctx, { ...surface, input: !b.dispatch_action }, root);
  const error = surface.errors?.[b.block_id];
  return h('div', { class: 'bk-input' + (error ? ' has-error' : ''), 'data-block-id': b.block_id, 'data-optional': b.optional ? '1' : '' },
    label, el,
    b.hint ? h('div', { class: 'bk-hint', html: plain(b.hint) }) : null,
    h('div', { class: 'bk-error', role: 'alert' }, error || ''));
}

// element renders an interactive element. In an input block (surface.input)
// changes are only kept for the submission; elsewhere they are sent.
function element(e, blockId, ctx, surface, root) {
  const send = (value) => {
    if (surface.input) return;
    ctx.act({ block_id: blockId, action_id: e.action_id, value: { type: e.type, ...value }, state: collectState(root) });
  };
  const stateful = (node, read) => {
    node.classList.add('bk-stateful');
    node.dataset.blockId = blockId;
    node.dataset.actionId = e.action_id;
    node.readValue = () => ({ type: e.type, ...read() });
    return node;
  };
  switch (e.type) {
    case 'button': return button(e, ctx, send);
    case 'overflow': return overflow(e, send);
    case 'static_select': case 'external_select': return select(e, options(e), e.initial_option?.value, stateful, send);
    case 'multi_static_select': case 'multi_external_select': return multiSelect(e, options(e), (e.initial_options || []).map((o) => o.value), stateful, send, 'selected_options');
    case 'users_select': return select(e, people(ctx), e.initial_user, stateful, send, 'selected_user');
    case 'multi_users_select': return multiSelect(e, people(ctx), e.initial_users || [], stateful, send, 'selected_users');
    case 'conversations_select': return select(e, rooms(ctx), e.initial_conversation, stateful, send, 'selected_conversation');
    case 'multi_conversations_select': return multiSelect(e, rooms(ctx), e.initial_conversations || [], stateful, send, 'selected_conversations');
    case 'channels_select': return select(e, rooms(ctx), e.initial_channel, stateful, send, 'selected_channel');
    case 'multi_channels_select': return multiSelect(e, rooms(ctx), e.initial_channels || [], stateful, send, 'selected_channels');
    case 'datepicker': return picker(e, 'date', e.initial_date, stateful, send, 'selected_date');
    case 'timepicker': return picker(e, 'time', e.initial_time, stateful, send, 'selected_time');
    case 'checkboxes': return choices(e, 'checkbox', stateful, send);
    case 'radio_buttons': return choices(e, 'radio', stateful, send);
    case 'plain_text_input': case 'number_input': case 'email_text_input': case 'url_text_input':
      return textInput(e, stateful, send);
    case 'image': return h('img', { class: 'bk-context-image', src: e.image_url, alt: e.alt_text || '' });
  }
  return h('span', { class: 'bk-unknown' }, `[${e.type}: not shown by the sandbox]`);
}

function button(e, ctx, send) {
  const cls = 'bk-btn' + (e.style ? ' bk-' + e.style : '');
  return h('button', {
    class: cls, type: 'button', 'data-action-id': e.action_id, html: plain(e.text),
    onclick: async () => {
      if (e.confirm && !(await ctx.confirm(e.confirm))) return;
      if (e.url) window.open(e.url, '_blank', 'noopener');
      send({});
    },
  });
}

function overflow(e, send) {
  const menu = h('div', { class: 'bk-menu', hidden: true }, (e.options || []).map((o) => h('button', {
    type: 'button', class: 'bk-menu-item', html: plain(o.text),
    onclick: (ev) => { ev.stopPropagation(); menu.hidden = true; send({ selected_option: o.value }); },
  })));
  const btn = h('button', {
    type: 'button', class: 'bk-btn bk-overflow', 'aria-label': 'More actions', 'data-action-id': e.action_id,
    onclick: (ev) => {
      ev.stopPropagation();
      const open = menu.hidden;
      document.querySelectorAll('.bk-menu').forEach((m) => { m.hidden = true; });
      menu.hidden = !open;
    },
  }, '⋮');
  return h('span', { class: 'bk-overflow-wrap' }, btn, menu);
}

// options lists an element's options, flattening option groups.
function options(e) {
  if (e.option_groups) {
    return e.option_groups.map((g) => ({ group: g.label?.text || '', options: g.options.map(opt) }));
  }
  return (e.options || []).map(opt);
}

const opt = (o) => ({ value: o.value, label: o.text?.text ?? o.value, description: o.description?.text });
const people = (ctx) => ctx.users.map((u) => ({ value: u.id, label: u.name }));
const rooms = (ctx) => ctx.channels.map((c) => ({ value: c.id, label: '#' + c.name }));

function optionNodes(list, selected) {
  return list.map((o) => o.group !== undefined
    ? h('optgroup', { label: o.group }, optionNodes(o.options, selected))
    : h('option', { value: o.value, selected: selected.includes(o.value) }, o.label));
}

function select(e, list, initial, stateful, send, field = 'selected_option') {
  const placeholder = e.placeholder?.text || 'Select an item';
  const node = h('select', { class: 'bk-select', 'data-action-id': e.action_id },
    h('option', { value: '', disabled: true }, placeholder), optionNodes(list, []));
  node.value = initial || '';
  if (!initial || node.value !== initial) node.selectedIndex = 0; // the placeholder, as nothing is chosen
  node.addEventListener('change', () => send({ [field]: node.value }));
  return stateful(node, () => ({ [field]: node.value || null }));
}

function multiSelect(e, list, initial, stateful, send, field) {
  const node = h('select', { class: 'bk-select bk-multi', multiple: true, 'data-action-id': e.action_id,
    size: String(Math.min(5, Math.max(2, countOptions(list)))) }, optionNodes(list, initial));
  const read = () => [...node.selectedOptions].map((o) => o.value);
  node.addEventListener('change', () => send({ [field]: read() }));
  return stateful(node, () => ({ [field]: read() }));
}

function countOptions(list) {
  return list.reduce((n, o) => n + (o.options ? o.options.length : 1), 0);
}

function picker(e, type, initial, stateful, send, field) {
  const node = h('input', { type, class: 'bk-picker', value: initial || '', 'data-action-id': e.action_id });
  node.addEventListener('change', () => send({ [field]: node.value }));
  return stateful(node, () => ({ [field]: node.value || null }));
}

function choices(e, type, stateful, send) {
  const initial = (e.initial_options || (e.initial_option ? [e.initial_option] : [])).map((o) => o.value);
  const name = 'c' + Math.random().toString(36).slice(2);
  const box = h('div', { class: 'bk-choices', 'data-action-id': e.action_id }, (e.options || []).map((o) => h('label', { class: 'bk-choice' },
    h('input', { type, name, value: o.value, checked: initial.includes(o.value) }),
    h('span', {}, h('span', { html: text(o.text) }),
      o.description ? h('span', { class: 'bk-choice-desc', html: text(o.description) }) : null))));
  const read = () => [...box.querySelectorAll('input:checked')].map((i) => i.value);
  const value = () => (type === 'checkbox' ? { selected_options: read() } : { selected_option: read()[0] || null });
  box.addEventListener('change', () => send(value()));
  return stateful(box, value);
}

function textInput(e, stateful, send) {
  const types = { number_input: 'number', email_text_input: 'email', url_text_input: 'url' };
  const attrs = {
    class: 'bk-text-input', placeholder: e.placeholder?.text, maxlength: e.max_length, 'data-action-id': e.action_id,
  };
  let node;
  if (e.multiline) {
    node = h('textarea', { ...attrs, rows: '4' });
    node.value = e.initial_value || '';
  } else {
    node = h('input', { ...attrs, type: types[e.type] || 'text', value: e.initial_value ?? '',
      step: e.type === 'number_input' && e.is_decimal_allowed ? 'any' : undefined });
  }
  node.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !e.multiline && e.dispatch_action_config?.trigger_actions_on?.includes('on_enter_pressed')) {
      send({ value: node.value });
    }
  });
  return stateful(node, () => ({ value: node.value === '' ? null : node.value }));
}

// collectState reads every stateful element under root:
// block_id → action_id → value, as state.values carries them.
export function collectState(root) {
  const state = {};
  for (const node of root.querySelectorAll('.bk-stateful')) {
    const { blockId, actionId } = node.dataset;
    state[blockId] = state[blockId] || {};
    state[blockId][actionId] = node.readValue();
  }
  return state;
}

// isEmpty reports whether a collected value holds nothing.
export function isEmpty(v) {
  return !Object.entries(v).some(([k, x]) => k !== 'type' && x !== null && x !== '' && !(Array.isArray(x) && x.length === 0));
}

function richText(elements, ctx) {
  return (elements || []).map((e) => {
    switch (e.type) {
      case 'rich_text_section': return `<div>${inlineRich(e.elements, ctx)}</div>`;
      case 'rich_text_preformatted': return `<pre class="code-block">${inlineRich(e.elements, ctx)}</pre>`;
      case 'rich_text_quote': return `<blockquote>${inlineRich(e.elements, ctx)}</blockquote>`;
      case 'rich_text_list': {
        const tag = e.style === 'ordered' ? 'ol' : 'ul';
        return `<${tag}>${(e.elements || []).map((i) => `<li>${inlineRich(i.elements, ctx)}</li>`).join('')}</${tag}>`;
      }
    }
    return '';
  }).join('');
}

function inlineRich(elements, ctx) {
  return (elements || []).map((e) => {
    let s;
    switch (e.type) {
      case 'text': s = escapeHTML(e.text).replace(/\n/g, '<br>'); break;
      case 'link': s = `<a href="${escapeHTML(e.url)}" target="_blank" rel="noopener noreferrer">${escapeHTML(e.text || e.url)}</a>`; break;
      case 'user': s = mrkdwn(`<@${e.user_id}>`, ctx); break;
      case 'channel': s = mrkdwn(`<#${e.channel_id}>`, ctx); break;
      case 'emoji': s = mrkdwn(`:${e.name}:`, ctx); break;
      default: s = '';
    }
    const st = e.style || {};
    if (st.code) s = `<code>${s}</code>`;
    if (st.bold) s = `<b>${s}</b>`;
    if (st.italic) s = `<i>${s}</i>`;
    if (st.strike) s = `<s>${s}</s>`;
    return s;
  }).join('');
}
