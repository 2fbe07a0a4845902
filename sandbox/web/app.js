// The sandbox page: a small Slack client for the fake Slack the bot is
// connected to. Everything a person does goes to /api/…, which sends it to
// the bot as Slack would; everything shown comes from what the fake
// recorded, reloaded whenever /api/events says something changed.

import { h } from './blocks.js';
import { initComposer } from './composer.js';
import { hooks, messageItems, messageNode, reconcile } from './messages.js';
import { renderHome, renderModal } from './modal.js';
import { escapeHTML } from './mrkdwn.js';
import {
  $, api, avatar, channel, fmt, LOCK, me, myZone, ROLE_LABEL, simNow, state, toast, user,
} from './state.js';

// ---- sidebar ----

function renderSwitcher() {
  const sel = $('#you-are');
  sel.replaceChildren();
  const groups = [['backbone', 'Backbone staff'], ['steering', 'Steering committee'], ['partner', 'Partners'], ['', 'Not in the coalition yet']];
  for (const [role, label] of groups) {
    const people = state.ws.users.filter((u) => (u.role || '') === role);
    if (!people.length) continue;
    sel.append(h('optgroup', { label }, people.map((u) => h('option', { value: u.id }, `${u.name}${u.partner ? ' — ' + u.partner : ''}`))));
  }
  sel.value = state.as;
}

function renderMe() {
  const u = me();
  // The web scorecard, signed in as the person the page acts as.
  $('#scorecard-link').href = '/api/scorecard?as=' + encodeURIComponent(state.as);
  $('#me-card').replaceChildren(
    avatar(u.id),
    h('div', { class: 'me-text' },
      h('div', { class: 'me-name' }, u.name, h('span', { class: 'me-handle' }, ' @' + u.handle)),
      h('div', { class: 'me-meta' }, [ROLE_LABEL[u.role] || 'Not in the coalition yet', u.partner].filter(Boolean).join(' · ')),
      h('div', { class: 'me-meta', id: 'me-time' }, '')));
  updateMyTime();
}

function updateMyTime() {
  const el = $('#me-time');
  if (el && me()) el.textContent = `${fmt(simNow(), { hour: 'numeric', minute: '2-digit' })} local time · ${myZone()}`;
}

function canSee(c) {
  return !c.private || c.members.includes(state.as);
}

// renderSidebar redraws the channel and app lists when what they show
// changed, so that a click never lands on a list being replaced.
function renderSidebar() {
  $('#ws-name').textContent = state.ws.name;
  const unread = (id) => (state.counts[id] || 0) > (state.seen[state.as]?.[id] || 0);
  const sig = JSON.stringify([state.as, state.view, state.dm, state.ws.channels, state.ws.channels.map((c) => unread(c.id)), unread(state.dm)]);
  if (sig === state.sidebarSig) return;
  state.sidebarSig = sig;
  const item = (label, active, isUnread, onclick, attrs = {}) => h('li', {}, h('button', {
    class: 'side-item' + (active ? ' active' : '') + (isUnread ? ' unread' : ''), onclick, ...attrs,
  }, label));
  $('#channel-list').replaceChildren(...state.ws.channels.filter(canSee).map((c) => item(
    [h('span', { class: 'hash', html: c.private ? LOCK : '#' }), ' ' + c.name, c.members.includes(state.as) ? null : h('span', { class: 'side-note' }, ' (not in it)')],
    state.view.kind === 'channel' && state.view.id === c.id, unread(c.id),
    () => openChannel(c.id), { 'data-channel': c.name })));
  $('#app-list').replaceChildren(item(
    [h('span', { class: 'app-dot' }, 'B'), ' Backbone', h('span', { class: 'app-badge' }, 'APP')],
    state.view.kind === 'app', unread(state.dm), () => openApp('messages'), { 'data-app': 'backbone' }));
}

// ---- conversations ----

function openChannel(id) {
  state.view = { kind: 'channel', id };
  closeThread();
  resetConversation();
}

function openApp(tab) {
  state.view = { kind: 'app', id: state.dm, tab };
  closeThread();
  resetConversation();
  if (tab === 'home') {
    api('/api/home', { as: state.as }).catch((err) => toast(err.message, true));
  }
}

function currentChannel() {
  return state.view.kind === 'app' ? state.dm : state.view.id;
}

function resetConversation() {
  $('#messages').replaceChildren();
  $('#messages').dataset.key = '';
  state.home = null;
  renderHeader();
  renderSidebar();
  refresh();
}

