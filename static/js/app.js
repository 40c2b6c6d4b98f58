// Entry point: every page loads this module; it starts the code of the page
// it is on. No script is inline (the Content-Security-Policy forbids it).
import { initHome } from './home.js';
import { initEditor } from './editor.js';
import { toast } from './ui.js';

document.body.addEventListener('archway:toast', (e) => toast(e.detail.text, e.detail.kind));

const page = document.body.classList;
if (page.contains('home')) {
  initHome();
} else if (page.contains('editor') || page.contains('viewer')) {
  initEditor();
}
