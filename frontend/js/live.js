// @ts-check
// Subscriptions: one WebSocket to /graphql/ws per subscription, speaking the graphql-transport-ws protocol
// that the API serves (and graphql-ws clients speak). The signed-in session's token goes in the
// `connection_init` payload, as the API asks. A page's subscription ends when the page is left (the
// router's `whenLeft`); a dropped connection is opened again after a pause that grows, up to half a minute.

import { sessionToken } from './session.js';
import { whenLeft } from './router.js';

/** The longest pause before connecting again. */
const MAX_PAUSE_MS = 30_000;

/**
 * Follows a subscription of queries.js while the current page is shown: `onData` gets each result's `data`
 * (the first as soon as the API sends it). Problems are left to the page's own reading of the same
 * values, which the subscription only keeps fresh.
 * @param {string} query a subscription of queries.js
 * @param {Record<string, unknown>} variables
 * @param {(data: any) => void} onData
 */
export function follow(query, variables, onData) {
  let closed = false;
  let pause = 1000;
  /** @type {WebSocket | null} */
  let socket = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let retry;

  const connect = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql/ws`;
    const ws = new WebSocket(url, 'graphql-transport-ws');
    socket = ws;
    ws.addEventListener('open', () => {
      const token = sessionToken();
      ws.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} }));
    });
    ws.addEventListener('message', (e) => {
      let message;
      try {
        message = JSON.parse(String(e.data));
      } catch (_) {
        return;
      }
      if (message.type === 'connection_ack') {
        pause = 1000;
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
      } else if (message.type === 'ping') {
        ws.send(JSON.stringify({ type: 'pong' }));
      } else if (message.type === 'next' && message.payload && message.payload.data) {
        onData(message.payload.data);
      }
    });
    ws.addEventListener('close', () => {
      if (closed) return;
      retry = setTimeout(connect, pause);
      pause = Math.min(pause * 2, MAX_PAUSE_MS);
    });
  };

  connect();
  whenLeft(() => {
    closed = true;
    clearTimeout(retry);
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000);
  });
}
