import { readFile } from 'node:fs/promises';
import { notFound } from '../errors';

/**
 * The phone page's own files, served from this folder. The page is plain HTML, one stylesheet and
 * one script (phone-page.js, a browser module checked with the renderer's DOM types): nothing from
 * elsewhere, so its CSP allows nothing but its own origin.
 */

export const PHONE_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of every phone page answer: its CSP, no caching (codes and keys), no referrer, no framing, no sniffing. */
export const PHONE_PAGE_HEADERS = {
  'Content-Security-Policy': PHONE_PAGE_CSP,
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
} as const;

export const ASSET_PATH = '/sandbox/phone-page';

export const PHONE_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Phone · sandbox org</title>
<link rel="stylesheet" href="${ASSET_PATH}/phone-page.css">
<script type="module" src="${ASSET_PATH}/phone-page.js"></script>
</head>
<body>
<main id="phone" class="phone" aria-live="polite" data-state="loading">
<p class="notice">Opening the phone…</p>
</main>
</body>
</html>
`;

const ASSETS = {
  'phone-page.js': 'text/javascript; charset=utf-8',
  'phone-page.css': 'text/css; charset=utf-8',
} as const;

export type AssetName = keyof typeof ASSETS;

export function isAssetName(name: string): name is AssetName {
  return Object.hasOwn(ASSETS, name);
}

const cache = new Map<AssetName, Buffer>();

/**
 * One of the page's files and its content type. Read from beside this module, which holds when the
 * sandbox runs from its source (`npm run sandbox`, the tests); the console's bundled sandbox has
 * its phone in the console itself and answers 404 here.
 */
export async function phonePageAsset(name: AssetName): Promise<{ body: Buffer; contentType: string }> {
  let body = cache.get(name);
  if (!body) {
    try {
      body = await readFile(new URL(`./${name}`, import.meta.url));
    } catch {
      throw notFound(`${ASSET_PATH}/${name} (the phone page is served when the sandbox runs from its source: npm run sandbox)`, 'Path');
    }
    cache.set(name, body);
  }
  return { body, contentType: ASSETS[name] };
}
