// Chats (API.md "Chat"): the live chat list, a chat with history paging, sending (text and media, with progress),
// typing, and delivered/read ticks. Offline catch-up as README "Chat" says: on every (re)connect, fetch what came
// after the last seq seen, then mark delivered.
import {call, explain, mediaUrl} from './api.js';
import {h, mount, time} from './dom.js';
import * as socket from './socket.js';

const PAGE = 50;

export function chatList(root, me, open) {
  const list = h('ul', {class: 'list', 'aria-label': 'Chats'});
  const chats = new Map();
  const render = () => mount(list, [...chats.values()]
      .sort((a, b) => (b.updatedAt || '').localeCompare(a.updatedAt || ''))
      .map(chat => h('li', {},
          h('button', {class: 'row', dataset: {chatId: chat.chatId}, onclick: () => open({chatId: chat.chatId})},
              h('strong', {}, chat.name || chat.participants.filter(id => id !== me.id).join(', ')),
              h('span', {class: 'preview'}, chat.lastMessage?.text ?? (chat.lastMessage?.media ? `[${chat.lastMessage.type}]` : '')),
              chat.unreadCount ? h('span', {class: 'badge', 'aria-label': 'unread'}, String(chat.unreadCount)) : null))));
  const stop = socket.live('/user/queue/live/chats',
      snapshot => { chats.clear(); snapshot.forEach(chat => chats.set(chat.chatId, chat)); render(); },
      chat => { chats.set(chat.chatId, chat); render(); });
  mount(root, h('h2', {}, 'Chats'), list);
  return stop;
}

/** {@code target}: {chatId} of a chat, or {userId} of a connection with no chat yet (the first message makes it). */
export function chatView(root, me, target) {
  let chatId = target.chatId ?? null;
  const messages = new Map();
  const log = h('ol', {class: 'messages', 'aria-label': 'Messages'});
  const text = h('input', {name: 'text', placeholder: 'Message', autocomplete: 'off', maxlength: 4096});
  const file = h('input', {type: 'file', name: 'file', 'aria-label': 'Attach'});
  const progress = h('progress', {max: 1, value: 0, hidden: true});
  const typing = h('p', {class: 'typing', 'aria-live': 'polite'});
  const error = h('p', {class: 'error', role: 'alert'});
  const older = h('button', {type: 'button', class: 'link'}, 'Older messages');
  let lastSeq = 0;
  let typingSent = 0;

  const render = () => mount(log, [...messages.values()].sort((a, b) => a.seq - b.seq).map(message => bubble(message, me)));

  function add(list) {
    list.forEach(message => messages.set(message.messageId, message));
    lastSeq = Math.max(lastSeq, ...list.map(message => message.seq));
    render();
  }

  async function page(query) {
    if (!chatId) return {messages: [], hasMore: false};
    const answer = await call('GET', `/api/chat/${chatId}?limit=${PAGE}${query}`);
    add(answer.messages);
    return answer;
  }

  /** What came while the socket was down (or before this view opened), then a read mark. */
  async function catchUp() {
    let answer;
    do {
      answer = await page(`&after=${lastSeq}`);
    } while (answer.hasMore);
    markRead();
  }

  function markRead() {
    if (chatId && lastSeq > 0 && document.visibilityState === 'visible') socket.send('/app/chat.read', {chatId, seq: lastSeq});
  }

  older.addEventListener('click', async () => {
    const first = Math.min(...[...messages.values()].map(message => message.seq));
    const answer = await page(`&before=${first}`);
    older.hidden = !answer.hasMore;
  });

  const unsubscribe = [
    socket.on('chat:receive', message => {
      if (message.chatId !== chatId) return;
      add([message]);
      if (message.senderId !== me.id) markRead();
    }),
    socket.on('chat:typing', event => {
      if (event.chatId === chatId && event.userId !== me.id) typing.textContent = event.typing ? 'typing…' : '';
    }),
    ...['chat:delivered', 'chat:read'].map(type => socket.on(type, event => {
      if (event.chatId !== chatId || event.userId === me.id) return;
      messages.forEach(message => {
        if (message.senderId === me.id && message.seq <= event.seq && message.status !== 'read') {
          message.status = type === 'chat:read' || message.status === 'read' ? 'read' : 'delivered';
        }
      });
      render();
    })),
    socket.on('socket:open', catchUp),
  ];

  text.addEventListener('input', () => {
    if (Date.now() - typingSent > 3000) {
      typingSent = Date.now();
      socket.send('/app/chat.typing', {chatId, typing: true});
    }
  });

  const form = h('form', {class: 'composer', onsubmit: async event => {
    event.preventDefault();
    error.textContent = '';
    try {
      let mediaId;
      if (file.files[0]) {
        const form = new FormData();
        form.append('file', file.files[0]);
        progress.hidden = false;
        mediaId = (await call('POST', '/api/media', null, {form, onProgress: share => { progress.value = share; }})).mediaId;
        await ready(mediaId);
      }
      const body = {to: chatId ?? target.userId, clientMessageId: crypto.randomUUID()};
      if (text.value.trim()) body.text = text.value.trim();
      if (mediaId) body.mediaId = mediaId;
      const sent = await call('POST', '/api/chat/send', body);
      chatId = sent.chatId;
      add([sent]);
      text.value = '';
      file.value = '';
      socket.send('/app/chat.typing', {chatId, typing: false});
    } catch (failure) {
      error.textContent = explain(failure);
    } finally {
      progress.hidden = true;
    }
  }}, text, file, h('button', {type: 'submit'}, 'Send'), progress);

  mount(root, h('section', {class: 'chat', 'aria-label': 'Chat'}, older, log, typing, form, error));
  page('').then(answer => { older.hidden = !answer.hasMore; markRead(); }).catch(failure => { error.textContent = explain(failure); });
  text.focus();
  return () => unsubscribe.forEach(stop => stop());
}

/** An upload is usable once its thumbnail is made: waits for media:ready (or reads its state). */
function ready(mediaId) {
  return new Promise((resolve, reject) => {
    const stop = socket.on('media:ready', media => { if (media.mediaId === mediaId) { stop(); resolve(); } });
    call('GET', `/api/media/${mediaId}/info`).then(media => {
      if (media.state === 'ready') { stop(); resolve(); }
      if (media.state === 'failed') { stop(); reject(new Error('The file could not be processed.')); }
    });
  });
}

function bubble(message, me) {
  const mine = message.senderId === me.id;
  const item = h('li', {class: mine ? 'mine' : 'theirs', dataset: {seq: message.seq}},
      message.type === 'erased' ? h('em', {}, 'Message erased') : null,
      message.media?.thumbnailUrl ? thumbnail(message.media) : message.media ? h('span', {class: 'file'}, message.media.fileName) : null,
      message.text ? h('span', {class: 'text'}, message.text) : null,
      h('small', {}, time(message.sentAt), mine ? h('span', {class: `tick ${message.status}`, 'aria-label': message.status},
          message.status === 'sent' ? '✓' : '✓✓') : null));
  return item;
}

function thumbnail(media) {
  const image = h('img', {class: 'thumb', alt: media.fileName || media.kind, width: 160});
  mediaUrl(media.thumbnailUrl).then(url => { if (url) image.src = url; });
  return image;
}
