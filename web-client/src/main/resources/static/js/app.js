// The reference web client: a shell with sign-in, one view at a time and the call panel on every view. It uses only
// the public contract (API.md) and is small on purpose: read it as documentation of how a client talks to Parley.
import {call, session} from './api.js';
import {callLogView, callPanel, placeCall} from './calls.js';
import {chatList, chatView} from './chats.js';
import {connectView} from './connect.js';
import {h, mount} from './dom.js';
import {newGroupView} from './groups.js';
import {notificationsView, trackInbox} from './notifications.js';
import {nameOf} from './people.js';
import {profileView} from './profile.js';
import {signIn} from './signin.js';
import {statusView} from './status.js';
import * as socket from './socket.js';

const root = document.getElementById('app');
let me = null;
let leave = () => {};

const openChat = target => show(target === 'new-group' ? 'new-group' : 'chat', target);

const views = {
  chats: content => chatList(content, me, openChat),
  chat: (content, target) => chatView(content, me, target, () => show('chats')),
  'new-group': content => newGroupView(content, openChat),
  status: content => statusView(content, me),
  calls: content => callLogView(content, placeCall),
  connect: content => connectView(content, userId => openChat({userId})),
  inbox: content => notificationsView(content, openChat),
  profile: content => profileView(content, me, user => { me = user; root.querySelector('.me').textContent = nameOf(user); }),
};

const sections = [['chats', 'Chats'], ['status', 'Status'], ['calls', 'Calls'], ['connect', 'Connect'], ['inbox', 'Inbox'], ['profile', 'Profile']];

function show(name, argument) {
  leave();
  const content = root.querySelector('#content');
  leave = views[name](content, argument) || (() => {});
  root.querySelectorAll('nav button[data-view]').forEach(button => button.setAttribute('aria-current', button.dataset.view === name));
}

function shell() {
  const unread = h('span', {class: 'badge', 'aria-label': 'unread notifications', hidden: true});
  const nav = h('nav', {'aria-label': 'Sections'},
      ...sections.map(([name, label]) => h('button', {dataset: {view: name}, onclick: () => show(name)}, label, name === 'inbox' ? unread : null)),
      h('button', {class: 'link', onclick: async () => { socket.disconnect(); await session.end(); location.reload(); }}, 'Sign out'));
  const problems = h('p', {class: 'error', role: 'alert'});
  socket.on('error', problem => { problems.textContent = problem.detail || problem.title; });
  mount(root, h('header', {}, h('strong', {class: 'me'}, nameOf(me)), nav), problems, callPanel(), h('section', {id: 'content'}));
  trackInbox(unread);
  socket.connect();
  show('chats');
}

async function start() {
  if (await session.resume()) {
    me = await call('GET', '/api/users/me');
    shell();
  } else {
    signIn(root, user => { me = user; shell(); });
  }
}

start();
