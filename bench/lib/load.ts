import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { checkLoadOptions, type LoadOptions, type LoadResult } from './httpLoad.js';

export type { LoadOptions, LoadResult } from './httpLoad.js';

export type WorkerRequest = { type: 'run'; id: number; options: LoadOptions } | { type: 'exit' };
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: LoadResult }
  | { type: 'error'; id: number; message: string };

/** Profilers and debuggers given to the benchmark are meant for the server, not the load generator. */
function childExecArgv(): string[] {
  const args = process.execArgv.filter((a) => !/^--(cpu-prof|heap-prof|prof|inspect)/.test(a));
  // Under `tsx bench/run.ts` execArgv already carries tsx's loader; under plain node add it.
  return args.some((a) => a.includes('tsx')) ? args : [...args, '--import', 'tsx'];
}

/**
 * The load generator runs in a CHILD PROCESS, not a worker thread and not in the benchmark's own
 * event loop: the server under test gets the main process's event loop, heap and GC to itself, and
 * the two processes spread over the machine's 2 cores the way a real client and server would.
 * (A worker thread would also have its own event loop, but shares the process — its allocation
 * and GC pressure, and tsx's loader hooks are not reliably inherited by workers on Node 20.)
 * One child serves many runs, so rounds can alternate between targets without respawning.
 */
export class LoadGenerator {
  private nextId = 1;
  private pending = new Map<number, { resolve(r: LoadResult): void; reject(e: Error): void }>();
  private exited: Error | null = null;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (msg: WorkerReply) => {
      if (msg.type === 'ready') return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.type === 'result') p.resolve(msg.result);
      else p.reject(new Error(msg.message));
    });
    child.on('exit', (code, signal) => {
      this.exited = new Error(`load generator exited (code ${code}, signal ${signal})`);
      for (const p of this.pending.values()) p.reject(this.exited);
      this.pending.clear();
    });
  }

  static async start(): Promise<LoadGenerator> {
    const child = fork(path.join(import.meta.dirname, 'loadWorker.ts'), [], {
      execArgv: childExecArgv(),
      serialization: 'advanced', // latencies come back as a Float64Array
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (msg: WorkerReply) => {
        if (msg.type !== 'ready') return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve();
      };
      const onExit = (code: number | null) =>
        reject(new Error(`load generator failed to start (code ${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    return new LoadGenerator(child);
  }

  /** Runs one bounded load against a loopback server and returns what the client saw. */
  run(options: LoadOptions): Promise<LoadResult> {
    checkLoadOptions(options);
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise<LoadResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const msg: WorkerRequest = { type: 'run', id, options };
      this.child.send(msg);
    });
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const msg: WorkerRequest = { type: 'exit' };
    this.child.send(msg);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  }
}

/** Merges rounds of the same target into one result (latencies concatenated, rates over total time). */
export function mergeLoadResults(results: readonly LoadResult[]): LoadResult {
  const status: Record<string, number> = {};
  const samples: Record<string, string> = {};
  let requests = 0;
  let durationMs = 0;
  let errors = 0;
  let timeouts = 0;
  let bytesRead = 0;
  let cpuMs = 0;
  const latenciesMs = new Float64Array(results.reduce((n, r) => n + r.latenciesMs.length, 0));
  let offset = 0;
  for (const r of results) {
    requests += r.requests;
    durationMs += r.durationMs;
    errors += r.errors;
    timeouts += r.timeouts;
    bytesRead += r.bytesRead;
    cpuMs += (r.clientCpuPct / 100) * r.durationMs;
    for (const [k, v] of Object.entries(r.status)) status[k] = (status[k] ?? 0) + v;
    for (const [k, v] of Object.entries(r.samples)) samples[k] ??= v;
    latenciesMs.set(r.latenciesMs, offset);
    offset += r.latenciesMs.length;
  }
  return {
    requests,
    durationMs,
    rps: requests / (durationMs / 1000),
    status,
    errors,
    timeouts,
    bytesRead,
    latenciesMs,
    samples,
    clientCpuPct: (100 * cpuMs) / durationMs,
  };
}
