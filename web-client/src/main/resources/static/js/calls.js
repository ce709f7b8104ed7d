// Calls (API.md "Calls"): audio and video between two browsers with RTCPeerConnection; the server relays the offer,
// the answer and the ICE candidates over STOMP and never sees the media. One call at a time, in a panel the shell
// keeps on every screen; and the call log.
import {call, explain} from './api.js';
import {h, mount, time} from './dom.js';
import {nameTag} from './people.js';
import * as socket from './socket.js';

let panel = null;
/** {callId, peerId, media, role, offer, pc, stream, outgoing: candidates before the callId, incoming: before the remote SDP} */
let current = null;

export function callPanel() {
  panel = h('section', {class: 'call card', 'aria-label': 'Call', hidden: true});
  socket.on('call:ringing', ({call: ringing}) => {
    const c = current;
    if (c?.role !== 'caller' || c.callId) return;
    c.callId = ringing.callId;
    c.outgoing.splice(0).forEach(candidate => sendIce(c, candidate));
    render(c, 'Ringing…');
  });
  socket.on('call:offer', ({call: offered, sdp}) => {
    if (current) return;
    current = {callId: offered.callId, peerId: offered.callerId, media: offered.media, role: 'callee', offer: sdp, outgoing: [], incoming: []};
    render(current, 'Incoming call');
  });
  socket.on('call:answer', ({callId, sdp}) => {
    const c = current;
    if (c?.callId === callId) c.pc.setRemoteDescription({type: 'answer', sdp}).then(() => remoteSet(c), error => end(c, error.message));
  });
  socket.on('call:ice', ({callId, candidate}) => {
    const c = current;
    if (c?.callId !== callId) return;
    if (c.remote) c.pc.addIceCandidate(candidate).catch(() => {});
    else c.incoming.push(candidate);
  });
  socket.on('call:answered-elsewhere', ({callId}) => { if (current?.callId === callId) close(current); });
  socket.on('call:ended', ({call: ended}) => {
    if (current?.callId === ended.callId) close(current, `Call ended: ${ended.outcome === 'answered' ? ended.endReason || 'hung up' : ended.outcome}`);
  });
  return panel;
}

export async function placeCall(peerId, media) {
  if (current) return;
  const c = current = {callId: null, peerId, media, role: 'caller', outgoing: [], incoming: []};
  render(c, 'Calling…');
  try {
    await connectMedia(c);
    const offer = await c.pc.createOffer();
    await c.pc.setLocalDescription(offer);
    if (current === c) socket.send('/app/call.offer', {to: peerId, media, sdp: offer.sdp});
  } catch (error) {
    close(c, explain(error));
  }
}

async function answer(c) {
  try {
    await connectMedia(c);
    await c.pc.setRemoteDescription({type: 'offer', sdp: c.offer});
    remoteSet(c);
    const local = await c.pc.createAnswer();
    await c.pc.setLocalDescription(local);
    if (current === c) socket.send('/app/call.answer', {callId: c.callId, sdp: local.sdp});
    render(c, 'Connecting…');
  } catch (error) {
    end(c, explain(error));
  }
}

async function connectMedia(c) {
  const {iceServers} = await call('GET', '/api/calls/ice-servers');
  c.stream = await navigator.mediaDevices.getUserMedia({audio: true, video: c.media === 'video'});
  if (current !== c) throw new Error('The call ended.');
  c.pc = new RTCPeerConnection({iceServers});
  c.stream.getTracks().forEach(track => c.pc.addTrack(track, c.stream));
  c.pc.onicecandidate = ({candidate}) => {
    if (!candidate) return;
    if (c.callId) sendIce(c, candidate);
    else c.outgoing.push(candidate);
  };
  c.localVideo = video(c.stream, 'local', true);
  c.remoteVideo = video(null, 'remote', false);
  c.pc.ontrack = ({streams}) => { c.remoteVideo.srcObject = streams[0]; };
  c.pc.onconnectionstatechange = () => render(c);
  render(c);
}

function remoteSet(c) {
  c.remote = true;
  c.incoming.splice(0).forEach(candidate => c.pc.addIceCandidate(candidate).catch(() => {}));
}

function sendIce(c, candidate) {
  socket.send('/app/call.ice', {callId: c.callId, candidate: candidate.toJSON()});
}

/** Cancels, declines or hangs up (the server tells which from the call's state). */
function end(c, note) {
  if (c.callId) socket.send('/app/call.end', {callId: c.callId});
  close(c, note);
}

function close(c, note) {
  if (current !== c) return;
  current = null;
  c.pc?.close();
  c.stream?.getTracks().forEach(track => track.stop());
  mount(panel, h('p', {role: 'status'}, note || 'Call ended'), h('button', {onclick: () => { panel.hidden = true; }}, 'Close'));
}

function render(c, note) {
  if (current !== c) return;
  if (note) c.note = note;
  panel.hidden = false;
  const state = c.pc?.connectionState || 'new';
  const media = c.pc ? h('div', {class: c.media === 'video' ? 'videos' : 'audio'}, c.remoteVideo, c.localVideo) : null;
  const ringing = c.role === 'callee' && !c.pc;
  mount(panel, h('p', {}, nameTag(c.peerId), ` · ${c.media} call`),
      h('p', {class: 'call-state', dataset: {state}, role: 'status'}, c.pc && state !== 'new' ? state[0].toUpperCase() + state.slice(1) : c.note),
      media,
      ringing ? h('button', {class: 'accept', onclick: () => answer(c)}, 'Answer') : null,
      h('button', {class: 'danger', onclick: () => end(c)}, ringing ? 'Decline' : 'Hang up'));
  if (note) panel.querySelector('button').focus();
}

function video(stream, name, muted) {
  const element = h('video', {class: name, autoplay: true, playsinline: true, muted, 'aria-label': `${name} video`});
  element.muted = muted;
  if (stream) element.srcObject = stream;
  return element;
}

/** {@code callBack(peerId, media)}: calls someone from the log. */
export function callLogView(root, callBack) {
  const list = h('ul', {class: 'list', 'aria-label': 'Call log'});
  const older = h('button', {class: 'link', hidden: true}, 'Older calls');
  const message = h('p', {class: 'error', role: 'alert'});
  let last = null;

  async function page() {
    const answer = await call('GET', `/api/calls?limit=50${last ? `&before=${encodeURIComponent(last)}` : ''}`);
    list.append(...answer.items.map(item => h('li', {class: 'row', dataset: {callId: item.callId, outcome: item.outcome || item.state}},
        h('span', {}, item.direction === 'incoming' ? '↙' : '↗'),
        h('strong', {}, item.peer.name || nameTag(item.peer.id)),
        h('span', {class: 'preview'}, `${item.media} · ${item.outcome || item.state}`,
            item.durationSeconds ? ` · ${item.durationSeconds} s` : '', ` · ${time(item.startedAt)}`),
        h('button', {onclick: () => callBack(item.peer.id, item.media)}, 'Call'))));
    last = answer.items.at(-1)?.startedAt ?? last;
    older.hidden = !answer.hasMore;
  }

  older.addEventListener('click', () => page().catch(error => { message.textContent = explain(error); }));
  mount(root, h('h2', {}, 'Calls'), list, older, message);
  page().catch(error => { message.textContent = explain(error); });
}
