/**
 * The renderer's Content-Security-Policy, sent as a header by both shells (Electron's app://
 * protocol and the browser shell). Only our own files run; nothing is framed, posted or
 * embedded. `style-src 'unsafe-inline'` is there because naive-ui (via css-render) injects its
 * component styles as <style> elements at run time; scripts stay strictly 'self'.
 */
export function contentSecurityPolicy(extraConnectSources: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...extraConnectSources].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Headers every renderer file is served with, in both shells. */
export function rendererSecurityHeaders(): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
  };
}
