// The home page: the list of designs opened in this browser.
import { recent, forgetRecent } from './store.js';

function age(ms) {
  const s = Math.max(0, (Date.now() - ms) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(ms).toLocaleDateString();
}

function render() {
  const section = document.getElementById('recent');
  const list = document.getElementById('recent-list');
  const items = recent();
  section.hidden = items.length === 0;
  list.replaceChildren();
  for (const r of items) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = r.url;
    const title = document.createElement('span');
    title.className = 'recent-title';
    title.textContent = r.title || 'Untitled design';
    const when = document.createElement('small');
    when.textContent = `Opened ${age(r.at)}`;
    a.append(title, when);
    li.append(a);
    list.append(li);
  }
}

export function initHome() {
  render();
  document.getElementById('recent-clear')?.addEventListener('click', () => {
    forgetRecent();
    render();
  });
}
