import { ref } from 'vue';

/**
 * The one WebSocket to /ws: same-origin and authenticated by the session cookie. Reconnects with
 * backoff; pages subscribe to message types and get `data`.
 */
export interface LiveMessage<T = unknown> {
  type: string;
  data: T;
}

type Handler = (data: unknown) => void;

const handlers = new Map<string, Set<Handler>>();
let socket: WebSocket | null = null;
let wanted = false;
let retry = 0;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let pingTimer: ReturnType<typeof setInterval> | null = null;

function url(): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/ws`;
}

function dispatch(msg: LiveMessage): void {
  for (const h of handlers.get(msg.type) ?? []) h(msg.data);
  for (const h of handlers.get('*') ?? []) h(msg);
}

function connect(): void {
  if (!wanted || socket) return;
  const ws = new WebSocket(url());
  socket = ws;
  ws.onopen = () => {
    retry = 0;
    pingTimer = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('ping'), 25_000);
    connected.value = true;
  };
  ws.onmessage = (ev: MessageEvent<string>) => {
    try {
      const msg = JSON.parse(ev.data) as LiveMessage;
      if (typeof msg.type === 'string') dispatch(msg);
    } catch {
      // A malformed frame is dropped; the next one may be fine.
    }
  };
  ws.onclose = () => {
    if (pingTimer) clearInterval(pingTimer);
    pingTimer = null;
    socket = null;
    connected.value = false;
    if (!wanted) return;
    const delay = Math.min(30_000, 500 * 2 ** retry++);
    retryTimer = setTimeout(connect, delay);
  };
}

/** Opens the connection (after login). Idempotent. */
export function startLive(): void {
  wanted = true;
  connect();
}

/** Closes the connection (on logout) and stops reconnecting. */
export function stopLive(): void {
  wanted = false;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  socket?.close();
  socket = null;
}

/** Calls `handler` with the data of every message of this type; returns the unsubscribe function. */
export function subscribe<T = unknown>(type: string, handler: (data: T) => void): () => void {
  let set = handlers.get(type);
  if (!set) {
    set = new Set();
    handlers.set(type, set);
  }
  const h = handler as Handler;
  set.add(h);
  return () => set.delete(h);
}

/** Whether the socket is open now (for a status dot). */
export const connected = ref(false);
