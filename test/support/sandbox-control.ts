// A test's own calls to the sandbox with its admin token: the control API (the caller's phone, the
// clock, faults, scenarios) and the Okta API read directly, to set up or check what the console did.

export interface SandboxAccess {
  url: string;
  token: string;
}

export async function control<T>(sandbox: SandboxAccess, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: `SSWS ${sandbox.token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}
