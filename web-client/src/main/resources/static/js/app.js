// The reference web client: a shell with sign-in and one view at a time. It uses only the public contract
// (API.md) and is small on purpose: read it as documentation of how a client talks to Parley.
import {call, session} from './api.js';
import {chatList, chatView} from './chats.js';
import {connectView} from './connect.js';
import {h, mount} from './dom.js';
import {signIn} from './signin.js';
import * as socket from './socket.js';

const root = document.getElementById('app');
let me = null;
let leave = () => {};

const views = {
  chats: content => chatList(content, me, target => show('chat', target)),
  chat: (content, target) => chatView(content, me, target),
  connect: content => connectView(content, userId => show('chat', {userId})),
};

function show(name, argument) {
  leave();
  const content = root.querySelector('#content');
  leave = views[name](content, argument) || (() => {});
  root.querySelectorAll('nav button').forEach(button => button.setAttribute('aria-current', button.dataset.view === name));
}

function shell() {
  const nav = h('nav', {'aria-label': 'Sections'},
      ...['chats', 'connect'].map(name => h('button', {dataset: {view: name}, onclick: () => show(name)}, name[0].toUpperCase() + name.slice(1))),
      h('button', {class: 'link', onclick: async () => { socket.disconnect(); await session.end(); location.reload(); }}, 'Sign out'));
  const problems = h('p', {class: 'error', role: 'alert'});
  socket.on('error', problem => { problems.textContent = problem.detail || problem.title; });
  mount(root, h('header', {}, h('strong', {class: 'me'}, me.name || me.email || me.phone), nav), problems,
      h('section', {id: 'content'}));
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
