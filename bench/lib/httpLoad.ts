import net from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A small autocannon-like HTTP/1.1 load generator for loopback: `connections` keep-alive sockets,
 * each with one request in flight (no pipelining), cycling through `paths`. Raw sockets rather than
 * `fetch`: undici's fetch spends tens of microseconds per request in the client itself, which on a
 * 2-core machine would make the client, not the server, the bottleneck and squash every ratio
 * towards 1.
 *
 * Runs inside the load-generator child process (see load.ts); bounded in connections, time and
 * request count, and refuses any host but 127.0.0.1.
 */
export interface LoadOptions {
  /** Base URL, e.g. http://127.0.0.1:41234 — loopback only. */
  url: string;
  /** Request paths (with query), used round-robin across all connections. */
  paths: readonly string[];
  connections: number;
  /** Stop issuing after this long… */
  durationMs?: number;
  /** …or after this many requests (whichever is given; both: whichever comes first). */
  requests?: number;
  /** A request without a complete answer after this long counts as a timeout. Default 10 s. */
  timeoutMs?: number;
  headers?: Record<string, string>;
  /**
   * POST these JSON bodies (round-robin, like `paths`) instead of GETs. Every `{{n}}` in a body is
   * replaced by the request's sequence number, so that each request can carry its own
   * idempotency key.
   */
  bodies?: readonly string[];
  /**
   * Several users at once: connection i sends as `as[i % as.length]`, with its headers (added to
   * `headers`) and, when given, its own bodies (instead of `bodies`), e.g. each its own session
   * cookie and reports in its own area.
   */
  as?: ReadonlyArray<{ headers?: Record<string, string>; bodies?: readonly string[] }>;
}

export interface LoadResult {
  /** Complete responses (any status) received within the run. */
  requests: number;
  durationMs: number;
  /** requests / duration. */
  rps: number;
  /** Responses by status code, e.g. { "200": 9500, "404": 500 }. */
  status: Record<string, number>;
  /** Connections lost with a request in flight (reset, closed early, refused). */
  errors: number;
  timeouts: number;
  bytesRead: number;
  /** Per-request latency, send to last byte, in milliseconds. */
  latenciesMs: Float64Array;
  /** The first response body seen for each status code (truncated), for sanity checks. */
  samples: Record<string, string>;
  /**
   * CPU the load generator itself used, as a share of one core over the run. Near 100% means the
   * client, not the server, may be the limit.
   */
  clientCpuPct: number;
}

export const LOAD_LIMITS = { maxConnections: 256, maxDurationMs: 120_000, maxRequests: 5_000_000 } as const;

/** Validates options against the limits and the loopback rule; returns host and port. */
export function checkLoadOptions(o: LoadOptions): { host: string; port: number } {
  const u = new URL(o.url);
  if (u.protocol !== 'http:') throw new Error(`load: only http: URLs (got ${o.url})`);
  if (u.hostname !== '127.0.0.1') throw new Error(`load: only 127.0.0.1 may be targeted (got ${u.hostname})`);
  const port = Number(u.port);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`load: URL needs an explicit port (${o.url})`);
  if (!Number.isInteger(o.connections) || o.connections < 1 || o.connections > LOAD_LIMITS.maxConnections)
    throw new Error(`load: connections must be 1–${LOAD_LIMITS.maxConnections}`);
  if (o.durationMs === undefined && o.requests === undefined)
    throw new Error('load: give durationMs or requests (a run must be bounded)');
  if (o.durationMs !== undefined && !(o.durationMs > 0 && o.durationMs <= LOAD_LIMITS.maxDurationMs))
    throw new Error(`load: durationMs must be in (0, ${LOAD_LIMITS.maxDurationMs}]`);
  if (
    o.requests !== undefined &&
    !(Number.isInteger(o.requests) && o.requests > 0 && o.requests <= LOAD_LIMITS.maxRequests)
  )
    throw new Error(`load: requests must be 1–${LOAD_LIMITS.maxRequests}`);
  if (o.bodies !== undefined && o.bodies.length === 0)
    throw new Error('load: bodies, when given, must be non-empty');
  if (
    o.as !== undefined &&
    (o.as.length === 0 || o.as.some((a) => a.bodies !== undefined && !a.bodies.length))
  )
    throw new Error('load: as, when given, must be non-empty, and so must each one’s bodies');
  if (o.paths.length === 0 || o.paths.some((p) => !p.startsWith('/') || /[\s]/.test(p)))
    throw new Error('load: paths must be non-empty, start with / and hold no whitespace');
  return { host: u.hostname, port };
}

