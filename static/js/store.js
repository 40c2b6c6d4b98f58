// Browser-side memory. The server has no accounts, so what a person opened
// and the view links they created (whose tokens the server keeps only as
// hashes) live in this browser's localStorage.

const RECENT = 'archway.recent';
const LINKS = 'archway.viewLinks';
const CLIP = 'archway.clipboard';
const MAX_RECENT = 24;

function read(key, fallback) {
  try {
    const v = JSON.parse(localStorage.getItem(key));
    return v ?? fallback;
  } catch {
    return fallback;
  }
}

function write(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the editor works without it.
  }
}

// recent lists the designs opened here, newest first.
export function recent() {
  const list = read(RECENT, []);
  return Array.isArray(list) ? list.filter((r) => r && typeof r.url === 'string' && r.url.startsWith('/e/')) : [];
}

// remember records an opened design.
export function remember(url, title) {
  const list = recent().filter((r) => r.url !== url);
  list.unshift({ url, title: String(title || ''), at: Date.now() });
  write(RECENT, list.slice(0, MAX_RECENT));
}

// moved replaces a design's edit link after a rotation.
export function moved(from, to) {
  write(RECENT, recent().map((r) => (r.url === from ? { ...r, url: to } : r)));
}

export function forgetRecent() {
  write(RECENT, []);
}

// viewToken returns the token of a view link created in this browser.
export function viewToken(id) {
  const map = read(LINKS, {});
  return typeof map[id] === 'string' ? map[id] : '';
}

export function keepViewToken(id, token) {
  const map = read(LINKS, {});
  map[id] = token;
  write(LINKS, map);
}

export function clipboard() {
  return read(CLIP, null);
}

export function setClipboard(value) {
  write(CLIP, value);
}
