/**
 * Put text on the clipboard. The async Clipboard API first; where it is refused (the desktop app
 * denies every permission request, a browser without the permission), the older copy command on
 * a selected, off-screen text area, which needs no permission inside a click or key press.
 * Resolves false when neither worked: the caller then says so and leaves the text on screen.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return copyWithCommand(text);
  }
}

function copyWithCommand(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.top = '-1000px';
  area.style.opacity = '0';
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  document.body.append(area);
  area.select();
  try {
    // Deprecated, and still the one way to copy without a permission: kept as the fallback only.
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
    focused?.focus({ preventScroll: true });
  }
}
