// The STOMP side (API.md "WebSocket"): one connection, the pushes on /user/queue/events dispatched by type, live
// queries as snapshot-then-updates, and SENDs to /app/... Reconnects by itself with a fresh access token; each
// (re)connect is dispatched as 'socket:open', on which views catch up.
import {Client} from '/webjars/stomp__stompjs/7.2.1/esm6/index.js';
import {session} from './api.js';

const handlers = new Map();
const lives = new Map();
let client = null;

export function on(type, handler) {
  if (!handlers.has(type)) handlers.set(type, new Set());
  handlers.get(type).add(handler);
  return () => handlers.get(type).delete(handler);
}

function dispatch(type, data) {
  (handlers.get(type) || []).forEach(handler => handler(data));
}

export function connect() {
  client = new Client({
    brokerURL: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
    reconnectDelay: 2000,
    heartbeatIncoming: 20000,
    heartbeatOutgoing: 20000,
    beforeConnect: () => {
      client.connectHeaders = {Authorization: `Bearer ${session.token}`};
    },
    onConnect: () => {
      client.subscribe('/user/queue/events', frame => {
        const {type, data} = JSON.parse(frame.body);
        dispatch(type, data);
      });
      client.subscribe('/user/queue/errors', frame => dispatch('error', JSON.parse(frame.body)));
      lives.forEach((live, destination) => subscribeLive(destination, live));
      dispatch('socket:open', null);
    },
  });
  client.activate();
}

export function disconnect() {
  lives.clear();
  client?.deactivate();
  client = null;
}

export function send(destination, body) {
  if (client?.connected) client.publish({destination, body: JSON.stringify(body)});
}

/** A live query: {@code snapshot(data)} first, then {@code update(data)} for each change, also across reconnects. */
export function live(destination, snapshot, update) {
  const entry = {snapshot, update, subscription: null};
  lives.set(destination, entry);
  if (client?.connected) subscribeLive(destination, entry);
  return () => {
    entry.subscription?.unsubscribe();
    lives.delete(destination);
  };
}

function subscribeLive(destination, entry) {
  entry.subscription = client.subscribe(destination, frame => {
    const {type, data} = JSON.parse(frame.body);
    (type === 'snapshot' ? entry.snapshot : entry.update)(data);
  });
}
