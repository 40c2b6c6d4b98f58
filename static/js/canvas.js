// Applies the server's canvas answers to the page. An answer holds either a
// whole drawing or, with data-patch, the items of a new drawing that the
// drawing the page shows lacks (web/ui_patch.go). The page rebuilds its
// <svg> from the new tree: every key it has already keeps its element,
// and only the new items were parsed (with the rest of the answer, once).

// tokens splits a space-separated list.
export function tokens(text) {
  return text ? text.split(' ') : [];
}

// applyDelta is the list a delta (tokenDelta in web/ui_delta.go) makes of
// the list old: "=N" keeps the next N tokens, "~N" drops them, any other
// token is inserted. It returns null when the delta does not fit old.
export function applyDelta(old, delta) {
  const out = [];
  let i = 0;
  for (const t of tokens(delta)) {
    const c = t[0];
    if (c !== '=' && c !== '~') {
      out.push(t);
      continue;
    }
    const n = Number(t.slice(1));
    if (!(n > 0) || i + n > old.length) return null;
    if (c === '=') for (let k = i; k < i + n; k++) out.push(old[k]);
    i += n;
  }
  return i === old.length ? out : null;
}

// parseTree reads a tree's tokens: keys, "(" after a shell's key opening
// its children and ")" closing them.
export function parseTree(toks) {
  if (!toks || !toks.length) return null;
  let i = 0;
  const node = () => {
    const n = { key: toks[i++], kids: null };
    if (toks[i] === '(') {
      i++;
      n.kids = [];
      while (i < toks.length && toks[i] !== ')') n.kids.push(node());
      i++;
    }
    return n;
  };
  const root = node();
  return i === toks.length && root.kids ? root : null;
}

// index maps every key of the drawing the page shows to its elements; it
// returns false when the elements do not match the tree.
function index(el, n, pool) {
  const list = pool.get(n.key);
  if (list) list.push(el);
  else pool.set(n.key, [el]);
  if (!n.kids) return true;
  let c = el.firstElementChild;
  for (const k of n.kids) {
    if (!c || !index(c, k, pool)) return false;
    c = c.nextElementSibling;
  }
  return c === null;
}

// take returns the element for n: one the page shows, a new item, or a copy
// of an element already placed with the same key (same bytes), with a
// shell's children rebuilt.
function take(n, cx, parent) {
  let el = cx.pool.get(n.key)?.pop();
  if (el && n.kids && el.contains(parent)) el = null;
  if (!el) {
    el = cx.fresh.get(n.key);
    cx.fresh.delete(n.key);
  }
  if (!el) el = cx.placed.get(n.key).cloneNode(!n.kids);
  if (!cx.placed.has(n.key)) cx.placed.set(n.key, el);
  if (n.kids) fill(el, n.kids, cx);
  return el;
}

// fill makes parent's children the elements of kids, in order. Children
// that stay keep their place: only new ones are inserted and gone ones
// removed (moving an element is a removal and an insertion, which costs
// the browser work on the whole subtree).
function fill(parent, kids, cx) {
  const want = kids.map((k) => take(k, cx, parent));
  const wanted = new Set(want);
  let cur = parent.firstChild;
  for (const el of want) {
    while (cur && cur !== el && !wanted.has(cur)) {
      const next = cur.nextSibling;
      cur.remove();
      cur = next;
    }
    if (el === cur) cur = cur.nextSibling;
    else parent.insertBefore(el, cur);
  }
  while (cur) {
    const next = cur.nextSibling;
    cur.remove();
    cur = next;
  }
}

// patch rebuilds svg, which shows the drawing of tree old, as the drawing
// of tree next; items holds, in order, the elements of the keys old lacks.
// It returns false, touching nothing, when svg does not match old.
export function patch(svg, old, next, items) {
  const pool = new Map();
  if (!old || !next || !index(svg, old, pool)) return false;
  const fresh = new Map();
  let i = 0;
  const collect = (n) => {
    if (!pool.has(n.key) && !fresh.has(n.key)) fresh.set(n.key, items[i++]);
    n.kids?.forEach(collect);
  };
  collect(next);
  if (i !== items.length || items.includes(undefined)) return false;
  // The root stays the page's <svg>, with its placement (style).
  const root = fresh.get(next.key);
  if (root) {
    for (const a of [...svg.attributes]) {
      if (a.name !== 'style' && !root.hasAttribute(a.name)) svg.removeAttribute(a.name);
    }
    for (const a of root.attributes) {
      if (svg.getAttribute(a.name) !== a.value) svg.setAttribute(a.name, a.value);
    }
    fresh.delete(next.key);
  }
  pool.delete(next.key);
  fill(svg, next.kids, { pool, fresh, placed: new Map([[next.key, svg]]) });
  return true;
}
