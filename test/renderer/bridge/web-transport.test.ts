// The browser shell's bridge: the same builder as the preload's over fetch and one event stream.
// Same surface as the preload (test/electron/preload.test.ts); here what only this transport does.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventNames, methodNames, type FactorDeskBridge } from '../../../contract';
import { buildBridge } from '../../../contract/bridge-builder';
import { createWebTransport } from '../../../renderer/src/bridge/web-transport';

/** The page's one event stream, driven by the test. */
class FakeEventSource {
  static last: FakeEventSource | undefined;
  readonly listeners = new Map<string, Array<(event: { data?: string }) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: (event: { data?: string }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  dispatch(type: string, data?: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
}

const requests: Array<{ url: string; init: RequestInit }> = [];
let answer: () => Promise<Response> = async () => Response.json({ ok: true, value: 'fine' });
let bridge: FactorDeskBridge;
let stream: FakeEventSource;

beforeAll(() => {
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    requests.push({ url, init });
    return answer();
  });
  bridge = buildBridge(createWebTransport());
  if (!FakeEventSource.last) throw new Error('no event stream opened');
  stream = FakeEventSource.last;
  stream.dispatch('open');
});
afterAll(() => vi.unstubAllGlobals());

describe('the browser shell bridge', () => {
  it('has one function per contract method plus `on`, and opens one event stream for this page', () => {
    expect(Object.keys(bridge).sort()).toEqual([...methodNames, 'on'].sort());
    expect(stream.url).toMatch(/^\/bridge\/events\?client=[\w-]+$/);
  });

  it('posts each call as JSON to /bridge/<method> with this page as the client', async () => {
    expect(await bridge.getUser({ userId: '00ub0oNGTSWTBKOLGLNR' })).toEqual({ ok: true, value: 'fine' });
    const [request] = requests.splice(0);
    expect(request?.url).toBe('/bridge/getUser');
    expect(request?.init.method).toBe('POST');
    expect(JSON.parse(String(request?.init.body))).toEqual({ userId: '00ub0oNGTSWTBKOLGLNR' });
    const headers = request?.init.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/json');
    expect(stream.url).toContain(encodeURIComponent(headers['x-factordesk-client'] ?? 'missing'));
  });

  it('answers with a failure the agent can act on when the shell is gone or restarted', async () => {
    answer = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await bridge.listOrgs({})).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    answer = async () => new Response('', { status: 401 });
    expect(await bridge.listOrgs({})).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED', httpStatus: 401 } });
    answer = async () => new Response('<html>', { status: 200 });
    expect(await bridge.listOrgs({})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it("passes on the shell's own words for a call it could not read, and its status otherwise", async () => {
    const unreadable = { ok: false, error: { code: 'INVALID_INPUT', message: 'The request could not be read.', action: 'Reload the page.', httpStatus: 400 } };
    answer = async () => Response.json(unreadable, { status: 400 });
    expect(await bridge.listOrgs({})).toEqual(unreadable);
    answer = async () => new Response('Bad request.', { status: 400, headers: { 'content-type': 'text/plain' } });
    expect(await bridge.listOrgs({})).toMatchObject({ ok: false, error: { code: 'INTERNAL', httpStatus: 400 } });
    answer = async () => Response.json({ ok: true, value: 'not a failure' }, { status: 403 });
    expect(await bridge.listOrgs({})).toMatchObject({ ok: false, error: { code: 'INTERNAL', httpStatus: 403 } });
  });

  it('delivers only the subscribed event from the stream and stops after unsubscribe', () => {
    const [first, second] = eventNames;
    if (!first || !second) throw new Error('the contract has fewer than two events');
    const received: unknown[] = [];
    const unsubscribe = bridge.on(first, (payload) => received.push(payload));
    stream.dispatch('message', JSON.stringify({ name: first, payload: { n: 1 } }));
    stream.dispatch('message', JSON.stringify({ name: second, payload: { n: 2 } }));
    stream.dispatch('message', 'not json');
    unsubscribe();
    stream.dispatch('message', JSON.stringify({ name: first, payload: { n: 3 } }));
    expect(received).toEqual([{ n: 1 }]);
  });
});
