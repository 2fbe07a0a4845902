// Slack's mrkdwn, rendered to HTML: *bold*, _italics_, ~strikethrough~,
// `code`, ```preformatted```, > quotes, <links|labels>, <@user> and
// <#channel> mentions, <!here>, <!date^…|fallback>, and :emoji: shortcodes
// for the common ones. Text arrives escaped as Slack escapes it (&amp;
// &lt; &gt;).

const EMOJI = {
  '+1': '👍', thumbsup: '👍', '-1': '👎', thumbsdown: '👎', '100': '💯', alarm_clock: '⏰',
  arrow_down: '⬇️', arrow_right: '➡️', arrow_up: '⬆️', arrows_counterclockwise: '🔄',
  ballot_box_with_check: '☑️', balloon: '🎈', bar_chart: '📊', basketball: '🏀', bell: '🔔',
  blue_heart: '💙', books: '📚', bookmark_tabs: '📑', bulb: '💡', bust_in_silhouette: '👤',
  busts_in_silhouette: '👥', calendar: '📆', card_index_dividers: '🗂️', chart: '💹',
  chart_with_downwards_trend: '📉', chart_with_upwards_trend: '📈', clap: '👏', clipboard: '📋',
  confetti_ball: '🎊', construction: '🚧', dart: '🎯', date: '📅', email: '📧', envelope: '✉️',
  exclamation: '❗', eyes: '👀', family: '👪', file_folder: '📁', fire: '🔥', gear: '⚙️', gift: '🎁',
  green_heart: '💚', handshake: '🤝', hammer_and_wrench: '🛠️', heart: '❤️', heavy_check_mark: '✔️',
  heavy_minus_sign: '➖', heavy_plus_sign: '➕', hospital: '🏥', hourglass: '⌛',
  hourglass_flowing_sand: '⏳', house: '🏠', inbox_tray: '📥', information_source: 'ℹ️', key: '🔑',
  large_blue_circle: '🔵', large_green_circle: '🟢', large_orange_circle: '🟠', large_yellow_circle: '🟡',
  link: '🔗', lock: '🔒', loudspeaker: '📢', mag: '🔍', mailbox: '📫', medal: '🏅', mega: '📣',
  megaphone: '📣', memo: '📝', moneybag: '💰', muscle: '💪', new: '🆕', no_entry: '⛔', office: '🏢',
  ok_hand: '👌', outbox_tray: '📤', page_facing_up: '📄', partying_face: '🥳', pencil: '📝',
  pencil2: '✏️', point_right: '👉', pray: '🙏', pushpin: '📌', question: '❓', raised_hands: '🙌',
  red_circle: '🔴', rocket: '🚀', round_pushpin: '📍', runner: '🏃', scales: '⚖️', school: '🏫',
  seedling: '🌱', slightly_smiling_face: '🙂', small_blue_diamond: '🔹', small_orange_diamond: '🔸',
  smile: '😄', soccer: '⚽', sos: '🆘', sparkles: '✨', speech_balloon: '💬', spiral_calendar_pad: '🗓️',
  star: '⭐', star2: '🌟', stopwatch: '⏱️', sunny: '☀️', tada: '🎉', telephone_receiver: '📞',
  thinking_face: '🤔', trophy: '🏆', wave: '👋', warning: '⚠️', white_check_mark: '✅',
  white_circle: '⚪', x: '❌', zap: '⚡', calendar_spiral: '🗓️', heavy_exclamation_mark: '❗',
  grey_question: '❔', hand: '✋', raising_hand: '🙋', bow: '🙇', handshake_: '🤝',
};

const HOLE = /\u0001(\d+)\u0002/g;

