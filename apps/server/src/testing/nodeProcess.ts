import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const MAIN = path.resolve(import.meta.dirname, '../main.ts');

/** A CityLoop node running as its own process (main.ts), as `npm run serve` starts one. */
export interface NodeProcess {
  child: ChildProcess;
  /** http://127.0.0.1:port of its API. */
  httpUrl: string;
  /** Where devices connect: the embedded broker's mqtt://127.0.0.1:port, or the external URL. */
  mqttUrl: string;
  /** What the process wrote so far (stdout and stderr), for a failing test's message. */
  output(): string;
  /** Sends the signal and resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts main.ts in a child process with the environment given (over quiet test defaults: small
 * demo city, no demo year, no simulated devices, free ports on 127.0.0.1) and resolves once its
 * start banner says where it listens. A node that exits first rejects with its output.
 */
export async function startNode(env: Record<string, string>, timeoutMs = 240_000): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      DEMO_SCALE: 'small',
      DEMO_CASES: '0',
      SIM_DEVICES: '0',
      PORT: '0',
      MQTT_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WEB_DIST: '/nonexistent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const take = (b: Buffer) => {
    out += b.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ports = await new Promise<{ http: string; mqtt: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the node did not start within ${timeoutMs / 1000} s:\n${out}`));
    }, timeoutMs);
    const check = () => {
      const http = /is running: http:\/\/localhost:(\d+)/.exec(out);
      const mqtt = /MQTT: (?:embedded, mqtt:\/\/localhost:(\d+)|(\S+))/.exec(out);
      if (!http || !mqtt) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve({
        http: `http://127.0.0.1:${http[1]}`,
        mqtt: mqtt[1] ? `mqtt://127.0.0.1:${mqtt[1]}` : mqtt[2]!,
      });
    };
    child.stdout!.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the node exited (${signal ?? code}) before it started:\n${out}`));
    });
  });
  return {
    child,
    httpUrl: ports.http,
    mqttUrl: ports.mqtt,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Signs in over HTTP and returns the session cookie to send. */
export async function loginOver(httpUrl: string, username: string, password = 'cityloop'): Promise<string> {
  const res = await fetch(`${httpUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = /cl_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '');
  if (!cookie) throw new Error('login set no session cookie');
  return cookie[0];
}
