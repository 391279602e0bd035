import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../sandbox/index';

/**
 * One sandbox org for the calling test file: started in `beforeAll` on a free port, closed in
 * `afterAll`. The answer can be used at the top of the file (e.g. `sandboxClient(sandbox)`); its
 * url and tokens are read when a test runs, once the org is up.
 */
export function sandboxPerFile(options: Omit<SandboxOptions, 'port'>): RunningSandbox {
  let running: RunningSandbox | undefined;
  const started = (): RunningSandbox => {
    if (!running) throw new Error('The sandbox org starts in beforeAll: use it inside hooks and tests, not while the file loads.');
    return running;
  };
  beforeAll(async () => {
    running = await startSandbox({ ...options, port: 0 });
  });
  afterAll(async () => {
    await running?.close();
  });
  return {
    get url() {
      return started().url;
    },
    get token() {
      return started().token;
    },
    get readOnlyToken() {
      return started().readOnlyToken;
    },
    get publicUrl() {
      return started().publicUrl;
    },
    get customDomainUrl() {
      return started().customDomainUrl;
    },
    get customDomainListenUrl() {
      return started().customDomainListenUrl;
    },
    get oauth() {
      return started().oauth;
    },
    get engine() {
      return started().engine;
    },
    phoneLink: (idOrLogin) => started().phoneLink(idOrLogin),
    close: () => started().close(),
  };
}