function renderHeader() {
  const head = $('#conv-header');
  const tabs = $('#tabs');
  if (state.view.kind === 'app') {
    head.replaceChildren(h('div', { class: 'conv-title' }, h('span', { class: 'app-dot big' }, 'B'), ' Backbone', h('span', { class: 'app-badge' }, 'APP')));
    tabs.hidden = false;
    tabs.replaceChildren(...['home', 'messages'].map((t) => h('button', {
      class: 'tab' + (state.view.tab === t ? ' active' : ''), 'data-tab': t, onclick: () => openApp(t),
    }, t === 'home' ? 'Home' : 'Messages')));
  } else {
    const c = channel(state.view.id);
    const group = c.group ? `${c.group.name} working group · lead ${user(c.group.lead)?.name || c.group.lead}` : '';
    head.replaceChildren(h('div', { class: 'conv-title' }, h('span', { html: c.private ? LOCK : '#' }), c.name),
      h('div', { class: 'conv-topic' }, group), h('div', { class: 'conv-members' }, `${c.members.length} members`));
    tabs.hidden = true;
  }
  const home = state.view.kind === 'app' && state.view.tab === 'home';
  $('#messages').hidden = home;
  $('#home').hidden = !home;
  $('#composer').hidden = home;
  renderComposerState();
}

function renderComposerState() {
  const input = $('#input');
  const ch = state.view.kind === 'channel' ? channel(state.view.id) : null;
  const join = $('#join');
  if (ch && !ch.members.includes(state.as)) {
    join.hidden = false;
    join.replaceChildren(h('span', {}, `You are viewing #${ch.name}. `),
      h('button', { class: 'bk-btn bk-primary', onclick: joinChannel }, 'Join channel'));
  } else {
    join.hidden = true;
  }
  input.placeholder = ch ? `Message #${ch.name} — type / for commands` : 'Message Backbone — type / for commands';
}

async function joinChannel() {
  try {
    await api('/api/join', { as: state.as, channel: state.view.id });
    await loadWorkspace();
  } catch (err) {
    toast(err.message, true);
  }
}

