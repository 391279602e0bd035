import { describe, expect, it } from 'vitest';
import { sandboxPerFile } from './support/sandbox-per-file';

const sandbox = sandboxPerFile({ users: 30, seed: 'index-test' });

describe('startSandbox', () => {
  it('uses a url on 127.0.0.1 and random sbx_ tokens by default', () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.token).toMatch(/^sbx_[A-Za-z0-9_-]{40}$/);
    expect(sandbox.readOnlyToken).not.toBe(sandbox.token);
  });
});
