// Chats (API.md "Chat"): the live chat list, a chat with history paging, sending (text and media, with progress),
// typing, and delivered/read ticks. Offline catch-up as README "Chat" says: on every (re)connect, fetch what came
// after the last seq seen, then mark delivered.
import {call, explain} from './api.js';
import {h, mount, time} from './dom.js';
import {placeCall} from './calls.js';
import {membersPanel} from './groups.js';
import {shown, upload} from './media.js';
import {nameTag, presenceTag} from './people.js';
import * as socket from './socket.js';

const PAGE = 50;

/** {@code open(target)}: a chat ({chatId, summary}) or the new group form ('new-group'). */
export function chatList(root, me, open) {
  const list = h('ul', {class: 'list', 'aria-label': 'Chats'});
  const chats = new Map();
  const render = () => mount(list, [...chats.values()]
      .sort((a, b) => (b.updatedAt || '').localeCompare(a.updatedAt || ''))
      .map(chat => h('li', {},
          h('button', {class: 'row', dataset: {chatId: chat.chatId}, onclick: () => open({chatId: chat.chatId, summary: chat})},
              h('strong', {}, chat.type === 'group' ? chat.name : nameTag(peerOf(chat, me))),
              chat.type === 'group' ? null : presenceTag(peerOf(chat, me)),
              h('span', {class: 'preview'}, chat.lastMessage?.text ?? (chat.lastMessage?.media ? `[${chat.lastMessage.type}]` : '')),
              chat.unreadCount ? h('span', {class: 'badge', 'aria-label': 'unread'}, String(chat.unreadCount)) : null))));
  const stop = socket.live('/user/queue/live/chats',
      snapshot => { chats.clear(); snapshot.forEach(chat => chats.set(chat.chatId, chat)); render(); },
      chat => { chats.set(chat.chatId, chat); render(); });
  mount(root, h('h2', {}, 'Chats'), h('button', {onclick: () => open('new-group')}, 'New group'), list);
  return stop;
}

function peerOf(chat, me) {
  return chat.participants.find(id => id !== me.id) ?? me.id;
}

/**
 * {@code target}: {chatId, summary?} of a chat, or {userId} of a connection (with no chat yet, the first message makes
 * it); {@code back()} returns to the list.
 */
export function chatView(root, me, target, back) {
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

  let group = false;
  /** Each message's media element, made (and its bytes fetched) once, not on every render. */
  const pictures = new Map();
  const picture = message => {
    if (!pictures.has(message.messageId)) pictures.set(message.messageId, shown(message.media));
    return pictures.get(message.messageId);
  };

  const render = () => mount(log, [...messages.values()].sort((a, b) => a.seq - b.seq).map(message => bubble(message, me, group, picture)));

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
    if (chatId && Date.now() - typingSent > 3000) {
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
        mediaId = (await upload(file.files[0], progress)).mediaId;
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
    }
  }}, text, file, h('button', {type: 'submit'}, 'Send'), progress);

  const header = h('header', {class: 'chat-header'}, h('button', {class: 'link', onclick: back, 'aria-label': 'Back to chats'}, '←'));
  mount(root, h('section', {class: 'chat', 'aria-label': 'Chat',
    onkeydown: event => { if (event.key === 'Escape') back(); }}, header, older, log, typing, form, error));
  describe(target, me).then(chat => {
    chatId ??= chat.chatId;
    group = chat.type === 'group';
    header.append(...(group
        ? [h('strong', {}, chat.name), membersPanel(chat, me, back)]
        : chat.peerId ? [h('strong', {}, nameTag(chat.peerId)), presenceTag(chat.peerId),
          h('button', {onclick: () => placeCall(chat.peerId, 'audio')}, 'Audio call'),
          h('button', {onclick: () => placeCall(chat.peerId, 'video')}, 'Video call')] : []));
    return page('');
  }).then(answer => { older.hidden = !answer.hasMore; markRead(); }).catch(failure => { error.textContent = explain(failure); });
  text.focus();
  return () => unsubscribe.forEach(stop => stop());
}

/** The chat the view shows: a group, or a 1:1 chat with its other person (and its id, once the chat exists). */
async function describe(target, me) {
  const known = target.summary ? [target.summary] : await call('GET', `/api/chat/user/${me.id}`);
  const chat = known.find(summary => target.userId
      ? summary.type !== 'group' && peerOf(summary, me) === target.userId : summary.chatId === target.chatId);
  if (!chat) return {type: 'direct', peerId: target.userId, chatId: target.chatId ?? null};
  return chat.type === 'group' ? chat : {type: 'direct', peerId: peerOf(chat, me), chatId: chat.chatId};
}

function bubble(message, me, group, picture) {
  const mine = message.senderId === me.id;
  const item = h('li', {class: mine ? 'mine' : 'theirs', dataset: {seq: message.seq}},
      group && !mine ? h('small', {class: 'sender'}, nameTag(message.senderId)) : null,
      message.type === 'erased' ? h('em', {}, 'Message erased') : null,
      message.media?.thumbnailUrl ? picture(message) : message.media ? h('span', {class: 'file'}, message.media.fileName) : null,
      message.text ? h('span', {class: 'text'}, message.text) : null,
      h('small', {}, time(message.sentAt), mine ? h('span', {class: `tick ${message.status}`, 'aria-label': message.status},
          message.status === 'sent' ? '✓' : '✓✓') : null));
  return item;
}
