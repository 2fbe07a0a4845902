// The message box: slash commands (sent as Slack sends them), messages and
// thread replies, with suggestions of commands after "/" and people after
// "@".

import { h } from './blocks.js';
import { escapeHTML } from './mrkdwn.js';
import { $, api, state } from './state.js';

async function send(textarea, threadTS = '') {
  const text = textarea.value.trim();
  if (!text) return;
  const err = textarea === $('#input') ? $('#composer-error') : $('#thread-error');
  err.textContent = '';
  const channel = channelOf();
  const isCommand = text.startsWith('/') && !threadTS;
  textarea.value = '';
  hidePopup();
  try {
    if (isCommand) await api('/api/command', { as: state.as, channel, text });
    else await api('/api/message', { as: state.as, channel, text, thread_ts: threadTS });
  } catch (e) {
    err.textContent = e.message;
    if (isCommand) textarea.value = text;
  }
}

let popupItems = [];
let popupIndex = 0;

function updatePopup() {
  const input = $('#input');
  const v = input.value.slice(0, input.selectionStart);
  let items = [];
  const cmd = v.match(/^(\/[\w-]*)$/);
  const mention = v.match(/(?:^|\s)@([\w.-]*)$/);
  if (cmd) {
    items = state.ws.commands.filter((c) => c.name.startsWith(cmd[1])).map((c) => ({
      html: `<b>${escapeHTML(c.name)}</b> <span class="hint">${escapeHTML(c.usage_hint || '')}</span><div class="desc">${escapeHTML(c.description)}</div>`,
      insert: () => { input.value = c.name + ' '; },
    }));
  } else if (mention) {
    const q = mention[1].toLowerCase();
    items = state.ws.users.filter((u) => u.handle.startsWith(q) || u.name.toLowerCase().includes(q)).slice(0, 8).map((u) => ({
      html: `<b>${escapeHTML(u.name)}</b> <span class="hint">@${escapeHTML(u.handle)}${u.partner ? ' · ' + escapeHTML(u.partner) : ''}</span>`,
      insert: () => {
        const before = v.slice(0, v.length - mention[1].length);
        input.value = before + u.handle + ' ' + input.value.slice(input.selectionStart);
      },
    }));
  }
  popupItems = items;
  popupIndex = 0;
  renderPopup();
}

function renderPopup() {
  const pop = $('#popup');
  if (!popupItems.length) {
    pop.hidden = true;
    return;
  }
  pop.hidden = false;
  pop.replaceChildren(...popupItems.map((it, i) => h('div', {
    class: 'pop-item' + (i === popupIndex ? ' active' : ''), html: it.html,
    onmousedown: (ev) => { ev.preventDefault(); choose(i); },
  })));
}

function hidePopup() {
  popupItems = [];
  renderPopup();
}

function choose(i) {
  popupItems[i]?.insert();
  hidePopup();
  $('#input').focus();
}

function composerKeys(ev) {
  if (!$('#popup').hidden && popupItems.length) {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      popupIndex = (popupIndex + (ev.key === 'ArrowDown' ? 1 : popupItems.length - 1)) % popupItems.length;
      renderPopup();
      ev.preventDefault();
      return;
    }
    if (ev.key === 'Tab') {
      choose(popupIndex);
      ev.preventDefault();
      return;
    }
    if (ev.key === 'Escape') {
      hidePopup();
      return;
    }
  }
  if (ev.key === 'Enter' && !ev.shiftKey) {
    ev.preventDefault();
    send($('#input'));
  }
}

// channelOf names the conversation the message box writes in.
let channelOf = () => '';

// initComposer wires the message box and the thread's reply box.
export function initComposer(currentChannel) {
  channelOf = currentChannel;
  $('#input').addEventListener('keydown', composerKeys);
  $('#input').addEventListener('input', updatePopup);
  $('#input').addEventListener('blur', () => setTimeout(hidePopup, 100));
  $('#send').addEventListener('click', () => send($('#input')));
  $('#thread-input').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey) {
      ev.preventDefault();
      send($('#thread-input'), state.thread);
    }
  });
}
