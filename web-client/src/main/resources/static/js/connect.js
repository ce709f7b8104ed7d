// Linking (API.md "QR linking and connections"): my QR code, refreshed before it expires; a field for a
// parley://connect/… link; requests to me, to accept or decline; my connections with presence.
import {call, explain} from './api.js';
import {field, h, mount} from './dom.js';
import {nameOf, presenceTag} from './people.js';
import * as socket from './socket.js';

/** {@code openChat(userId)}: opens a chat with a connection. */
export function connectView(root, openChat) {
  const qr = h('img', {class: 'qr', alt: 'My connection code', width: 220, height: 220});
  const link = h('code', {class: 'link-text'});
  const pasted = h('input', {name: 'link', placeholder: 'parley://connect/…', autocomplete: 'off'});
  const message = h('p', {class: 'error', role: 'alert'});
  const requests = h('ul', {class: 'list', 'aria-label': 'Requests'});
  const connections = h('ul', {class: 'list', 'aria-label': 'Connections'});
  let timer = null;

  async function refreshCode() {
    const code = await call('POST', '/api/qr/generate');
    qr.src = `data:image/png;base64,${code.png}`;
    link.textContent = code.link;
    clearTimeout(timer);
    timer = setTimeout(refreshCode, Math.max(1000, (code.ttlSeconds - 5) * 1000));
  }

  const byId = new Map();
  const render = () => {
    const all = [...byId.values()];
    mount(requests, all.filter(c => c.status === 'pending' && c.direction === 'incoming').map(c => h('li', {class: 'row'},
        h('strong', {}, nameOf(c.user)),
        h('button', {onclick: () => answer('accept', c.connectionId)}, 'Accept'),
        h('button', {class: 'link', onclick: () => answer('decline', c.connectionId)}, 'Decline'))));
    mount(connections, all.filter(c => c.status === 'accepted').map(c => h('li', {class: 'row', dataset: {userId: c.user.id}},
        h('strong', {}, nameOf(c.user)), presenceTag(c.user.id),
        h('button', {onclick: () => openChat(c.user.id)}, 'Message'))));
  };

  async function answer(what, connectionId) {
    try {
      byId.set(connectionId, await call('POST', `/api/connections/${what}`, {connectionId}));
      render();
    } catch (error) {
      message.textContent = explain(error);
    }
  }

  const stops = [
    socket.live('/user/queue/live/connections',
        snapshot => { byId.clear(); snapshot.forEach(c => byId.set(c.connectionId, c)); render(); },
        c => { byId.set(c.connectionId, c); render(); }),
  ];

  const form = h('form', {class: 'card', onsubmit: async event => {
    event.preventDefault();
    message.textContent = '';
    const token = pasted.value.trim().replace(/^parley:\/\/connect\//, '');
    try {
      const connection = await call('POST', '/api/connections/request', {qrToken: token});
      byId.set(connection.connectionId, connection);
      pasted.value = '';
      render();
    } catch (error) {
      message.textContent = explain(error);
    }
  }}, field('Paste a link', pasted), h('button', {type: 'submit'}, 'Connect'), message);

  mount(root, h('h2', {}, 'Connect'), h('div', {class: 'card'}, qr, link), form,
      h('h3', {}, 'Requests'), requests, h('h3', {}, 'Connections'), connections);
  refreshCode().catch(error => { message.textContent = explain(error); });
  return () => { clearTimeout(timer); stops.forEach(stop => stop()); };
}
