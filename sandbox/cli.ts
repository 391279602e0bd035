import { parseArgs } from 'node:util';
import { isOrgEngine } from './engine';
import { startSandbox } from './index';

/** `npm run sandbox -- [--port N] [--token T] [--users N] [--seed S] [--engine oie|classic]`: a local sandbox org on 127.0.0.1. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      token: { type: 'string' },
      'read-only-token': { type: 'string' },
      users: { type: 'string' },
      seed: { type: 'string' },
      engine: { type: 'string', default: 'oie' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('Usage: npm run sandbox -- [--port N] [--token T] [--read-only-token T] [--users N] [--seed S] [--engine oie|classic]');
    return;
  }
  const port = Number(values.port);
  const users = values.users === undefined ? undefined : Number(values.users);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  if (users !== undefined && (!Number.isInteger(users) || users < 1)) throw new Error(`--users must be a positive integer, got ${values.users}`);
  const engine = values.engine;
  if (!isOrgEngine(engine)) throw new Error(`--engine must be oie (Identity Engine) or classic, got ${engine}`);

  const startedAt = Date.now();
  const sandbox = await startSandbox({ port, token: values.token, readOnlyToken: values['read-only-token'], users, seed: values.seed, engine });
  console.log(`Sandbox org listening on ${sandbox.url} (${engine === 'oie' ? 'Identity Engine' : 'Classic'}, started in ${Date.now() - startedAt} ms)`);
  console.log(`Org URL:         ${sandbox.url}`);
  console.log(`API token:       ${sandbox.token}`);
  console.log(`Read-only token: ${sandbox.readOnlyToken}  (reads users and factors; no writes, no System Log)`);
  console.log('Sign in as isaac@example.org / GoAw@y123. Control API: /sandbox/v1 (see docs/sandbox.md). Ctrl+C stops it.');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox org`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
