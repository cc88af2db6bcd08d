// The local chat page. It renders the Adaptive Card JSON the Teams adapter would send, with the official
// renderer; it decides nothing itself. Every user or corpus string reaches the DOM as text, never as HTML.
'use strict';

// The page's own words come from the core's i18n (GET /ui.json), like every reply.
let UI = {};

const state = {
  lang: localStorage.getItem('ssr-lang') || ((navigator.language || 'zh').toLowerCase().startsWith('zh') ? 'zh' : 'en'),
  session: sessionStorage.getItem('ssr-session') || makeSession(),
};
sessionStorage.setItem('ssr-session', state.session);

function makeSession() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const log = document.getElementById('log');
const form = document.getElementById('ask');
const input = document.getElementById('text');
const send = document.getElementById('send');

function applyLanguage() {
  const t = UI[state.lang];
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t[el.dataset.i18n];
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t[el.dataset.i18nPlaceholder];
  document.getElementById('lang').textContent = UI[state.lang === 'zh' ? 'en' : 'zh'].selfName;
}

document.getElementById('lang').addEventListener('click', () => {
  state.lang = state.lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('ssr-lang', state.lang);
  applyLanguage();
});
document.getElementById('show-slack').addEventListener('change', (e) => document.body.classList.toggle('show-slack', e.target.checked));

// Markdown in cards: only what Teams supports for bot text here (bold, escapes, line breaks, lists). HTML is escaped first.
function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
function inlineMarkdown(text) {
  // Backslash escapes, **bold** and line breaks. Every literal character goes through escapeHtml, so nothing
  // in a question or the document can become markup.
  let out = '';
  let bold = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && /[!-\/:-@[-`{-~]/.test(text[i + 1])) {
      out += escapeHtml(text[i + 1]);
      i++;
    } else if (c === '*' && text[i + 1] === '*') {
      out += bold ? '</strong>' : '<strong>';
      bold = !bold;
      i++;
    } else if (c === '\n') {
      out += '<br>';
    } else {
      out += escapeHtml(c);
    }
  }
  return bold ? `${out}</strong>` : out;
}
function markdownToHtml(text) {
  // A tiny reader for the markdown the cards use: lines starting "- " are list items (an escaped "\-" is
  // not), everything else is inline text.
  const parts = [];
  let items = [];
  let plain = [];
  const flushItems = () => {
    if (items.length) parts.push(`<ul>${items.map((l) => `<li>${inlineMarkdown(l)}</li>`).join('')}</ul>`);
    items = [];
  };
  const flushPlain = () => {
    if (plain.length) parts.push(inlineMarkdown(plain.join('\n')));
    plain = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('- ')) {
      flushPlain();
      items.push(line.slice(2));
    } else {
      flushItems();
      plain.push(line);
    }
  }
  flushItems();
  flushPlain();
  return parts.join('');
}

function addUser(text) {
  const div = document.createElement('div');
  div.className = 'msg user';
  div.textContent = text;
  log.appendChild(div);
  div.scrollIntoView({ block: 'end' });
}

function addError(message) {
  const div = document.createElement('div');
  div.className = 'msg bot error';
  div.setAttribute('role', 'alert');
  div.textContent = UI[state.lang].error + message;
  log.appendChild(div);
  div.scrollIntoView({ block: 'end' });
}

// Shown from sending until the reply (or the error) is there.
function showThinking() {
  const div = document.createElement('div');
  div.className = 'msg bot thinking';
  div.setAttribute('role', 'status');
  div.textContent = UI[state.lang].thinking;
  log.appendChild(div);
  div.scrollIntoView({ block: 'end' });
  return div;
}

// The reply's suggestions (questions and references to try) as buttons that ask them.
function suggestionButtons(suggestions) {
  const nav = document.createElement('div');
  nav.className = 'suggestions';
  nav.setAttribute('role', 'group');
  nav.setAttribute('aria-label', UI[state.lang].suggestions);
  for (const text of suggestions) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'suggestion';
    b.textContent = text;
    b.addEventListener('click', () => ask(text));
    nav.appendChild(b);
  }
  return nav;
}

function addBot(payload) {
  const wrap = document.createElement('div');
  wrap.className = 'msg bot';
  wrap.dataset.kind = payload.reply.kind;
  const cardHost = document.createElement('div');
  cardHost.className = 'card';
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = new AdaptiveCards.HostConfig({ fontFamily: 'inherit', supportsInteractivity: true });
  card.onExecuteAction = (action) => {
    const data = action.data || {};
    if (typeof data.ssrAction === 'string') runAction(data.ssrAction);
  };
  card.parse(payload.card);
  const rendered = card.render();
  cardHost.appendChild(rendered);
  wrap.appendChild(cardHost);
  if (payload.reply.suggestions.length && payload.reply.hits.length === 0) wrap.appendChild(suggestionButtons(payload.reply.suggestions));
  const details = document.createElement('details');
  details.className = 'slack-json';
  const summary = document.createElement('summary');
  summary.textContent = 'Slack Block Kit JSON';
  const pre = document.createElement('pre');
  pre.textContent = JSON.stringify(payload.slack, null, 2);
  details.append(summary, pre);
  wrap.appendChild(details);
  log.appendChild(wrap);
  wrap.scrollIntoView({ block: 'start' });
}

async function post(path, body) {
  send.disabled = true;
  const thinking = showThinking();
  try {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, session: state.session, locale: state.lang }) });
    const json = await res.json().catch(() => ({ error: res.statusText }));
    if (!res.ok) throw new Error(json.error || res.statusText);
    addBot(json);
  } catch (err) {
    addError(err.message);
  } finally {
    thinking.remove();
    send.disabled = false;
  }
}

function runAction(value) {
  return post('/api/action', { value });
}

function ask(text) {
  addUser(text);
  return post('/api/chat', { text });
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = input.value;
  if (!text.trim()) return;
  input.value = '';
  ask(text);
});
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    form.requestSubmit();
  }
});

window.addEventListener('DOMContentLoaded', async () => {
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = markdownToHtml(text);
    result.didProcess = true;
  };
  UI = await (await fetch('/ui.json')).json();
  applyLanguage();
  // Empty text is the help command in every language.
  post('/api/chat', { text: '' });
});