function renderMessages(messages) {
  const list = $('#messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const items = messageItems(messages);
  if (!items.length) {
    list.replaceChildren(emptyState());
    return;
  }
  const before = list.children.length;
  reconcile(list, items);
  if (atBottom || before <= 1) list.scrollTop = list.scrollHeight;
}

function emptyState() {
  if (state.view.kind === 'app') {
    return h('div', { class: 'empty' }, h('div', { class: 'empty-title' }, 'This is your DM with Backbone'),
      h('div', { html: 'Backbone sends reminders, check-ins and requests for numbers here. Try <code>/coalition</code> or <code>/coalition help</code> below.' }));
  }
  const c = channel(state.view.id);
  return h('div', { class: 'empty' }, h('div', { class: 'empty-title' }, `This is the very beginning of #${c.name}`),
    h('div', { html: c.group ? escapeHTML(c.group.purpose) : 'Type <code>/coalition</code> to see the common agenda and the working groups.' }));
}

// ---- threads ----

function openThread(ts) {
  state.thread = ts;
  $('#thread').hidden = false;
  refresh();
  setTimeout(() => $('#thread-input').focus(), 0);
}

function closeThread() {
  state.thread = '';
  $('#thread').hidden = true;
}

function renderThread(messages) {
  if (!state.thread) return;
  const parent = messages.find((m) => m.ts === state.thread);
  if (!parent) {
    closeThread();
    return;
  }
  const replies = messages.filter((m) => m.thread_ts === state.thread && m.ts !== state.thread);
  const items = [parent, ...replies].map((m, i) => ({
    key: m.ts, sig: JSON.stringify([m, state.as, i === 0]), build: () => messageNode(m, false, [], true),
  }));
  items.splice(1, 0, { key: 'count', sig: String(replies.length), build: () => h('div', { class: 'thread-count' }, `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`) });
  reconcile($('#thread-messages'), items);
}

// ---- clock ----

async function advance(jump) {
  try {
    const c = await api('/api/clock', { as: state.as, jump });
    setClock(c);
    toast(`Clock moved to ${fmt(new Date(c.now), { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })}. ${ranText(c.ran || [])}`);
  } catch (err) {
    toast(err.message, true);
  }
}

// ranText says which jobs the move ran, each at its own time, e.g.
// "Ran: reminders (Tue 9:00 AM, America/Chicago, 3 messages)".
function ranText(ran) {
  if (ran.length === 0) return 'No scheduled job was due on the way.';
  const when = (at) => fmt(new Date(at), { weekday: 'short', hour: 'numeric', minute: '2-digit' });
  const parts = ran.slice(0, 6).map((r) => `${r.job} (${when(r.at)}, ${r.zone}, ${r.messages} ${r.messages === 1 ? 'message' : 'messages'})`);
  const more = ran.length > 6 ? ` and ${ran.length - 6} more` : '';
  return `Ran: ${parts.join('; ')}${more}.`;
}

function setClock(c) {
  state.clockSkew = new Date(c.now).getTime() - Date.now();
  state.clockTZ = c.tz;
  tickClock();
}

function tickClock() {
  const now = simNow();
  $('#clock-time').textContent = fmt(now, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' });
  $('#clock-zone').textContent = myZone();
  updateMyTime();
}

// ---- loading ----

async function loadWorkspace() {
  setWorkspace(await api('/api/workspace'));
}

// setWorkspace shows the workspace: people, their roles, channels.
function setWorkspace(ws) {
  const sig = JSON.stringify(ws);
  if (sig === state.wsSig) return;
  state.wsSig = sig;
  state.ws = ws;
  if (!user(state.as)) {
    state.as = (state.ws.users.find((u) => u.role === 'backbone') || state.ws.users[0]).id;
  }
  renderSwitcher();
  renderMe();
  if (!state.view.id || (state.view.kind === 'channel' && !channel(state.view.id))) {
    const start = state.ws.channels.find((c) => c.name === 'general') || state.ws.channels[0];
    state.view = { kind: 'channel', id: start.id };
  }
  renderHeader();
  renderSidebar();
}

let refreshing = false;

let again = false;

// refresh reloads what the page shows; calls during a refresh coalesce
// into one more.
async function refresh() {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  try {
    do {
      again = false;
      await refreshOnce();
    } while (again);
  } catch (err) {
    toast(err.message, true);
  } finally {
    refreshing = false;
  }
}

async function refreshOnce() {
  const gen = ++state.generation;
  const as = encodeURIComponent(state.as);
  const summary = await api(`/api/summary?as=${as}`);
  state.dm = summary.dm;
  state.counts = summary.counts;
  if (state.view.kind === 'app') state.view.id = state.dm;
  const channelID = currentChannel();
  const homeTab = state.view.kind === 'app' && state.view.tab === 'home';
  const [conv, modal, home, ws] = await Promise.all([
    api(`/api/conversation?as=${as}&channel=${encodeURIComponent(channelID)}`),
    api(`/api/modal?as=${as}`),
    homeTab ? api(`/api/home?as=${as}`) : null,
    api('/api/workspace'),
  ]);
  if (gen !== state.generation || channelID !== currentChannel()) return;
  setWorkspace(ws);
  if (homeTab) renderHome(home);
  else renderMessages(conv.messages);
  renderThread(conv.messages);
  renderModal(modal);
  markSeen(channelID);
  renderSidebar();
}

function markSeen(id) {
  state.seen[state.as] = state.seen[state.as] || {};
  state.seen[state.as][id] = state.counts[id] || 0;
  localStorage.setItem('sandbox.seen', JSON.stringify(state.seen));
}

function listen() {
  const es = new EventSource('/api/events');
  es.addEventListener('change', () => refresh());
  es.onerror = () => { $('#offline').hidden = false; };
  es.onopen = () => { $('#offline').hidden = true; };
}

async function main() {
  $('#you-are').addEventListener('change', (ev) => {
    state.as = ev.target.value;
    localStorage.setItem('sandbox.as', state.as);
    state.modal = null;
    closeThread();
    renderMe();
    tickClock();
    if (state.view.kind === 'channel' && !canSee(channel(state.view.id))) openChannel(state.ws.channels[0].id);
    else resetConversation();
  });
  initComposer(currentChannel);
  hooks.openThread = openThread;
  hooks.channel = currentChannel;
  $('#thread-close').addEventListener('click', closeThread);
  for (const b of document.querySelectorAll('[data-jump]')) b.addEventListener('click', () => advance(b.dataset.jump));
  document.addEventListener('click', () => document.querySelectorAll('.bk-menu').forEach((m) => { m.hidden = true; }));
  await loadWorkspace();
  setClock(await api(`/api/clock?as=${encodeURIComponent(state.as)}`));
  setInterval(tickClock, 1000);
  listen();
  await refresh();
  document.body.dataset.ready = '1';
}

main().catch((err) => toast(err.message, true));
