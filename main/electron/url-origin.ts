/**
 * The origin of a URL as our windows see it. Non-special schemes (like app: before it is
 * registered, and in Node) report origin "null", so it is built from protocol and host instead.
 * A `blob:` URL's origin is that of the page that made it.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url.startsWith('blob:') ? url.slice('blob:'.length) : url);
    return parsed.origin !== 'null' ? parsed.origin : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}
