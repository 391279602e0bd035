import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface RendererFile {
  body: Buffer;
  contentType: string;
}

export type RendererFileResult = { status: 200; file: RendererFile } | { status: 400 | 404 };

/**
 * Read the renderer file a URL path names, from the built renderer folder only. Paths that
 * escape it (`..`, encoded or not, absolute paths, NUL bytes) are refused, not normalized away.
 * A path without a file extension is a screen of the single-page app and gets index.html.
 */
export async function readRendererFile(rootDir: string, urlPath: string): Promise<RendererFileResult> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400 };
  const segments = decoded.split('/').filter((segment) => segment.length > 0);
  if (segments.some((segment) => segment === '..' || segment === '.')) return { status: 400 };

  const root = resolve(rootDir);
  let relativePath = segments.join('/');
  if (relativePath === '' || extname(relativePath) === '') relativePath = 'index.html';
  const path = resolve(root, relativePath);
  const fromRoot = relative(root, path);
  if (fromRoot.startsWith(`..${sep}`) || fromRoot === '..' || isAbsolute(fromRoot)) return { status: 400 };

  try {
    if (!(await stat(path)).isFile()) return { status: 404 };
    const body = await readFile(path);
    return { status: 200, file: { body, contentType: CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream' } };
  } catch {
    return { status: 404 };
  }
}
