import type { Server } from 'node:net';

export class PortTakenError extends Error {
  constructor(
    readonly setting: string,
    readonly port: number,
  ) {
    super(
      `${setting}=${port} is already in use by another program; choose another port or stop that program`,
    );
  }
}

function tryListen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Listens on `port`; when it is taken and was not set explicitly, takes the next free one (up to
 * 50 further). An explicitly set port that is taken is an error naming the setting.
 */
export async function listenWithFallback(
  server: Server,
  opts: { port: number; host: string; explicit: boolean; setting: string },
): Promise<{ port: number; moved: boolean }> {
  for (let p = opts.port; p <= opts.port + 50; p++) {
    try {
      return { port: await tryListen(server, p, opts.host), moved: p !== opts.port };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      if (opts.explicit || opts.port === 0) throw new PortTakenError(opts.setting, p);
    }
  }
  throw new PortTakenError(opts.setting, opts.port);
}