export function escapeHTML(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

// decode undoes Slack's escaping of &, < and >.
export function decode(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function emoji(name) {
  return EMOJI[name];
}

// mrkdwn renders Slack text. ctx.user(id) and ctx.channel(id) name people
// and channels.
export function mrkdwn(text, ctx) {
  const holes = [];
  const hole = (html) => `\u0001${holes.push(html) - 1}\u0002`;
  let s = String(text ?? '');
  s = s.replace(/```([\s\S]*?)```/g, (_, code) => hole(`<pre class="code-block">${escapeHTML(decode(code.replace(/^\n/, '')))}</pre>`));
  s = s.replace(/`([^`\n]+)`/g, (_, code) => hole(`<code>${escapeHTML(decode(code))}</code>`));
  s = s.replace(/<([^<>\n]+)>/g, (_, inner) => hole(markup(inner, ctx)));
  s = escapeHTML(decode(s));
  s = quotes(s);
  s = inline(s);
  s = s.replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] ? `<span class="emoji" title=":${name}:">${EMOJI[name]}</span>` : m);
  s = s.replace(/\n/g, '<br>');
  for (let i = 0; i < 3 && s.includes('\u0001'); i++) {
    s = s.replace(HOLE, (_, n) => holes[Number(n)]);
  }
  return s;
}

// plain renders plain_text: escaped, with emoji when asked.
export function plain(obj) {
  let s = escapeHTML(String(obj?.text ?? ''));
  if (obj?.emoji !== false) {
    s = s.replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] ?? m);
  }
  return s.replace(/\n/g, '<br>');
}

// text renders a text object of either type.
export function text(obj, ctx) {
  if (!obj) return '';
  return obj.type === 'mrkdwn' ? mrkdwn(obj.text, ctx) : plain(obj);
}

function markup(inner, ctx) {
  const bar = inner.indexOf('|');
  const ref = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? '' : decode(inner.slice(bar + 1));
  if (ref.startsWith('@')) {
    const name = ctx?.user?.(ref.slice(1)) ?? label ?? ref.slice(1);
    return `<span class="mention">@${escapeHTML(name || ref.slice(1))}</span>`;
  }
  if (ref.startsWith('#')) {
    const name = ctx?.channel?.(ref.slice(1)) ?? label ?? ref.slice(1);
    return `<span class="mention">#${escapeHTML(name || ref.slice(1))}</span>`;
  }
  if (ref.startsWith('!')) {
    return special(ref.slice(1), label);
  }
  const url = decode(ref);
  if (!/^(https?:|mailto:)/i.test(url)) {
    return escapeHTML(label || url);
  }
  return `<a href="${escapeHTML(url)}" target="_blank" rel="noopener noreferrer">${escapeHTML(label || url)}</a>`;
}

function special(name, label) {
  if (['here', 'channel', 'everyone'].includes(name)) {
    return `<span class="mention broadcast">@${name}</span>`;
  }
  if (name.startsWith('date^')) {
    const [, ts] = name.split('^');
    const d = new Date(Number(ts) * 1000);
    return escapeHTML(isNaN(d) ? label : d.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' }));
  }
  if (name.startsWith('subteam^')) {
    return `<span class="mention">${escapeHTML(label || '@group')}</span>`;
  }
  return escapeHTML(label || '@' + name);
}

// quotes turns lines starting with "> " into block quotes.
function quotes(s) {
  const lines = s.split('\n');
  const out = [];
  let quote = [];
  const flush = () => {
    if (quote.length) out.push(`<blockquote>${quote.join('\n')}</blockquote>`);
    quote = [];
  };
  for (const line of lines) {
    const m = line.match(/^&gt;\s?(.*)$/);
    if (m) {
      quote.push(m[1]);
    } else {
      flush();
      out.push(line);
    }
  }
  flush();
  return out.join('\n').replace(/<\/blockquote>\n/g, '</blockquote>');
}

// inline applies *bold*, _italics_ and ~strikethrough~, which Slack only
// recognizes at word boundaries.
function inline(s) {
  const rule = (mark, tag) => {
    const m = mark === '*' ? '\\*' : mark;
    const re = new RegExp(`(^|[\\s(>\\u0002\\u0001*_~"'])${m}(?=\\S)([^${m}\\n]*?[^\\s${m}])${m}(?=$|[\\s).,!?:;<\\u0001*_~"'-])`, 'g');
    s = s.replace(re, (_, pre, body) => `${pre}<${tag}>${body}</${tag}>`);
  };
  rule('*', 'b');
  rule('_', 'i');
  rule('~', 's');
  return s;
}
