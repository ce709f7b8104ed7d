// Status stories (API.md "Status stories"): posting a text or an image/video status for an audience, my statuses
// with their viewers, and the live feed of my connections' statuses, each marked viewed when shown.
import {call, explain} from './api.js';
import {field, h, mount, time} from './dom.js';
import {shown, upload} from './media.js';
import {myConnections, nameOf, nameTag} from './people.js';
import * as socket from './socket.js';

export function statusView(root, me) {
  const text = h('textarea', {name: 'statusText', maxlength: 700, rows: 2, placeholder: 'What is on your mind?'});
  const color = h('input', {type: 'color', name: 'backgroundColor', value: '#1e88e5'});
  const file = h('input', {type: 'file', name: 'statusMedia', accept: 'image/*,video/*', 'aria-label': 'Image or video'});
  const mode = h('select', {name: 'audience'}, [['connections', 'All my connections'], ['only', 'Only…'], ['except', 'All except…']]
      .map(([value, label]) => h('option', {value}, label)));
  const listed = h('fieldset', {class: 'choices', hidden: true}, h('legend', {}, 'People'));
  const progress = h('progress', {max: 1, value: 0, hidden: true});
  const message = h('p', {class: 'error', role: 'alert'});
  const mine = h('ul', {class: 'list', 'aria-label': 'My statuses'});
  const feed = h('ul', {class: 'list', 'aria-label': 'Status feed'});
  const viewer = h('div', {class: 'viewer', hidden: true});
  const entries = new Map();

  mode.addEventListener('change', () => { listed.hidden = mode.value === 'connections'; });
  myConnections().then(users => listed.append(...users
      .map(user => h('label', {class: 'choice'}, h('input', {type: 'checkbox', value: user.id}), nameOf(user)))));

  const form = h('form', {class: 'card form', onsubmit: async event => {
    event.preventDefault();
    message.textContent = '';
    try {
      const body = {audience: {mode: mode.value}};
      if (mode.value !== 'connections') body.audience.userIds = [...listed.querySelectorAll('input:checked')].map(box => box.value);
      if (file.files[0]) {
        const media = await upload(file.files[0], progress);
        Object.assign(body, {type: media.kind, mediaId: media.mediaId});
        if (text.value.trim()) body.caption = text.value.trim();
      } else {
        Object.assign(body, {type: 'text', text: text.value.trim(), backgroundColor: color.value});
      }
      await call('POST', '/api/status', body);
      text.value = '';
      file.value = '';
      loadMine();
    } catch (error) {
      message.textContent = explain(error);
    }
  }}, field('Text (or caption)', text), field('Background', color), field('Image or video', file), field('Who sees it', mode),
      listed, h('button', {type: 'submit'}, 'Post status'), progress, message);

  async function loadMine() {
    const statuses = await call('GET', '/api/status/mine');
    mount(mine, statuses.map(status => {
      const viewers = h('ul', {class: 'list viewers', 'aria-label': 'Viewers'});
      return h('li', {class: 'card', dataset: {statusId: status.statusId}}, preview(status),
          h('button', {class: 'link views', onclick: async () => mount(viewers, (await call('GET', `/api/status/${status.statusId}/views`))
              .map(view => h('li', {}, nameOf(view.user), ' · ', time(view.viewedAt))))}, `${status.viewCount} ${status.viewCount === 1 ? 'view' : 'views'}`),
          h('button', {class: 'link', onclick: async () => { await call('DELETE', `/api/status/${status.statusId}`); loadMine(); }}, 'Delete'),
          viewers);
    }));
  }

  function renderFeed() {
    mount(feed, [...entries.values()].filter(entry => entry.statuses.length).map(entry =>
        h('li', {}, h('button', {class: 'row', dataset: {userId: entry.user.id}, onclick: () => watch(entry.user.id)},
            h('strong', {}, nameOf(entry.user)), h('span', {class: 'preview'}, `${entry.statuses.length} · ${time(entry.latestAt)}`),
            entry.allSeen ? null : h('span', {class: 'badge', 'aria-label': 'unseen'}, 'new')))));
  }

  /** Shows one person's statuses, oldest first, each counted as viewed when shown. */
  function watch(userId, index = 0) {
    const statuses = entries.get(userId)?.statuses || [];
    const status = statuses[index];
    viewer.hidden = !status;
    if (!status) return;
    if (!status.seen) call('POST', `/api/status/${status.statusId}/view`).catch(error => { message.textContent = explain(error); });
    mount(viewer, h('p', {}, nameTag(userId), ` · ${time(status.createdAt)} (${index + 1}/${statuses.length})`), preview(status),
        h('button', {onclick: () => watch(userId, index + 1)}, index + 1 < statuses.length ? 'Next' : 'Close'));
    viewer.querySelector('button').focus();
  }

  const stops = [
    socket.live('/user/queue/live/status-feed',
        snapshot => { entries.clear(); snapshot.forEach(entry => entries.set(entry.user.id, entry)); renderFeed(); },
        entry => { entries.set(entry.user.id, entry); renderFeed(); }),
    socket.on('status:view', loadMine),
  ];

  mount(root, h('h2', {}, 'Status'), viewer, h('h3', {}, 'Recent updates'), feed, h('h3', {}, 'My status'), form, mine);
  loadMine().catch(error => { message.textContent = explain(error); });
  return () => stops.forEach(stop => stop());
}

function preview(status) {
  if (status.type === 'text') {
    return h('p', {class: 'status-text', style: `background:${status.backgroundColor || '#1e88e5'}`}, status.text);
  }
  return h('figure', {class: 'status-media'}, status.media ? shown(status.media, {full: true, width: 320}) : h('em', {}, 'Media deleted'),
      status.caption ? h('figcaption', {}, status.caption) : null);
}
