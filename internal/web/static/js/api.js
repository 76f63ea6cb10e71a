// The page's only way to the server: GraphQL over HTTP at /query with the
// sign-in token, and subscriptions over graphql-transport-ws on the same
// path. The token lives in sessionStorage, so it ends with the tab.

const TOKEN = 'simasn.token';

/** An error the API returned, with its extensions.code and field. */
export class APIError extends Error {
  constructor(message, code, field, extra) {
    super(message);
    this.name = 'APIError';
    this.code = code || 'INTERNAL';
    this.field = field || null;
    Object.assign(this, extra);
  }
}

let token = null;
try { token = sessionStorage.getItem(TOKEN); } catch { /* storage disabled: sign in per page load */ }

/** Whether the tab holds a token. */
export function hasToken() { return !!token; }

/** The token, for the websocket and CSV downloads. */
export function getToken() { return token; }

/** Keeps (or with null, drops) the token. */
export function setToken(t) {
  token = t;
  try {
    if (t) sessionStorage.setItem(TOKEN, t); else sessionStorage.removeItem(TOKEN);
  } catch { /* not kept across reloads */ }
}

const listeners = new Set();
/** Calls fn when a request finds the token rejected (expired, revoked). */
export function onUnauthenticated(fn) { listeners.add(fn); }

function toError(e) {
  const ext = e.extensions || {};
  return new APIError(e.message, ext.code, ext.field, { retryAfterSeconds: ext.retryAfterSeconds, path: e.path });
}

/**
 * Runs a query or mutation. Resolves with data; rejects with an APIError
 * (the first error) when there is any error, unless partial is set, in
 * which case data comes back with the errors beside it.
 */
export async function gql(query, variables = {}, { partial = false } = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch('/query', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  } catch {
    throw new APIError('network', 'NETWORK');
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new APIError(`HTTP ${res.status}`, res.status === 401 ? 'UNAUTHENTICATED' : 'NETWORK');
  }
  const errors = (body.errors || []).map(toError);
  if (errors.some((e) => e.code === 'UNAUTHENTICATED') && token) {
    listeners.forEach((fn) => fn());
  }
  if (partial && body.data) return { data: body.data, errors };
  if (errors.length) {
    const e = errors[0];
    e.all = errors;
    throw e;
  }
  return body.data;
}

/**
 * Follows a subscription over graphql-transport-ws on its own connection,
 * reconnecting with back-off when the connection drops or the server ends
 * the stream (SLOW_SUBSCRIBER, UNAVAILABLE). variables() is asked again at
 * every (re)subscription, so a feed resumes after the last cursor it saw.
 * onState receives 'connecting', 'live', 'reconnecting' or 'closed'.
 * Returns a function that ends the subscription.
 */
export function subscribe({ query, variables = () => ({}), onData, onError = () => {}, onState = () => {} }) {
  let ws = null;
  let stopped = false;
  let attempt = 0;
  let timer = null;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/query`;

  function retry() {
    if (stopped) return;
    onState('reconnecting');
    const delay = Math.min(30000, 500 * 2 ** attempt) * (0.75 + Math.random() / 2);
    attempt++;
    timer = setTimeout(connect, delay);
  }

  function connect() {
    if (stopped) return;
    onState(attempt === 0 ? 'connecting' : 'reconnecting');
    try {
      ws = new WebSocket(url, 'graphql-transport-ws');
    } catch {
      retry();
      return;
    }
    let fatal = false;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'connection_init', payload: token ? { authToken: token } : {} }));
    };
    ws.onmessage = (ev) => {
      let msg;
      try { msg = JSON.parse(ev.data); } catch { return; }
      switch (msg.type) {
        case 'connection_ack':
          ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: variables() } }));
          attempt = 0;
          onState('live');
          break;
        case 'ping':
          ws.send(JSON.stringify({ type: 'pong' }));
          break;
        case 'next': {
          const errs = (msg.payload.errors || []).map(toError);
          if (errs.length) {
            handleErrors(errs);
          } else if (msg.payload.data) {
            onData(msg.payload.data);
          }
          break;
        }
        case 'error':
          handleErrors((Array.isArray(msg.payload) ? msg.payload : [msg.payload]).map(toError));
          break;
        case 'complete':
          // The server ended the stream (shutting down, or a slow
          // subscriber): resume from the last cursor.
          if (!fatal) ws.close(1000);
          break;
        default:
      }
    };
    function handleErrors(errs) {
      const e = errs[0];
      const resumable = ['SLOW_SUBSCRIBER', 'UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED'].includes(e.code);
      if (!resumable) {
        fatal = true;
        stopped = true;
        onState('closed');
        onError(e);
        ws.close(1000);
      }
    }
    ws.onclose = (ev) => {
      if (stopped) return;
      if (ev.code === 4401 || ev.code === 4403) {
        stopped = true;
        onState('closed');
        onError(new APIError(ev.reason || 'unauthorized', ev.code === 4401 ? 'UNAUTHENTICATED' : 'FORBIDDEN'));
        return;
      }
      retry();
    };
    ws.onerror = () => { /* onclose follows and retries */ };
  }

  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    if (ws && ws.readyState <= 1) {
      try { ws.send(JSON.stringify({ id: '1', type: 'complete' })); } catch { /* closing anyway */ }
      ws.close(1000);
    }
    onState('closed');
  };
}

/** The relay connection's nodes. */
export function nodes(conn) { return conn ? conn.edges.map((e) => e.node) : []; }
