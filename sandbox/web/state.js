// What the page's modules share: its state, the API, the people and
// channels of the workspace, and the time as the person acting reads it.

import { h } from './blocks.js';
import { mrkdwn, plain } from './mrkdwn.js';

export const $ = (sel) => document.querySelector(sel);

export const state = {
  ws: null, // the workspace: users, channels, commands
  as: localStorage.getItem('sandbox.as') || '',
  dm: '', // the acting person's DM with the app
  view: { kind: 'channel', id: '' }, // or {kind: 'app', tab: 'messages'|'home'}
  thread: '', // ts of the open thread
  counts: {},
  seen: JSON.parse(localStorage.getItem('sandbox.seen') || '{}'),
  modal: null, // {id, hash}
  home: null, // hash of the Home view shown
  clockSkew: 0,
  clockTZ: 'UTC',
  generation: 0,
};

export async function api(path, body) {
  const opts = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(path, opts);
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || `${res.status} ${res.statusText}`);
  return data;
}

export function toast(msg, bad = false) {
  const t = $('#toast');
  t.textContent = msg;
  t.className = 'toast' + (bad ? ' bad' : '');
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, bad ? 8000 : 4000);
}

export const user = (id) => state.ws?.users.find((u) => u.id === id);

export const channel = (id) => state.ws?.channels.find((c) => c.id === id);

export const me = () => user(state.as);

export async function act(a) {
  try {
    await api('/api/action', { as: state.as, ...a });
  } catch (err) {
    toast(err.message, true);
  }
}

export function confirm(dialog) {
  return new Promise((resolve) => {
    const done = (ok) => { $('#confirm').hidden = true; resolve(ok); };
    $('#confirm').replaceChildren(h('div', { class: 'modal small' },
      h('div', { class: 'modal-head' }, h('h2', { html: plain(dialog.title) })),
      h('div', { class: 'modal-body', html: mrkdwn(dialog.text?.text || '', blockCtx()) }),
      h('div', { class: 'modal-foot' },
        h('button', { class: 'bk-btn', onclick: () => done(false) }, dialog.deny?.text || 'Cancel'),
        h('button', { class: 'bk-btn ' + (dialog.style === 'danger' ? 'bk-danger' : 'bk-primary'), onclick: () => done(true) }, dialog.confirm?.text || 'Yes'))));
    $('#confirm').hidden = false;
  });
}

export const blockCtx = () => ({
  user: (id) => (id === state.ws.bot_user_id ? 'Backbone' : user(id)?.name),
  channel: (id) => channel(id)?.name,
  users: state.ws.users,
  channels: state.ws.channels,
  confirm,
});

export const LOCK = '<svg class="lock" viewBox="0 0 16 16" width="12" height="12" aria-label="private"><path fill="currentColor" d="M5 7V5a3 3 0 0 1 6 0v2h1a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h1zm1.5 0h3V5a1.5 1.5 0 0 0-3 0v2z"/></svg>';

export const ROLE_LABEL = { backbone: 'Backbone staff', steering: 'Steering committee', partner: 'Partner' };

function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('');
}

function color(id) {
  let n = 0;
  for (const c of id) n = (n * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${n}, 45%, 42%)`;
}

export function avatar(id) {
  if (id === state.ws.bot_user_id) return h('div', { class: 'avatar bot', 'aria-hidden': 'true' }, 'B');
  const u = user(id);
  return h('div', { class: 'avatar', style: `background:${color(id)}`, 'aria-hidden': 'true' }, initials(u?.name || id));
}

export function simNow() {
  return new Date(Date.now() + state.clockSkew);
}

export function myZone() {
  return me()?.tz || state.clockTZ || 'UTC';
}

export function fmt(date, opts) {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: myZone(), ...opts }).format(date);
  } catch {
    return date.toISOString();
  }
}

export const tsDate = (ts) => new Date(Number(ts.split('.')[0]) * 1000 + Number(ts.split('.')[1] || 0) / 1000);
