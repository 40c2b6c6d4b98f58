// Small page helpers shared by the pages. User text always goes in as
// textContent, never as HTML.

export function toast(text, kind = 'info') {
  const box = document.getElementById('toasts');
  if (!box || !text) return;
  const el = document.createElement('div');
  el.className = `toast ${kind}`;
  el.textContent = text;
  box.append(el);
  setTimeout(() => el.remove(), kind === 'error' ? 6000 : 3200);
}

// copyText puts text on the clipboard, falling back to a selected input
// where the async clipboard is not available (plain http).
export async function copyText(text, input) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (input) {
      input.select();
      return document.execCommand('copy');
    }
    return false;
  }
}

// isTyping reports whether keys go to a form control.
export function isTyping(target) {
  return !!target.closest?.('input, textarea, select, [contenteditable="true"]');
}
