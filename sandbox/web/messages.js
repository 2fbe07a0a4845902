// Messages as Slack shows them: author, time, day dividers, runs of
// messages from one author, ephemeral notes, edits and thread replies.

import { h, renderBlocks } from './blocks.js';
import { mrkdwn } from './mrkdwn.js';
import { act, avatar, blockCtx, fmt, state, tsDate, user } from './state.js';

// hooks are what messages need from the page: opening a thread, and the
// conversation they are in.
export const hooks = { openThread: () => {}, channel: () => '' };

// message items: one per top-level message, with day dividers and the
// author shown once per run of messages.
export function messageItems(messages) {
  const replies = {};
  for (const m of messages) {
    if (m.thread_ts && m.thread_ts !== m.ts) (replies[m.thread_ts] = replies[m.thread_ts] || []).push(m);
  }
  const items = [];
  let prev = null;
  let day = '';
  for (const m of messages) {
    if (m.thread_ts && m.thread_ts !== m.ts) continue;
    const d = fmt(tsDate(m.ts), { weekday: 'long', month: 'long', day: 'numeric' });
    if (d !== day) {
      items.push({ key: 'day-' + d, sig: d, build: () => h('div', { class: 'day' }, h('span', {}, d)) });
      day = d;
      prev = null;
    }
    const cont = prev && prev.user === m.user && !m.command && !prev.command && tsDate(m.ts) - tsDate(prev.ts) < 5 * 60e3;
    const r = replies[m.ts] || [];
    items.push({ key: m.ts, sig: JSON.stringify([m, cont, r.length, state.as]), build: () => messageNode(m, cont, r) });
    prev = m;
  }
  return items;
}

export function messageNode(m, continued, replies = [], inThread = false) {
  if (m.command) return commandNode(m);
  const u = m.bot ? { name: 'Backbone' } : user(m.user) || { name: m.user };
  const time = fmt(tsDate(m.ts), { hour: 'numeric', minute: '2-digit' });
  const body = h('div', { class: 'msg-body' });
  if (m.ephemeral) {
    body.append(h('div', { class: 'ephemeral-note' }, h('span', { class: 'eye' }, '◉'), ' Only visible to you'));
  }
  if (!continued) {
    body.append(h('div', { class: 'msg-head' }, h('span', { class: 'author' }, u.name),
      m.bot ? h('span', { class: 'app-badge' }, 'APP') : null, h('span', { class: 'time', title: tsDate(m.ts).toString() }, time)));
  }
  body.append(content(m));
  for (const f of m.files || []) body.append(fileNode(f));
  if (m.edited) body.append(h('span', { class: 'edited' }, '(edited)'));
  if (!inThread && replies.length) {
    body.append(h('button', { class: 'replies', onclick: () => hooks.openThread(m.ts) },
      `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`));
  }
  const node = h('div', { class: 'msg' + (m.ephemeral ? ' ephemeral' : '') + (continued ? ' cont' : '') + (m.command ? ' command' : ''), 'data-ts': m.ts },
    continued ? h('div', { class: 'gutter' }, h('span', { class: 'time-hover' }, time)) : avatar(m.user), body);
  if (!inThread && !m.command) {
    node.append(h('div', { class: 'msg-actions' }, h('button', { title: 'Reply in thread', onclick: () => hooks.openThread(m.ts) }, 'Reply')));
  }
  return node;
}

// fileNode shows a file the bot shared: an image inline, anything else as
// a link that downloads it.
function fileNode(f) {
  const url = `/api/file?as=${encodeURIComponent(state.as)}&id=${encodeURIComponent(f.id)}`;
  if (f.image) {
    return h('figure', { class: 'msg-file' }, h('img', { src: url, alt: f.title || f.name, loading: 'lazy' }),
      h('figcaption', {}, f.title || f.name));
  }
  return h('div', { class: 'msg-file' }, h('a', { href: url, download: f.name }, `📎 ${f.title || f.name}`));
}

// commandNode is the reminder of a slash command the person typed, which
// Slack does not show but helps follow a sandbox session.
function commandNode(m) {
  const time = fmt(tsDate(m.ts), { hour: 'numeric', minute: '2-digit' });
  return h('div', { class: 'msg command', 'data-ts': m.ts },
    h('div', { class: 'gutter' }, h('span', { class: 'slash' }, '/')),
    h('div', { class: 'msg-body command-note' }, `${user(m.user)?.name || m.user} used `,
      h('code', {}, m.text), h('span', { class: 'time' }, ` ${time} · only you see this`)));
}

function content(m) {
  let blocks = null;
  try {
    blocks = m.blocks ? (typeof m.blocks === 'string' ? JSON.parse(m.blocks) : m.blocks) : null;
  } catch {
    blocks = null;
  }
  if (blocks && blocks.length) {
    const ctx = { ...blockCtx(), act: (a) => act({ ...a, channel: hooks.channel(), ts: m.ts }) };
    return renderBlocks(blocks, ctx, { kind: 'message' });
  }
  return h('div', { class: 'msg-text', html: mrkdwn(m.text, blockCtx()) });
}

// reconcile replaces the children of list with the items' nodes, keeping
// the nodes of unchanged items (and what was typed or chosen in them).
export function reconcile(list, items) {
  const old = new Map([...list.children].map((n) => [n.dataset.key, n]));
  const nodes = items.map((it) => {
    const n = old.get(it.key);
    if (n && n.dataset.sig === it.sig) return n;
    const fresh = it.build();
    fresh.dataset.key = it.key;
    fresh.dataset.sig = it.sig;
    return fresh;
  });
  list.replaceChildren(...nodes);
}