const EMPTY = Buffer.alloc(0);
const CRLF = Buffer.from('\r\n');
const CRLFCRLF = Buffer.from('\r\n\r\n');
const SAMPLE_CHARS = 4000;
/** Lost connections tolerated before a run is abandoned (a dead server should fail fast). */
const MAX_LOST = 1000;

class LatencyLog {
  private data = new Float64Array(1 << 16);
  length = 0;
  push(v: number) {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** End offset of a chunked body starting at `pos`, or -1 while incomplete. */
function chunkedEnd(buf: Buffer, pos: number): number {
  for (;;) {
    const lineEnd = buf.indexOf(CRLF, pos);
    if (lineEnd < 0) return -1;
    const size = parseInt(buf.toString('latin1', pos, lineEnd), 16);
    if (Number.isNaN(size)) throw new Error('load: malformed chunked encoding');
    if (size === 0) {
      // Optional trailers, then an empty line.
      if (buf.length >= lineEnd + 4 && buf[lineEnd + 2] === 13 && buf[lineEnd + 3] === 10) return lineEnd + 4;
      const end = buf.indexOf(CRLFCRLF, lineEnd + 2);
      return end < 0 ? -1 : end + 4;
    }
    pos = lineEnd + 2 + size + 2;
    if (pos > buf.length) return -1;
  }
}

export function runHttpLoad(options: LoadOptions): Promise<LoadResult> {
  const { host, port } = checkLoadOptions(options);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headerLines = (h: Record<string, string> | undefined) =>
    Object.entries(h ?? {})
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
  /** What each identity sends: its header lines, and its GET requests' bytes or its bodies. */
  const identities = (options.as ?? [{}]).map((a) => {
    const extra = headerLines(options.headers) + headerLines(a.headers);
    return {
      extra,
      gets: options.paths.map((p) =>
        Buffer.from(
          `GET ${p} HTTP/1.1\r\nHost: ${host}:${port}\r\nAccept: application/json\r\n${extra}\r\n`,
          'latin1',
        ),
      ),
      bodies: (a.bodies ?? options.bodies)?.map((b) => b.split('{{n}}')),
    };
  });
  /** The bytes of request number k, sent as identity `who`. */
  const request = (k: number, who: number): Buffer => {
    const { extra, gets, bodies } = identities[who]!;
    if (!bodies) return gets[k % gets.length]!;
    const body = Buffer.from(bodies[k % bodies.length]!.join(String(k)), 'utf8');
    const head =
      `POST ${options.paths[k % options.paths.length]} HTTP/1.1\r\nHost: ${host}:${port}\r\n` +
      `Accept: application/json\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n${extra}\r\n`;
    return Buffer.concat([Buffer.from(head, 'latin1'), body]);
  };

  return new Promise<LoadResult>((resolve, reject) => {
    const latencies = new LatencyLog();
    const status: Record<string, number> = {};
    const samples: Record<string, string> = {};
    let next = 0;
    let issued = 0;
    let completed = 0;
    let lost = 0;
    let timeouts = 0;
    let bytesRead = 0;
    let stopped = false;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const deadline = options.durationMs !== undefined ? start + options.durationMs : Infinity;
    const maxRequests = options.requests ?? Infinity;

    const canIssue = () => !stopped && issued < maxRequests && performance.now() < deadline;
    const settled = () => completed + lost + timeouts;

    class Connection {
      constructor(readonly who: number) {}
      socket: net.Socket | null = null;
      buf: Buffer = EMPTY;
      inFlight = false;
      sentAt = 0;
      headLen = -1;
      bodyLen = 0;
      chunked = false;
      statusCode = 0;
      closeAfter = false;

      connect() {
        if (!canIssue()) return maybeDone();
        this.buf = EMPTY;
        this.headLen = -1;
        const s = net.connect({ host, port });
        this.socket = s;
        s.setNoDelay(true);
        s.on('connect', () => this.send());
        s.on('data', (d: Buffer) => this.onData(d));
        s.on('error', () => {
          /* reported through 'close' */
        });
        s.on('close', () => {
          if (this.socket !== s) return;
          this.socket = null;
          if (stopped) return;
          if (this.inFlight) {
            this.inFlight = false;
            lost++;
            if (lost > MAX_LOST)
              return finish(new Error(`load: ${lost} connections lost; is the server up?`));
          }
          setImmediate(() => this.connect());
        });
      }

      send() {
        if (!this.socket || !canIssue()) return maybeDone();
        issued++;
        this.inFlight = true;
        this.sentAt = performance.now();
        this.socket.write(request(next++, this.who));
      }

      onData(d: Buffer) {
        bytesRead += d.length;
        this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
        try {
          this.parse();
        } catch (err) {
          finish(err instanceof Error ? err : new Error(String(err)));
        }
      }

      parse() {
        while (this.buf.length > 0) {
          if (this.headLen < 0) {
            const i = this.buf.indexOf(CRLFCRLF);
            if (i < 0) return;
            const head = this.buf.toString('latin1', 0, i);
            if (!head.startsWith('HTTP/1.'))
              throw new Error(`load: not an HTTP/1.x response: ${head.slice(0, 40)}`);
            this.headLen = i + 4;
            this.statusCode = Number(head.slice(9, 12));
            const cl = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
            this.chunked = !cl && /\r\ntransfer-encoding:[ \t]*chunked/i.test(head);
            this.bodyLen = cl ? Number(cl[1]) : 0;
            this.closeAfter = /\r\nconnection:[ \t]*close/i.test(head);
          }
          const end = this.chunked ? chunkedEnd(this.buf, this.headLen) : this.headLen + this.bodyLen;
          if (end < 0 || this.buf.length < end) return;
          this.complete(this.buf, this.headLen, end);
          this.buf = this.buf.length > end ? this.buf.subarray(end) : EMPTY;
          this.headLen = -1;
        }
      }

      complete(buf: Buffer, bodyStart: number, end: number) {
        if (!this.inFlight) return; // an answer to a request already counted as timed out
        this.inFlight = false;
        const code = String(this.statusCode);
        if (stopped || performance.now() > deadline) return; // arrived after the run ended: not counted
        completed++;
        latencies.push(performance.now() - this.sentAt);
        status[code] = (status[code] ?? 0) + 1;
        if (samples[code] === undefined)
          samples[code] = buf.toString('utf8', bodyStart, end).slice(0, SAMPLE_CHARS);
        if (this.closeAfter) {
          this.socket?.destroy();
          return;
        }
        this.send();
      }
    }

    const conns = Array.from(
      { length: options.connections },
      (_, i) => new Connection(i % identities.length),
    );

    const watchdog = setInterval(() => {
      const now = performance.now();
      for (const c of conns) {
        if (c.inFlight && now - c.sentAt > timeoutMs) {
          c.inFlight = false;
          timeouts++;
          c.socket?.destroy(); // 'close' reconnects
        }
      }
      if (now >= deadline) finish();
    }, 20);
    const hardStop = setTimeout(
      () => finish(new Error('load: run exceeded its hard time limit')),
      Math.min(options.durationMs ?? LOAD_LIMITS.maxDurationMs, LOAD_LIMITS.maxDurationMs) +
        timeoutMs +
        5_000,
    );

    function maybeDone() {
      if (stopped) return;
      if (performance.now() >= deadline) return finish();
      if (issued >= maxRequests && settled() >= issued) finish();
    }

    function finish(err?: Error) {
      if (stopped) return;
      stopped = true;
      const durationMs = Math.min(performance.now(), deadline) - start;
      const cpu = process.cpuUsage(cpuStart);
      clearInterval(watchdog);
      clearTimeout(hardStop);
      for (const c of conns) c.socket?.destroy();
      if (err) return reject(err);
      resolve({
        requests: completed,
        durationMs,
        rps: completed / (durationMs / 1000),
        status,
        errors: lost,
        timeouts,
        bytesRead,
        latenciesMs: latencies.toArray(),
        samples,
        clientCpuPct: (100 * (cpu.user + cpu.system)) / 1000 / durationMs,
      });
    }

    for (const c of conns) c.connect();
  });
}
