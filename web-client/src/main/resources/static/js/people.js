// People behind ids: chats, groups, calls and statuses carry user ids; their public views (API.md "Users") are
// fetched once per page load and shown as they arrive, and so is the presence of connections.
import {call} from './api.js';
import {h, time} from './dom.js';
import * as socket from './socket.js';

const views = new Map();

export function person(userId) {
  if (!views.has(userId)) views.set(userId, call('GET', `/api/users/${encodeURIComponent(userId)}`).catch(() => ({id: userId})));
  return views.get(userId);
}

/** The public views of my accepted connections. */
export async function myConnections() {
  return (await call('GET', '/api/connections')).filter(connection => connection.status === 'accepted').map(connection => connection.user);
}

export function nameOf(user) {
  return user?.name || user?.email || user?.phone || 'Someone';
}

/** A span that shows the user's name once known. */
export function nameTag(userId) {
  const tag = h('span', {class: 'name'}, '…');
  person(userId).then(user => { tag.textContent = nameOf(user); });
  return tag;
}

/** Presence (API.md "Presence") of connections: read once, then kept by the user:online/offline pushes. */
const presence = new Map();

function setPresence(status) {
  presence.set(status.userId, status);
  document.querySelectorAll(`[data-presence-of="${CSS.escape(status.userId)}"]`).forEach(tag => showPresence(tag, status));
}

function showPresence(tag, status) {
  tag.dataset.online = status.online;
  tag.textContent = status.online ? 'online' : status.lastSeen ? `last seen ${time(status.lastSeen)}` : 'offline';
}

socket.on('user:online', event => setPresence({...event, online: true}));
socket.on('user:offline', event => setPresence({...event, online: false}));
socket.on('socket:open', () => presence.clear());

export function presenceTag(userId) {
  const tag = h('small', {class: 'presence', dataset: {presenceOf: userId}});
  if (presence.has(userId)) showPresence(tag, presence.get(userId));
  else call('GET', `/api/presence/${encodeURIComponent(userId)}`).then(setPresence, () => {});
  return tag;
}
