// My profile (API.md "Users"): name, bio and gender, the avatar (an image upload, or removed), and deleting the
// account, which erases my personal data.
import {call, explain, mediaUrl, session} from './api.js';
import {field, h, mount} from './dom.js';

const GENDERS = ['unspecified', 'female', 'male', 'non_binary', 'other'];

/** {@code changed(user)}: the shell shows the new name. */
export function profileView(root, me, changed) {
  const name = h('input', {name: 'name', maxlength: 64, value: me.name || ''});
  const bio = h('textarea', {name: 'bio', maxlength: 140, rows: 2}, me.bio || '');
  const gender = h('select', {name: 'gender'}, GENDERS.map(value =>
      h('option', {value, selected: (me.gender || 'unspecified') === value}, value.replace('_', '-'))));
  const picture = h('img', {class: 'avatar large', alt: 'My avatar', width: 96, height: 96, hidden: true});
  const file = h('input', {type: 'file', name: 'avatar', accept: 'image/png,image/jpeg,image/webp', 'aria-label': 'New avatar'});
  const progress = h('progress', {max: 1, value: 0, hidden: true});
  const message = h('p', {class: 'error', role: 'alert'});
  const saved = h('p', {class: 'saved', role: 'status'});

  function show(user) {
    me = user;
    changed(user);
    picture.hidden = !user.avatarUrl;
    if (user.avatarUrl) mediaUrl(user.avatarUrl).then(url => { if (url) picture.src = url; });
  }

  async function attempt(action, done) {
    message.textContent = '';
    saved.textContent = '';
    try {
      show(await action());
      saved.textContent = done;
    } catch (error) {
      message.textContent = explain(error);
    } finally {
      progress.hidden = true;
    }
  }

  const details = h('form', {class: 'card form', onsubmit: event => {
    event.preventDefault();
    attempt(() => call('PATCH', '/api/users/me', {name: name.value.trim(), bio: bio.value.trim(), gender: gender.value}), 'Saved.');
  }}, field('Name', name), field('About', bio), field('Gender', gender), h('button', {type: 'submit'}, 'Save'));

  file.addEventListener('change', () => {
    if (!file.files[0]) return;
    const form = new FormData();
    form.append('file', file.files[0]);
    progress.hidden = false;
    attempt(() => call('PUT', '/api/users/me/avatar', null, {form, onProgress: share => { progress.value = share; }}), 'Avatar changed.')
        .then(() => { file.value = ''; });
  });

  const avatar = h('div', {class: 'card form'}, picture, field('Avatar (PNG, JPEG or WebP, up to 5 MiB)', file), progress,
      h('button', {type: 'button', class: 'link', onclick: () => attempt(() => call('DELETE', '/api/users/me/avatar'), 'Avatar removed.')}, 'Remove avatar'));

  const account = h('div', {class: 'card'}, h('p', {}, me.email || me.phone),
      h('button', {type: 'button', class: 'danger', onclick: async () => {
        if (!confirm('Delete your account? Your profile is erased and cannot be restored.')) return;
        try {
          await call('DELETE', '/api/users/me');
          await session.end();
          location.reload();
        } catch (error) {
          message.textContent = explain(error);
        }
      }}, 'Delete my account'));

  mount(root, h('h2', {}, 'Profile'), details, avatar, account, message, saved);
  show(me);
}
