// Media (API.md "Media"): an upload with progress that is usable once processed, and media shown from its
// authenticated URLs.
import {call, mediaUrl} from './api.js';
import * as socket from './socket.js';
import {h} from './dom.js';

/** Uploads {@code file}, showing progress in {@code bar}; resolves with the media once it is ready. */
export async function upload(file, bar) {
  const form = new FormData();
  form.append('file', file);
  bar.hidden = false;
  try {
    const media = await call('POST', '/api/media', null, {form, onProgress: share => { bar.value = share; }});
    await ready(media.mediaId);
    return media;
  } finally {
    bar.hidden = true;
  }
}

/** An upload is usable once its thumbnail is made: waits for media:ready (or reads its state). */
function ready(mediaId) {
  return new Promise((resolve, reject) => {
    const stop = socket.on('media:ready', media => { if (media.mediaId === mediaId) { stop(); resolve(); } });
    call('GET', `/api/media/${mediaId}/info`).then(media => {
      if (media.state === 'ready') { stop(); resolve(); }
      if (media.state === 'failed') { stop(); reject(new Error('The file could not be processed.')); }
    }, error => { stop(); reject(error); });
  });
}

/** The thumbnail (or the whole image or video with {@code full}). */
export function shown(media, {full = false, width = 160} = {}) {
  const video = full && media.kind === 'video';
  const element = h(video ? 'video' : 'img', {class: full ? 'full' : 'thumb', alt: media.fileName || media.kind, width,
    controls: video || null});
  mediaUrl(full ? media.url : media.thumbnailUrl).then(url => { if (url) element.src = url; });
  return element;
}
