import { basename, extname, join } from 'node:path';
import type { DownloadItem, FileFilter, SaveDialogOptions } from 'electron';
import { originOf } from './url-origin';

export interface DownloadPolicy {
  /** Origins our renderer is served from; only blobs it made may be saved. */
  trustedOrigins: readonly string[];
  /** webContents ids of our own windows. */
  isOurWindow(webContentsId: number): boolean;
  /** Where the save dialog starts (the OS Downloads folder). */
  downloadsDir(): string;
}

/** The only files the renderer offers for download: the History and bulk exports, and training debriefs. */
const exportFilters: Readonly<Record<string, FileFilter>> = {
  '.csv': { name: 'CSV (spreadsheet)', extensions: ['csv'] },
  '.json': { name: 'JSON', extensions: ['json'] },
  '.md': { name: 'Markdown', extensions: ['md'] },
};

type DownloadLike = Pick<DownloadItem, 'getURL' | 'getFilename' | 'setSaveDialogOptions'>;
type WillDownload = (event: { preventDefault(): void }, item: DownloadLike, contents: { id: number }) => void;

/**
 * `will-download` for the session. An export is a Blob made by our own page and saved
 * through an `<a download>`: it is allowed from our windows only, and always goes through a save
 * dialog (FactorDesk never picks the path silently and never opens the file). Every other
 * download (a link to a remote file, a page that is not ours, an unexpected file type) is cancelled.
 */
export function createDownloadHandler(policy: DownloadPolicy): WillDownload {
  return (event, item, contents) => {
    const dialog = saveDialogFor(item, contents.id, policy);
    if (!dialog) {
      event.preventDefault();
      return;
    }
    item.setSaveDialogOptions(dialog);
  };
}

/** The save dialog for an allowed export, or null when the download must be cancelled. */
export function saveDialogFor(item: Pick<DownloadItem, 'getURL' | 'getFilename'>, contentsId: number, policy: DownloadPolicy): SaveDialogOptions | null {
  const url = item.getURL();
  if (!policy.isOurWindow(contentsId) || !url.startsWith('blob:')) return null;
  const origin = originOf(url);
  if (origin === null || !policy.trustedOrigins.includes(origin)) return null;
  const fileName = safeFileName(item.getFilename());
  const filter = exportFilters[extname(fileName).toLowerCase()];
  if (!filter) return null;
  return {
    title: 'Save the export',
    defaultPath: join(policy.downloadsDir(), fileName),
    filters: [filter],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

/** A plain file name: no folders, no control characters, never empty or hidden. */
function safeFileName(suggested: string): string {
  const plain = basename(suggested.replaceAll('\\', '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return plain.replace(/^\.+/, '') || 'factordesk-history';
}
