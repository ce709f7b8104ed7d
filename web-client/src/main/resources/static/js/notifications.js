// The notifications inbox (API.md "Notifications and devices"): one live query kept for the whole session (the
// unread count in the navigation), and a view of the inbox, newest first, with read marks and older pages.
import {call, explain} from './api.js';
import {h, mount, time} from './dom.js';
import * as socket from './socket.js';

const items = new Map();
const listeners = new Set();
let unread = 0;

function changed() {
  listeners.forEach(listener => listener());
}

/** Keeps the inbox live while signed in; {@code badge} shows the unread count. */
export function trackInbox(badge) {
  listeners.add(() => {
    badge.textContent = unread ? String(unread) : '';
    badge.hidden = !unread;
  });
  socket.live('/user/queue/live/notifications',
      snapshot => { items.clear(); snapshot.items.forEach(n => items.set(n.id, n)); unread = snapshot.unreadCount; changed(); },
      update => { items.set(update.notification.id, update.notification); unread = update.unreadCount; changed(); });
}

/** {@code openChat(target)}: a chat message notification opens its chat. */
export function notificationsView(root, openChat) {
  const list = h('ul', {class: 'list', 'aria-label': 'Notifications'});
  const message = h('p', {class: 'error', role: 'alert'});
  const older = h('button', {class: 'link', hidden: true}, 'Older notifications');

  const render = () => mount(list, [...items.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(n =>
      h('li', {class: `row notification ${n.read ? 'read' : 'unread'}`, dataset: {type: n.type}},
          h('span', {class: 'preview'}, h('strong', {}, n.title), ' ', n.body, ' ', h('small', {}, time(n.createdAt))),
          n.data?.chatId ? h('button', {onclick: () => { read(n); openChat({chatId: n.data.chatId}); }}, 'Open') : null,
          n.read ? null : h('button', {class: 'link', onclick: () => read(n)}, 'Mark read'))));

  async function read(n) {
    try {
      if (!n.read) await call('POST', `/api/notifications/${n.id}/read`);
    } catch (error) {
      message.textContent = explain(error);
    }
  }

  async function page(before) {
    const answer = await call('GET', `/api/notifications?limit=50${before ? `&before=${encodeURIComponent(before)}` : ''}`);
    answer.items.forEach(n => items.set(n.id, n));
    older.hidden = !answer.hasMore;
    render();
  }

  older.addEventListener('click', () => page([...items.values()].map(n => n.createdAt).sort()[0]));
  listeners.add(render);
  mount(root, h('h2', {}, 'Notifications'),
      h('button', {onclick: () => call('POST', '/api/notifications/read-all').catch(error => { message.textContent = explain(error); })}, 'Mark all read'),
      list, older, message);
  page().catch(error => { message.textContent = explain(error); });
  return () => listeners.delete(render);
}
