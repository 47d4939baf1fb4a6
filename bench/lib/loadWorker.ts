/**
 * Entry of the load-generator child process (forked by load.ts): runs each load it is sent and
 * answers with the result. Never imported by the server under test.
 */
import { runHttpLoad, type LoadOptions } from './httpLoad.js';
import type { WorkerReply, WorkerRequest } from './load.js';

function reply(msg: WorkerReply) {
  process.send?.(msg);
}

process.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'exit') process.exit(0);
  const options: LoadOptions = msg.options;
  runHttpLoad(options).then(
    (result) => reply({ type: 'result', id: msg.id, result }),
    (err: unknown) =>
      reply({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) }),
  );
});
// The parent going away must not leave a load generator running.
process.on('disconnect', () => process.exit(0));
reply({ type: 'ready' });
