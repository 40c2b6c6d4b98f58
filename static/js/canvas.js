// Applies the server's canvas answers to the page. An answer holds either a
// whole drawing or, with data-patch, a delta of the key tree and the items
// of the new drawing that the drawing the page shows lacks
// (web/ui_patch.go, web/ui_delta.go). The page keeps, beside its tree's
// tokens, the element of every key, and rebuilds only the parts of its
// <svg> that the delta changes: a subtree the delta keeps whole is not
// looked at, so a move costs the few items it changed, not the 5,000
// groups of a big drawing.

// tokens splits a space-separated list.
export function tokens(text) {
  return text ? text.split(' ') : [];
}

// edit applies a delta (tokenDelta in web/ui_delta.go) to the list old:
// "=N" keeps the next N tokens, "~N" drops them, any other token is
// inserted. Beside the new list it returns, for each of its tokens, the
// index in old it was kept from (src, -1 for an inserted one) and the kept
// run it belongs to (run: tokens of one run were kept together, in one
// piece). It returns null when the delta does not fit old.
function edit(old, delta) {
  const ops = tokens(delta);
  let n = 0;
  for (const t of ops) {
    if (t[0] === '=') n += Number(t.slice(1));
    else if (t[0] !== '~') n++;
  }
  if (!(n >= 0 && n <= old.length + ops.length)) return null;
  const toks = new Array(n);
  const src = new Int32Array(n);
  const run = new Int32Array(n);
  let i = 0;
  let p = 0;
  let r = 0;
  for (const t of ops) {
    const c = t[0];
    if (c !== '=' && c !== '~') {
      toks[p] = t;
      src[p] = -1;
      run[p++] = -1;
      continue;
    }
    const k = Number(t.slice(1));
    if (!(k > 0) || i + k > old.length) return null;
    if (c === '=') {
      r++;
      for (let e = i + k; i < e; i++) {
        toks[p] = old[i];
        src[p] = i;
        run[p++] = r;
      }
    } else {
      i += k;
    }
  }
  return i === old.length ? { toks, src, run } : null;
}

// applyDelta is the list a delta makes of the list old, or null when it
// does not fit.
export function applyDelta(old, delta) {
  return edit(old, delta)?.toks || null;
}

const isKey = (t) => t !== '(' && t !== ')';

// elementsOf lists the element of every key of the tree toks (keys, "("
// after a shell's key opening its children and ")" closing them) in the
// drawing svg, null for "(" and ")"; null when svg does not match it.
export function elementsOf(svg, toks) {
  const els = new Array(toks.length).fill(null);
  let i = 0;
  const walk = (el) => {
    if (i >= toks.length || !isKey(toks[i])) return false;
    els[i++] = el;
    if (toks[i] !== '(') return true;
    i++;
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
      if (!walk(c)) return false;
    }
    return toks[i++] === ')';
  };
  return svg && walk(svg) && i === toks.length ? els : null;
}

// subtreeEnds gives, for each key of the tree toks, the index of its
// subtree's last token (its own for a leaf, its ")" for a shell); null
// when toks is not a tree.
function subtreeEnds(toks) {
  const end = new Int32Array(toks.length);
  const open = [];
  for (let p = 0; p < toks.length; p++) {
    const t = toks[p];
    if (t === '(') {
      if (p === 0 || !isKey(toks[p - 1])) return null;
      open.push(p - 1);
    } else if (t === ')') {
      if (!open.length) return null;
      end[open.pop()] = p;
    } else {
      end[p] = p;
    }
  }
  const ok = toks.length > 1 && !open.length && isKey(toks[0]) && end[0] === toks.length - 1;
  return ok ? end : null;
}

// fill makes parent's children the elements want, in order. Children that
// stay keep their place: only new ones are inserted and gone ones removed
// (moving an element is a removal and an insertion, which costs the
// browser work on the whole subtree).
function fill(parent, want) {
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

// patch rebuilds svg, which shows the drawing of the tree old whose
// elements are els (elementsOf), as the drawing of the tree the delta makes
// of old; items holds, in order, the elements of the keys old lacks. It
// returns the new tree's tokens and elements and the elements it put in
// (added) and dropped (removed), or null, touching nothing, when the delta
// or the items do not fit. note(step) is called as steps end, for timing.
export function patch(svg, old, els, delta, items, note = () => {}) {
  const d = edit(old, delta);
  if (!d || !els || els.length !== old.length || els[0] !== svg) return null;
  const { toks, src, run } = d;
  const end = subtreeEnds(toks);
  if (!end) return null;
  note('patch-delta');
  // The items are the keys old lacks, in the order of their first use.
  const had = new Set(old);
  const fresh = new Map();
  let k = 0;
  for (let p = 0; p < toks.length; p++) {
    const t = toks[p];
    if (src[p] < 0 && isKey(t) && !had.has(t) && !fresh.has(t)) fresh.set(t, items[k++]);
  }
  if (k !== items.length || (src[0] < 0 && !fresh.has(toks[0]))) return null;
  // The elements of dropped keys may serve an inserted key again.
  const kept = new Uint8Array(old.length);
  for (const s of src) if (s >= 0) kept[s] = 1;
  const spare = new Map();
  for (let q = 0; q < old.length; q++) {
    if (kept[q] || !isKey(old[q])) continue;
    const list = spare.get(old[q]);
    if (list) list.push(els[q]);
    else spare.set(old[q], [els[q]]);
  }
  note('patch-items');
  const out = new Array(toks.length).fill(null);
  const added = [];
  // like finds an element of key t to copy: one of old's, or one placed.
  const like = (t) => {
    const q = old.indexOf(t);
    if (q >= 0) return els[q];
    for (let p = 0; p < toks.length; p++) if (toks[p] === t && out[p]) return out[p];
    return null;
  };
  const take = (p, parent) => {
    const q = end[p];
    const t = toks[p];
    if (src[p] >= 0 && run[p] === run[q]) {
      // Kept whole: the same element, children and all.
      for (let i = p; i <= q; i++) out[i] = els[src[i]];
      return out[p];
    }
    const shell = q > p;
    let el = p === 0 ? svg : src[p] >= 0 ? els[src[p]] : spare.get(t)?.pop();
    if (el && shell && parent && el.contains(parent)) el = null;
    if (!el && fresh.has(t)) {
      el = fresh.get(t);
      fresh.delete(t);
      added.push(el);
    }
    if (!el) {
      el = like(t).cloneNode(!shell);
      added.push(el);
    }
    out[p] = el;
    if (shell) {
      const kids = [];
      for (let i = p + 2; i < q; i = end[i] + 1) kids.push(take(i, el));
      fill(el, kids);
    }
    return el;
  };
  // The root stays the page's <svg>, with its placement (style).
  const root = src[0] < 0 ? fresh.get(toks[0]) : null;
  if (root) {
    for (const a of [...svg.attributes]) {
      if (a.name !== 'style' && !root.hasAttribute(a.name)) svg.removeAttribute(a.name);
    }
    for (const a of root.attributes) {
      if (svg.getAttribute(a.name) !== a.value) svg.setAttribute(a.name, a.value);
    }
    fresh.delete(toks[0]);
  }
  take(0, null);
  const removed = [];
  for (const list of spare.values()) removed.push(...list);
  return { toks, els: out, added, removed };
}
