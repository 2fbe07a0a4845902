// Modals (views.open, push, update) with their inputs and the errors a
// view_submission ack gives, and the App Home tab (views.publish).

import { collectState, h, isEmpty, renderBlocks } from './blocks.js';
import { plain } from './mrkdwn.js';
import { $, act, api, blockCtx, state, toast } from './state.js';

export function renderModal(data) {
  const box = $('#modal');
  const v = data.view;
  if (!v) {
    box.hidden = true;
    box.replaceChildren();
    state.modal = null;
    return;
  }
  const same = state.modal && state.modal.id === v.id && state.modal.hash === v.hash;
  if (!same) {
    state.modal = { id: v.id, hash: v.hash };
    box.replaceChildren(modalNode(v, data.errors || {}, data.depth));
    box.hidden = false;
    box.querySelector('input, textarea, select')?.focus();
    return;
  }
  showErrors(box, data.errors || {});
}

function modalNode(v, errors, depth) {
  const body = h('div', { class: 'modal-body' });
  const ctx = { ...blockCtx(), act: (a) => act({ ...a, view_id: v.id, state: collectState(body) }) };
  body.append(renderBlocks(v.blocks, ctx, { kind: 'modal', errors }));
  const close = () => api('/api/close', { as: state.as, view_id: v.id }).catch((err) => toast(err.message, true));
  return h('div', { class: 'modal', role: 'dialog', 'aria-modal': 'true', 'data-view-id': v.id, 'data-callback-id': v.callback_id || '' },
    h('div', { class: 'modal-head' }, h('span', { class: 'app-dot' }, 'B'), h('h2', { html: plain(v.title) }),
      depth > 1 ? h('span', { class: 'modal-depth' }, `${depth} of ${depth}`) : null,
      h('button', { class: 'modal-x', 'aria-label': 'Close', onclick: close }, '×')),
    body,
    h('div', { class: 'modal-foot' },
      h('div', { class: 'modal-error', role: 'alert' }),
      h('button', { class: 'bk-btn modal-close', onclick: close }, v.close?.text || 'Cancel'),
      v.submit ? h('button', { class: 'bk-btn bk-primary modal-submit', onclick: () => submit(v, body) }, v.submit.text) : null));
}

function showErrors(box, errors) {
  let first = null;
  for (const input of box.querySelectorAll('.bk-input')) {
    const msg = errors[input.dataset.blockId] || '';
    input.classList.toggle('has-error', Boolean(msg));
    input.querySelector('.bk-error').textContent = msg;
    if (msg && !first) first = input;
  }
  first?.scrollIntoView({ block: 'center' });
}

async function submit(v, body) {
  const values = {};
  const missing = {};
  for (const input of body.querySelectorAll('.bk-input')) {
    const el = input.querySelector('.bk-stateful');
    if (!el) continue;
    const value = el.readValue();
    if (!input.dataset.optional && isEmpty(value)) missing[input.dataset.blockId] = 'Please complete this required field.';
    values[el.dataset.blockId] = { [el.dataset.actionId]: value };
  }
  const box = $('#modal');
  showErrors(box, missing);
  if (Object.keys(missing).length) return;
  const btn = box.querySelector('.modal-submit');
  btn.disabled = true;
  try {
    const res = await api('/api/submit', { as: state.as, view_id: v.id, values });
    showErrors(box, res.errors || {});
  } catch (err) {
    box.querySelector('.modal-error').textContent = err.message;
  } finally {
    btn.disabled = false;
  }
}

export function renderHome(data) {
  const home = $('#home');
  const v = data.view;
  if (!v) {
    state.home = null;
    home.replaceChildren(h('div', { class: 'empty' }, h('div', { class: 'empty-title' }, 'No Home tab yet'),
      h('div', {}, 'Backbone has not published a Home tab for you. The sandbox sent it app_home_opened when you opened this tab.')));
    return;
  }
  if (state.home === v.hash) return;
  state.home = v.hash;
  const root = h('div', { class: 'home-view' });
  const ctx = { ...blockCtx(), act: (a) => act({ ...a, view_id: v.id, state: collectState(root) }) };
  root.append(renderBlocks(v.blocks, ctx, { kind: 'home' }));
  home.replaceChildren(root);
}
