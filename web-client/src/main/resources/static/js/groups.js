// Groups (API.md "Chat", groups): making one from my connections, and its members: add one of my connections,
// remove someone (admins only: the server says so otherwise), or leave.
import {call, explain} from './api.js';
import {field, h, mount} from './dom.js';
import {myConnections, nameOf, nameTag} from './people.js';

/** {@code open(target)}: opens the new group's chat. */
export function newGroupView(root, open) {
  const name = h('input', {name: 'groupName', maxlength: 64, required: true});
  const people = h('fieldset', {class: 'choices'}, h('legend', {}, 'Members'));
  const message = h('p', {class: 'error', role: 'alert'});
  const form = h('form', {class: 'card form', onsubmit: async event => {
    event.preventDefault();
    message.textContent = '';
    const memberIds = [...people.querySelectorAll('input:checked')].map(box => box.value);
    try {
      const group = await call('POST', '/api/chat/groups', {name: name.value.trim(), memberIds});
      open({chatId: group.chatId, summary: group});
    } catch (error) {
      message.textContent = explain(error);
    }
  }}, field('Group name', name), people, h('button', {type: 'submit'}, 'Create group'), message);
  mount(root, h('h2', {}, 'New group'), form);
  myConnections().then(users => people.append(...(users.length ? users.map(user =>
      h('label', {class: 'choice'}, h('input', {type: 'checkbox', name: 'member', value: user.id}), nameOf(user)))
      : [h('p', {}, 'Connect with people first.')])));
}

/** The members of a group chat; {@code left()} when I left it. */
export function membersPanel(chat, me, left) {
  let participants = [...chat.participants];
  const list = h('ul', {class: 'list', 'aria-label': 'Members'});
  const add = h('select', {name: 'addMember', 'aria-label': 'Add a member'});
  const message = h('p', {class: 'error', role: 'alert'});

  async function change(action) {
    message.textContent = '';
    try {
      const group = await action();
      if (group) participants = group.participants;
      render();
    } catch (error) {
      message.textContent = explain(error);
    }
  }

  function remove(userId) {
    change(async () => {
      await call('DELETE', `/api/chat/groups/${chat.chatId}/members/${userId}`);
      if (userId === me.id) left();
      participants = participants.filter(id => id !== userId);
    });
  }

  function render() {
    mount(list, participants.map(userId => h('li', {class: 'row', dataset: {userId}}, nameTag(userId),
        userId === me.id ? h('button', {class: 'link', onclick: () => remove(userId)}, 'Leave group')
            : h('button', {class: 'link', onclick: () => remove(userId)}, 'Remove'))));
    myConnections().then(users => mount(add, h('option', {value: ''}, 'Add a member…'),
        users.filter(user => !participants.includes(user.id)).map(user => h('option', {value: user.id}, nameOf(user)))));
  }

  add.addEventListener('change', () => add.value && change(() => call('POST', `/api/chat/groups/${chat.chatId}/members`, {userId: add.value})));
  render();
  return h('details', {class: 'members'}, h('summary', {}, `Members`), list, add, message);
}
