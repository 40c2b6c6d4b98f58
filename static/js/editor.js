// The editor and the read-only view. The drawing is the server's: every
// change is one request whose answer (what changed of the canvas, findings,
// properties and revision) goes into the page: the canvas by canvas.js,
// the rest morphed by htmx. This module owns only what lives between
// requests: pan and zoom, the selection, drags and their previews,
// keyboard shortcuts and dialogs.
import { toast, copyText, isTyping } from './ui.js';
import { applyDelta, elementsOf, patch, tokens } from './canvas.js';
import * as store from './store.js';

const SVGNS = 'http://www.w3.org/2000/svg';
const GRID = 10;
const MIN_K = 0.02;
const MAX_K = 4;

const snap = (v) => Math.round(v / GRID) * GRID;

export function initEditor() {
  const app = document.getElementById('app');
  const stage = document.getElementById('stage');
  const viewport = document.getElementById('viewport');
  const overlay = document.getElementById('overlay');
  const editable = app.dataset.editable === 'true';
  const ui = app.dataset.ui || '';
  const base = app.dataset.base;

  const st = {
    view: { x: 40, y: 40, k: 1 },
    scene: { nodes: new Map(), edges: new Map(), highlight: '' },
    sel: new Set(),
    hover: '',
    highlight: { nodes: [], blocked: [] },
    connect: { on: false, from: '' },
    drag: null,
    pointers: new Map(),
    space: false,
    nudge: null,
    pasteCount: 0,
    pending: null,
    // The arrows' hit areas (addEdgeHits): their group and each arrow
    // group's copy.
    hits: null,
    hitOf: new Map(),
    // What setOffset moved and faded, for clearOffset.
    offset: { ids: null, nodes: [], edges: [], touched: new Set() },
    // The drawing the page shows: its id, its tree's tokens and their
    // elements (canvas.js; null until a patch needs them), and its scene's
    // id, key lists (nodes, "|", edges) and entries by key.
    drawn: '',
    treeToks: [],
    treeEls: null,
    // The arrow groups the last patch put in and dropped, for addEdgeHits;
    // null: look at every arrow.
    changes: null,
    sceneId: '',
    sceneKeys: [],
    sceneEntries: new Map(),
    // Set when an answer brought a new drawing or scene.
    canvasChanged: false,
  };
  // metrics.canvas counts the answers' drawings: whole, patched, and
  // patches that did not fit and asked for the whole drawing.
  window.archwayEditor = { metrics: { moves: [], canvas: { whole: 0, patched: 0, refetched: 0 } }, state: st };

  // ---------- the drawing ----------

  const layer = () => document.getElementById('canvas-layer');
  const svg = () => layer()?.querySelector('svg');

  // loadScene reads the scene an answer brought: key lists and the
  // entries the page lacked (scenePatch in web/ui_patch.go). A scene based
  // on another than the page's (two answers crossed) asks for all of it.
  function loadScene() {
    const el = layer();
    const text = el?.dataset.scene || '';
    if (el) delete el.dataset.scene;
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      return;
    }
    const have = data.base ? st.sceneEntries : new Map();
    const fits = !data.base || data.base === st.sceneId;
    const keys = data.d ? fits && applyDelta(st.sceneKeys, data.d) : [...tokens(data.n), '|', ...tokens(data.e)];
    const entries = new Map();
    const nodes = [];
    const edges = [];
    let list = nodes;
    for (const k of keys || []) {
      if (k === '|') {
        list = edges;
        continue;
      }
      const v = data.new[k] || have.get(k);
      entries.set(k, v);
      list.push(v);
    }
    if (!fits || !keys || nodes.includes(undefined) || edges.includes(undefined)) {
      st.sceneId = '';
      window.archwayEditor.metrics.canvas.refetched++;
      htmx.ajax('GET', `${base}/ui/canvas`, { source: stage, swap: 'none', values: { select: st.scene.highlight } });
      return;
    }
    st.sceneId = data.id;
    st.sceneKeys = keys;
    st.sceneEntries = entries;
    st.prevIds = new Set(st.scene.nodes.keys());
    st.scene.nodes = new Map(nodes.map((n) => [n.id, n]));
    st.scene.edges = new Map(edges.map((e) => [e.id, e]));
    st.scene.highlight = data.h || '';
    const s = svg();
    stage.classList.toggle('is-empty', st.scene.nodes.size === 0 && !(s && s.querySelector('[data-node-id]')));
    for (const id of [...st.sel]) {
      if (!st.scene.nodes.has(id) && !st.scene.edges.has(id) && !groupsOf(id).length) st.sel.delete(id);
    }
  }

  // The drawing's viewBox starts wherever its content does; placing the
  // <svg> at that point keeps one diagram unit one layer pixel at a fixed
  // place, so nothing jumps when the drawing grows to the left or up.
  function placeSvg() {
    const s = svg();
    if (!s) return;
    const vb = s.viewBox.baseVal;
    s.style.left = `${vb.x}px`;
    s.style.top = `${vb.y}px`;
  }

  // Morphs never change the value of the field someone is typing in.
  if (window.Idiomorph) Idiomorph.defaults.ignoreActiveValue = true;

  // A properties form whose change is not sent yet keeps what was typed:
  // the field has lost focus by then, and a panel arriving meanwhile (the
  // answer to an earlier request, queued before the form's) would put the
  // old values back before the form's own request reads them. The form's
  // own answer brings the saved panel.
  const propsForm = '#props form.props-form';
  document.body.addEventListener('change', (e) => {
    const f = e.target.closest?.(propsForm);
    if (f) f.dataset.unsent = '1';
  });
  const sent = (e) => {
    if (e.detail.elt?.matches?.(propsForm)) delete e.detail.elt.dataset.unsent;
  };
  document.body.addEventListener('htmx:beforeOnLoad', sent);
  document.body.addEventListener('htmx:afterRequest', sent);
  document.body.addEventListener('htmx:oobBeforeSwap', (e) => {
    if (e.detail.target?.id === 'props' && document.querySelector(`${propsForm}[data-unsent]`)) e.detail.shouldSwap = false;
  });

  // readDrawing takes the drawing's id and tree from the layer.
  function readDrawing() {
    const el = layer();
    st.drawn = el?.dataset.drawn || '';
    st.treeToks = tokens(el?.dataset.tree || '');
    st.treeEls = null;
    if (el) delete el.dataset.tree;
  }

  // applyCanvas puts an answer's canvas (see canvasUpdate in
  // web/editor.templ) into the page: a whole drawing replaces the <svg>, a
  // patch rebuilds it from what it shows. A patch that does not fit what
  // the page shows (two answers crossed) asks for the whole drawing.
  function applyCanvas(box) {
    const el = layer();
    if (!el) return;
    mark('answer');
    clearOffset();
    mark('offset-cleared');
    const d = box.dataset;
    if (d.scene !== undefined) el.dataset.scene = d.scene;
    // The rest of the answer is swapped in the same task: pick up the new
    // drawing once it is done. (htmx:afterSettle would not reach the page
    // when the element that sent the request was swapped away, as an
    // "Apply fix" button is.)
    if (!st.canvasChanged) queueMicrotask(afterUpdate);
    st.canvasChanged = true;
    const fresh = box.firstElementChild;
    const count = window.archwayEditor.metrics.canvas;
    // With data-patch, data-tree is a delta against the page's tree.
    if (d.patch === undefined) {
      if (fresh) el.replaceChildren(fresh);
      count.whole++;
      st.treeToks = tokens(d.tree || '');
      st.treeEls = null;
      st.changes = null;
    } else if (d.patch === d.drawn) {
      st.changes ||= { added: [], removed: [] };
    } else {
      const s = svg();
      st.hits?.remove();
      let done = null;
      if (s && d.patch === st.drawn) {
        try {
          if (!st.treeEls) {
            st.treeEls = elementsOf(s, st.treeToks);
            mark('elements-listed');
          }
          done = patch(s, st.treeToks, st.treeEls, d.tree || '', fresh ? [...fresh.children] : [], mark);
        } catch {
          done = null; // a drawing half patched: the whole one replaces it
        }
      }
      if (!done) {
        count.refetched++;
        st.drawn = '';
        st.treeEls = null;
        htmx.ajax('GET', `${base}/ui/canvas`, { source: stage, swap: 'none', values: { select: st.scene.highlight } });
        return;
      }
      count.patched++;
      st.treeToks = done.toks;
      st.treeEls = done.els;
      // addEdgeHits redraws the hit areas of these alone.
      st.changes = st.changes ? null : { added: done.added, removed: done.removed };
    }
    st.drawn = d.drawn || '';
    mark('canvas');
  }

  // mark notes when a measured move reached a step, for the breakdown in
  // window.archwayEditor.metrics.steps.
  function mark(name) {
    if (st.pending) st.pending.marks[name] = performance.now() - st.pending.start;
  }

  document.body.addEventListener('htmx:oobBeforeSwap', (e) => {
    if (e.detail.target?.id !== 'canvas-layer') return;
    e.detail.shouldSwap = false;
    const f = e.detail.fragment;
    const box = f.id === 'canvas-layer' ? f : f.querySelector?.('#canvas-layer');
    if (box) applyCanvas(box);
  });

  // Arrows are thin lines: a wider, invisible copy of each, on top, makes
  // them easy to click. The copies live in a group of the script's own at
  // the end of the drawing, taken out while an answer patches the drawing
  // and put back after it; only the copies of arrows whose group changed
  // are redrawn.
  function addEdgeHits() {
    const s = svg();
    if (!s) return;
    const built = !!st.hits;
    if (!built) {
      st.hits = document.createElementNS(SVGNS, 'g');
      st.hits.setAttribute('class', 'edge-hits');
    }
    const hitFor = (eg) => {
      const line = eg.querySelector('path[fill="none"]');
      if (!line) return null;
      const hit = document.createElementNS(SVGNS, 'path');
      hit.setAttribute('d', line.getAttribute('d'));
      hit.setAttribute('class', 'edge-hit');
      hit.dataset.hitEdge = eg.dataset.edgeId;
      st.hits.append(hit);
      return hit;
    };
    const ch = st.changes;
    st.changes = null;
    if (ch && built) {
      // A patch: only the arrows it put in or dropped change (an arrow is
      // an item of its own, never inside another).
      for (const eg of ch.removed) {
        st.hitOf.get(eg)?.remove();
        st.hitOf.delete(eg);
      }
      for (const eg of ch.added) {
        if (eg.dataset?.edgeId === undefined) continue;
        const hit = hitFor(eg);
        if (hit) st.hitOf.set(eg, hit);
      }
    } else {
      const seen = new Map();
      for (const eg of s.querySelectorAll('[data-edge-id]')) {
        const hit = st.hitOf.get(eg) || hitFor(eg);
        if (hit) seen.set(eg, hit);
      }
      for (const [eg, hit] of st.hitOf) if (!seen.has(eg)) hit.remove();
      st.hitOf = seen;
    }
    if (s.lastElementChild !== st.hits) s.append(st.hits);
  }

  function groupsOf(id) {
    const l = layer();
    if (!l) return [];
    const q = CSS.escape(id);
    return [...l.querySelectorAll(`[data-node-id="${q}"], [data-edge-id="${q}"]`)];
  }

  // boxOf is a node's rectangle in diagram units: the layout's for boxed
  // nodes, the drawn outline for chips (security groups, route tables).
  function boxOf(id) {
    const n = st.scene.nodes.get(id);
    if (n) return { x: n.x, y: n.y, w: n.w, h: n.h };
    const g = groupsOf(id)[0];
    if (!g || !g.getBBox) return null;
    const b = g.getBBox();
    return { x: b.x, y: b.y, w: b.width, h: b.height };
  }

  function applyView() {
    const { x, y, k } = st.view;
    viewport.style.transform = `translate(${x}px, ${y}px) scale(${k})`;
    const label = document.getElementById('zoom-reset');
    if (label) label.textContent = `${Math.round(k * 100)}%`;
    drawOverlay();
  }

  function toDiagram(clientX, clientY) {
    const r = stage.getBoundingClientRect();
    return { x: (clientX - r.left - st.view.x) / st.view.k, y: (clientY - r.top - st.view.y) / st.view.k };
  }

  function zoomAt(clientX, clientY, factor) {
    const r = stage.getBoundingClientRect();
    const k = Math.min(MAX_K, Math.max(MIN_K, st.view.k * factor));
    const px = clientX - r.left;
    const py = clientY - r.top;
    st.view.x = px - ((px - st.view.x) * k) / st.view.k;
    st.view.y = py - ((py - st.view.y) * k) / st.view.k;
    st.view.k = k;
    applyView();
  }

  function zoomCenter(factor) {
    const r = stage.getBoundingClientRect();
    zoomAt(r.left + r.width / 2, r.top + r.height / 2, factor);
  }

  function fit(maxK = 2) {
    const s = svg();
    if (!s) return;
    const vb = s.viewBox.baseVal;
    const r = stage.getBoundingClientRect();
    if (!vb.width || !vb.height || !r.width) return;
    const k = Math.min(maxK, Math.max(MIN_K, Math.min((r.width - 40) / vb.width, (r.height - 40) / vb.height)));
    st.view.k = k;
    st.view.x = (r.width - vb.width * k) / 2 - vb.x * k;
    st.view.y = (r.height - vb.height * k) / 2 - vb.y * k;
    applyView();
  }

  // ---------- overlay: selection, handles, previews ----------

  function el(name, attrs, parent = overlay) {
    const e = document.createElementNS(SVGNS, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    parent.append(e);
    return e;
  }

  function rect(b, cls, pad = 0) {
    return el('rect', { x: b.x - pad, y: b.y - pad, width: b.w + 2 * pad, height: b.h + 2 * pad, rx: 6, class: cls });
  }

  function drawOverlay() {
    overlay.replaceChildren();
    const k = st.view.k;
    const d = st.drag;
    for (const id of st.highlight.nodes) {
      const b = boxOf(id);
      if (b) rect(b, 'hl', 6 / k);
    }
    for (const id of st.highlight.blocked) {
      const b = boxOf(id);
      if (b) rect(b, 'hl blocked', 6 / k);
    }
    for (const id of st.sel) {
      if (st.scene.edges.has(id)) {
        for (const g of groupsOf(id)) {
          for (const p of g.querySelectorAll('path')) {
            if (p.getAttribute('fill') && p.getAttribute('fill') !== 'none') continue;
            el('path', { d: p.getAttribute('d'), class: 'sel edge' });
          }
        }
        continue;
      }
      const b = boxOf(id);
      if (!b) continue;
      const off = d && d.kind === 'move' && d.moved && d.ids.has(id) ? d.off : { x: 0, y: 0 };
      rect({ x: b.x + off.x, y: b.y + off.y, w: b.w, h: b.h }, 'sel', 3 / k);
    }
    if (editable && st.sel.size === 1 && !d) {
      const id = [...st.sel][0];
      const n = st.scene.nodes.get(id);
      if (n) {
        const s = 8 / k;
        for (const [cls, x, y] of [['nw', n.x, n.y], ['ne', n.x + n.w, n.y], ['sw', n.x, n.y + n.h], ['se', n.x + n.w, n.y + n.h]]) {
          el('rect', { x: x - s / 2, y: y - s / 2, width: s, height: s, class: `handle hit ${cls}`, 'data-handle': cls });
        }
      }
    }
    if (editable && !d && st.hover) {
      const n = st.scene.nodes.get(st.hover);
      if (n && n.endpoint) {
        el('circle', { cx: n.x + n.w, cy: n.y + n.h / 2, r: 6 / k, class: 'connector hit', 'data-connect': n.id });
      }
    }
    if (st.connect.from) {
      const b = boxOf(st.connect.from);
      if (b) rect(b, 'source', 4 / k);
    }
    if (!d) return;
    if (d.kind === 'band' && d.moved) {
      const x = Math.min(d.start.x, d.at.x);
      const y = Math.min(d.start.y, d.at.y);
      el('rect', { x, y, width: Math.abs(d.at.x - d.start.x), height: Math.abs(d.at.y - d.start.y), class: 'band' });
    }
    if ((d.kind === 'move' || d.kind === 'palette') && d.drop) {
      const b = boxOf(d.drop);
      if (b) rect(b, 'drop', 2 / k);
    }
    if (d.kind === 'resize' && d.box) rect(d.box, 'ghost-box');
    if (d.kind === 'connect') {
      const b = boxOf(d.from);
      if (b) el('path', { d: `M${b.x + b.w} ${b.y + b.h / 2} L${d.at.x} ${d.at.y}`, class: 'preview' });
      if (d.target) {
        const t = boxOf(d.target);
        if (t) rect(t, 'drop', 3 / k);
      }
    }
    if (d.kind === 'move' && d.moved) {
      for (const e of st.scene.edges.values()) {
        const a = d.ids.has(e.from);
        const z = d.ids.has(e.to);
        if (!a && !z) continue;
        const fb = boxOf(e.from);
        const tb = boxOf(e.to);
        if (!fb || !tb) continue;
        const fo = a ? d.off : { x: 0, y: 0 };
        const to = z ? d.off : { x: 0, y: 0 };
        el('path', {
          d: `M${fb.x + fb.w / 2 + fo.x} ${fb.y + fb.h / 2 + fo.y} L${tb.x + tb.w / 2 + to.x} ${tb.y + tb.h / 2 + to.y}`,
          class: 'preview',
        });
      }
    }
  }

  // ---------- selection ----------

  function select(ids, { fetch = true } = {}) {
    st.sel = new Set(ids);
    if (!st.keepHighlight) {
      st.highlight = { nodes: [], blocked: [] };
      document.querySelectorAll('.finding.active').forEach((f) => f.classList.remove('active'));
    }
    drawOverlay();
    if (!fetch) return;
    const edge = st.sel.size === 1 && st.scene.edges.has([...st.sel][0]) ? [...st.sel][0] : '';
    if (edge !== st.scene.highlight) {
      htmx.ajax('GET', `${base}/ui/canvas`, { source: stage, swap: 'none', values: { select: edge } });
    }
    if (editable) htmx.ajax('GET', `${ui}/props`, { source: stage, swap: 'none' });
  }

  function containerAt(p, exclude) {
    let best = null;
    for (const n of st.scene.nodes.values()) {
      if (!n.container || (exclude && exclude.has(n.id))) continue;
      if (p.x >= n.x && p.x <= n.x + n.w && p.y >= n.y && p.y <= n.y + n.h) {
        if (!best || n.w * n.h < best.w * best.h) best = n;
      }
    }
    return best ? best.id : '';
  }

  function withDescendants(ids) {
    const out = new Set(ids);
    let grew = true;
    while (grew) {
      grew = false;
      for (const n of st.scene.nodes.values()) {
        if (n.parent && out.has(n.parent) && !out.has(n.id)) {
          out.add(n.id);
          grew = true;
        }
      }
    }
    return out;
  }

  // topLevel drops ids whose container is also listed: they move with it.
  function topLevel(ids) {
    const set = new Set(ids);
    return [...set].filter((id) => {
      for (let p = st.scene.nodes.get(id)?.parent; p; p = st.scene.nodes.get(p)?.parent) {
        if (set.has(p)) return false;
      }
      return true;
    });
  }

  // ---------- requests ----------

  function send(ops, opts = {}) {
    if (!editable) return Promise.resolve();
    st.pending = opts.measure ? { start: opts.measure, kind: ops[0].op, marks: {} } : null;
    return htmx.ajax('POST', `${ui}/ops`, { source: stage, swap: 'none', values: { ops: JSON.stringify(ops) } });
  }

  document.body.addEventListener('htmx:configRequest', (e) => {
    const path = e.detail.path || '';
    if (!path.startsWith(`${base}/ui/`)) return;
    // What the page shows: the answer leaves out what it has.
    const p = e.detail.parameters;
    p['have-canvas'] = st.drawn;
    p['have-scene'] = st.sceneId;
    p['have-findings'] = document.getElementById('findings')?.dataset.h || '';
    p['have-props'] = document.getElementById('props')?.dataset.h || '';
    p['have-position'] = document.getElementById('props-position')?.dataset.h || '';
    if (!ui || !path.startsWith(ui)) return;
    const rev = document.getElementById('docstate')?.dataset.revision || '';
    p.base = rev;
    p.sel = [...st.sel].join(' ');
  });

  document.body.addEventListener('htmx:beforeOnLoad', (e) => {
    mark('loaded');
    if (st.pending) st.pending.marks.server = e.detail.xhr?.getResponseHeader('Server-Timing') || '';
  });
  document.body.addEventListener('htmx:afterSettle', () => {
    if (share?.open) shareLinksChanged();
  });

  // afterUpdate runs after an answer with a new drawing or scene was put
  // into the page: it places the drawing and reads the scene.
  function afterUpdate() {
    if (!st.canvasChanged) return;
    st.canvasChanged = false;
    mark('swapped');
    placeSvg();
    addEdgeHits();
    mark('hits');
    if (layer()?.dataset.scene !== undefined) loadScene();
    mark('scene');
    drawOverlay();
    mark('overlay');
    // Measure a move from mouse-up to the new drawing in the page, and to
    // the next frame, which paints it.
    const p = st.pending;
    if (p) {
      st.pending = null;
      const m = window.archwayEditor.metrics;
      m.last = performance.now() - p.start;
      m.moves.push(m.last);
      (m.steps ||= []).push(p.marks);
      requestAnimationFrame(() => {
        m.lastFrame = performance.now() - p.start;
        (m.frames ||= []).push(m.lastFrame);
      });
    }
  }

  document.body.addEventListener('archway:select', (e) => {
    const ids = (e.detail && e.detail.ids) || [];
    st.sel = new Set(ids.filter((id) => st.scene.nodes.has(id) || st.scene.edges.has(id) || groupsOf(id).length));
    drawOverlay();
    // Bring what an action added into view.
    const added = ids.filter((id) => st.scene.nodes.has(id) && st.prevIds && !st.prevIds.has(id));
    if (added.length) reveal(added);
  });

  // A change that brought no drawing back (refused, stale, lost
  // connection, server error) leaves nothing displaced on the canvas.
  document.body.addEventListener('htmx:afterRequest', (e) => {
    const status = e.detail.xhr?.status || 0;
    if (status === 200 && st.canvasChanged) return;
    clearOffset();
    if (status !== 200) st.pending = null;
    drawOverlay();
  });

  document.body.addEventListener('archway:stale', (e) => {
    const banner = document.getElementById('banner');
    document.getElementById('banner-text').textContent = e.detail.text;
    banner.hidden = false;
  });
  document.getElementById('banner-reload')?.addEventListener('click', () => location.reload());

  document.body.addEventListener('htmx:responseError', (e) => {
    const status = e.detail.xhr?.status;
    let msg = `The server answered ${status}.`;
    try {
      const body = JSON.parse(e.detail.xhr.responseText);
      if (body.error) msg = body.error;
    } catch {
      // not JSON
    }
    if (status === 404) msg = 'This link no longer opens the design (it was revoked or rotated).';
    toast(msg, 'error');
  });
  document.body.addEventListener('htmx:sendError', () => toast('The server cannot be reached. Your last change was not saved.', 'error'));

  // ---------- dragging nodes on the canvas ----------

  // setOffset shows the nodes ids (and what is drawn in them) moved by off
  // and fades their arrows until the server's drawing comes. The groups
  // are found once per set of ids: a drag calls this at every pointer move.
  function setOffset(ids, off) {
    const l = layer();
    if (!l) return;
    if (st.offset.ids !== ids) {
      const nodes = [...l.querySelectorAll('[data-node-id]')].filter((g) => {
        if (!ids.has(g.dataset.nodeId)) return false;
        const outer = g.parentElement?.closest('[data-node-id]');
        return !(outer && ids.has(outer.dataset.nodeId));
      });
      const edges = [...l.querySelectorAll('[data-edge-id]')].filter((g) => {
        const e = st.scene.edges.get(g.dataset.edgeId);
        return e && (ids.has(e.from) || ids.has(e.to));
      });
      const keep = new Set(edges);
      for (const g of st.offset.touched) if (!keep.has(g)) g.classList.remove('faded');
      st.offset = { ids, nodes, edges, touched: st.offset.touched };
    }
    for (const g of st.offset.nodes) {
      if (!g.hasAttribute('data-orig-transform')) g.setAttribute('data-orig-transform', g.getAttribute('transform') || '');
      const orig = g.getAttribute('data-orig-transform');
      g.setAttribute('transform', `translate(${off.x} ${off.y}) ${orig}`.trim());
      g.classList.add('dragging');
      st.offset.touched.add(g);
    }
    for (const g of st.offset.edges) {
      g.classList.add('faded');
      st.offset.touched.add(g);
    }
  }

  // clearOffset puts back everything setOffset moved or faded.
  function clearOffset() {
    for (const g of st.offset.touched) {
      if (g.hasAttribute('data-orig-transform')) {
        const orig = g.getAttribute('data-orig-transform');
        if (orig) g.setAttribute('transform', orig);
        else g.removeAttribute('transform');
        g.removeAttribute('data-orig-transform');
      }
      g.classList.remove('dragging', 'faded');
    }
    st.offset = { ids: null, nodes: [], edges: [], touched: new Set() };
  }

  function startPan(e) {
    st.drag = { kind: 'pan', sx: e.clientX, sy: e.clientY, vx: st.view.x, vy: st.view.y };
    stage.classList.add('panning');
  }

  function onDown(e) {
    if (e.target.closest('.empty-hint, .banner')) return;
    stage.focus({ preventScroll: true });
    st.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (st.pointers.size === 2) {
      const [a, b] = [...st.pointers.values()];
      clearOffset();
      st.drag = { kind: 'pinch', dist: Math.hypot(a.x - b.x, a.y - b.y), k: st.view.k };
      return;
    }
    if (st.pointers.size > 2) return;
    stage.setPointerCapture(e.pointerId);
    const p = toDiagram(e.clientX, e.clientY);
    if (e.button === 1 || e.button === 2 || st.space) {
      e.preventDefault();
      startPan(e);
      return;
    }
    const handle = e.target.closest('[data-handle]');
    if (handle && editable) {
      const id = [...st.sel][0];
      const n = st.scene.nodes.get(id);
      if (n) st.drag = { kind: 'resize', id, corner: handle.dataset.handle, orig: { ...n }, start: p, box: null };
      return;
    }
    const connector = e.target.closest('[data-connect]');
    if (connector && editable) {
      st.drag = { kind: 'connect', from: connector.dataset.connect, at: p, target: '' };
      drawOverlay();
      return;
    }
    const nodeEl = e.target.closest('#canvas-layer [data-node-id]');
    const hitEdge = e.target.dataset?.hitEdge ? groupsOf(e.target.dataset.hitEdge)[0] : null;
    const edgeEl = hitEdge || e.target.closest('#canvas-layer [data-edge-id]');
    // Containers are drawn as outlines; a press inside one, away from what
    // it holds, is on the container (Alt starts an area selection instead).
    const id = nodeEl?.dataset.nodeId || (edgeEl || e.altKey ? '' : containerAt(p));
    if (st.connect.on && editable) {
      if (!id || !st.scene.nodes.get(id)?.endpoint && !groupsOf(id).length) return;
      if (!st.connect.from) {
        st.connect.from = id;
        drawOverlay();
      } else if (st.connect.from !== id) {
        const from = st.connect.from;
        st.connect.from = '';
        drawOverlay();
        send([{ op: 'connect', from, to: id }]);
      }
      return;
    }
    if (edgeEl && !nodeEl) {
      const eid = edgeEl.dataset.edgeId;
      if (e.shiftKey) {
        const ids = new Set(st.sel);
        if (ids.has(eid)) ids.delete(eid);
        else ids.add(eid);
        select([...ids]);
      } else {
        select([eid]);
      }
      return;
    }
    if (id) {
      let ids = new Set(st.sel);
      if (e.shiftKey) {
        if (ids.has(id)) ids.delete(id);
        else ids.add(id);
        select([...ids]);
        return;
      }
      const fresh = !ids.has(id);
      if (fresh) ids = new Set([id]);
      const movable = [...ids].filter((x) => st.scene.nodes.has(x));
      if (!editable || !movable.length || !st.scene.nodes.has(id)) {
        if (fresh) select([...ids]);
        return;
      }
      // A press that becomes a drag selects without asking for the
      // properties: the move's answer brings them, in one request.
      if (fresh) select([...ids], { fetch: false });
      st.drag = {
        kind: 'move', start: p, primary: id, top: topLevel(movable), ids: withDescendants(movable),
        off: { x: 0, y: 0 }, moved: false, drop: '', fetch: fresh,
      };
      return;
    }
    if (!editable || e.pointerType === 'touch') {
      if (!e.shiftKey) select([]);
      startPan(e);
      return;
    }
    st.drag = { kind: 'band', start: p, at: p, moved: false, add: e.shiftKey };
  }

  function onMove(e) {
    if (st.pointers.has(e.pointerId)) st.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const d = st.drag;
    if (!d) {
      if (editable && !e.buttons) {
        const nodeEl = e.target.closest('#canvas-layer [data-node-id]');
        const hover = e.target.closest('[data-connect]') ? st.hover : nodeEl?.dataset.nodeId || '';
        if (hover !== st.hover) {
          st.hover = hover;
          drawOverlay();
        }
      }
      return;
    }
    const p = toDiagram(e.clientX, e.clientY);
    switch (d.kind) {
      case 'pinch': {
        const [a, b] = [...st.pointers.values()];
        if (!a || !b) return;
        const dist = Math.hypot(a.x - b.x, a.y - b.y);
        zoomAt((a.x + b.x) / 2, (a.y + b.y) / 2, (d.k * dist) / d.dist / st.view.k);
        return;
      }
      case 'pan':
        st.view.x = d.vx + e.clientX - d.sx;
        st.view.y = d.vy + e.clientY - d.sy;
        applyView();
        return;
      case 'move': {
        const dx = p.x - d.start.x;
        const dy = p.y - d.start.y;
        if (!d.moved && Math.hypot(dx, dy) * st.view.k < 4) return;
        d.moved = true;
        const n = st.scene.nodes.get(d.primary);
        d.off = { x: snap(n.x + dx) - n.x, y: snap(n.y + dy) - n.y };
        d.drop = containerAt(p, d.ids);
        setOffset(d.ids, d.off);
        drawOverlay();
        return;
      }
      case 'band':
        d.at = p;
        d.moved = d.moved || Math.hypot(p.x - d.start.x, p.y - d.start.y) * st.view.k > 3;
        drawOverlay();
        return;
      case 'resize': {
        const o = d.orig;
        let x0 = o.x;
        let y0 = o.y;
        let x1 = o.x + o.w;
        let y1 = o.y + o.h;
        if (d.corner.includes('w')) x0 = Math.min(snap(p.x), x1 - 40);
        if (d.corner.includes('e')) x1 = Math.max(snap(p.x), x0 + 40);
        if (d.corner.includes('n')) y0 = Math.min(snap(p.y), y1 - 40);
        if (d.corner.includes('s')) y1 = Math.max(snap(p.y), y0 + 40);
        d.box = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
        drawOverlay();
        return;
      }
      case 'connect': {
        d.at = p;
        const t = document.elementFromPoint(e.clientX, e.clientY)?.closest('#canvas-layer [data-node-id]');
        d.target = t && t.dataset.nodeId !== d.from ? t.dataset.nodeId : '';
        drawOverlay();
        return;
      }
      default:
    }
  }

  function onUp(e) {
    st.pointers.delete(e.pointerId);
    const d = st.drag;
    if (!d) return;
    if (d.kind === 'pinch') {
      if (st.pointers.size < 2) st.drag = null;
      return;
    }
    st.drag = null;
    stage.classList.remove('panning');
    const now = performance.now();
    switch (d.kind) {
      case 'move': {
        if (!d.moved || (d.off.x === 0 && d.off.y === 0 && d.drop === (st.scene.nodes.get(d.primary)?.parent || ''))) {
          clearOffset();
          if (d.fetch) select([...st.sel]);
          else drawOverlay();
          return;
        }
        const op = { op: 'move', ids: d.top, dx: d.off.x, dy: d.off.y };
        const parent = st.scene.nodes.get(d.primary)?.parent || '';
        if (d.drop !== parent) op.parent = d.drop;
        drawOverlay();
        send([op], { measure: now });
        return;
      }
      case 'band': {
        if (!d.moved) {
          if (!d.add) select([]);
          else drawOverlay();
          return;
        }
        const x0 = Math.min(d.start.x, d.at.x);
        const x1 = Math.max(d.start.x, d.at.x);
        const y0 = Math.min(d.start.y, d.at.y);
        const y1 = Math.max(d.start.y, d.at.y);
        const ids = d.add ? new Set(st.sel) : new Set();
        for (const n of st.scene.nodes.values()) {
          if (n.x >= x0 && n.y >= y0 && n.x + n.w <= x1 && n.y + n.h <= y1) ids.add(n.id);
        }
        select([...ids]);
        return;
      }
      case 'resize':
        drawOverlay();
        if (d.box) send([{ op: 'resize', id: d.id, x: d.box.x, y: d.box.y, w: d.box.w, h: d.box.h }]);
        return;
      case 'connect':
        drawOverlay();
        if (d.target) send([{ op: 'connect', from: d.from, to: d.target }]);
        return;
      default:
        drawOverlay();
    }
  }

  stage.addEventListener('pointerdown', onDown);
  stage.addEventListener('pointermove', onMove);
  stage.addEventListener('pointerup', onUp);
  stage.addEventListener('pointercancel', (e) => {
    st.pointers.delete(e.pointerId);
    if (st.drag?.kind === 'move') clearOffset();
    st.drag = null;
    drawOverlay();
  });
  stage.addEventListener('contextmenu', (e) => e.preventDefault());
  stage.addEventListener('pointerleave', () => {
    if (!st.drag && st.hover) {
      st.hover = '';
      drawOverlay();
    }
  });
  stage.addEventListener(
    'wheel',
    (e) => {
      // As in draw.io: the wheel (and a touchpad's two fingers) pans;
      // with Ctrl or ⌘ held, and a touchpad's pinch (which the browser
      // reports as a wheel with Ctrl), it zooms around the pointer.
      e.preventDefault();
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? stage.clientHeight : 1;
      if (e.ctrlKey || e.metaKey) {
        zoomAt(e.clientX, e.clientY, Math.exp(-e.deltaY * unit * 0.01));
        return;
      }
      const dx = (e.shiftKey && !e.deltaX ? e.deltaY : e.deltaX) * unit;
      const dy = (e.shiftKey && !e.deltaX ? 0 : e.deltaY) * unit;
      st.view.x -= dx;
      st.view.y -= dy;
      applyView();
    },
    { passive: false },
  );

  // ---------- the palette ----------

  function dropTargetAt(clientX, clientY) {
    const r = stage.getBoundingClientRect();
    if (clientX < r.left || clientX > r.right || clientY < r.top || clientY > r.bottom) return null;
    const p = toDiagram(clientX, clientY);
    return { p, parent: containerAt(p) };
  }

  function addNode(type, p, parent) {
    const op = { op: 'add', type, x: Math.round(p.x), y: Math.round(p.y) };
    if (parent) op.parent = parent;
    send([op]);
  }

  for (const item of document.querySelectorAll('.palette-item')) {
    let drag = null;
    item.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      item.setPointerCapture(e.pointerId);
      drag = { sx: e.clientX, sy: e.clientY, ghost: null, moved: false };
    });
    item.addEventListener('pointermove', (e) => {
      if (!drag) return;
      if (!drag.moved && Math.hypot(e.clientX - drag.sx, e.clientY - drag.sy) < 4) return;
      if (!drag.moved) {
        drag.moved = true;
        drag.ghost = item.cloneNode(true);
        drag.ghost.className = 'drag-ghost';
        drag.ghost.removeAttribute('data-testid');
        document.body.append(drag.ghost);
      }
      drag.ghost.style.left = `${e.clientX}px`;
      drag.ghost.style.top = `${e.clientY}px`;
      const t = dropTargetAt(e.clientX, e.clientY);
      st.drag = t ? { kind: 'palette', drop: t.parent } : null;
      drawOverlay();
    });
    const end = (e, cancel) => {
      if (!drag) return;
      const moved = drag.moved;
      drag.ghost?.remove();
      drag = null;
      st.drag = null;
      drawOverlay();
      if (!moved || cancel) return;
      item.dataset.dragged = '1';
      const t = dropTargetAt(e.clientX, e.clientY);
      if (t) addNode(item.dataset.type, t.p, t.parent);
    };
    item.addEventListener('pointerup', (e) => end(e, false));
    item.addEventListener('pointercancel', (e) => end(e, true));
    item.addEventListener('click', () => {
      if (item.dataset.dragged) {
        delete item.dataset.dragged;
        return;
      }
      // A click (or Enter) adds the node in the middle of the view.
      const r = stage.getBoundingClientRect();
      const t = dropTargetAt(r.left + r.width / 2, r.top + r.height / 2);
      if (t) addNode(item.dataset.type, t.p, t.parent);
    });
  }

  // ---------- toolbar ----------

  const connectBtn = document.getElementById('connect-mode');
  function setConnect(on) {
    st.connect = { on, from: '' };
    connectBtn?.setAttribute('aria-pressed', String(on));
    stage.classList.toggle('connecting', on);
    drawOverlay();
  }
  connectBtn?.addEventListener('click', () => setConnect(!st.connect.on));
  document.getElementById('zoom-in')?.addEventListener('click', () => zoomCenter(1.25));
  document.getElementById('zoom-out')?.addEventListener('click', () => zoomCenter(0.8));
  document.getElementById('zoom-reset')?.addEventListener('click', () => zoomCenter(1 / st.view.k));
  document.getElementById('zoom-fit')?.addEventListener('click', () => fit());

  const title = document.getElementById('title-input');
  title?.addEventListener('change', () => {
    send([{ op: 'title', value: title.value }]);
    store.remember(location.pathname, title.value);
  });
  title?.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') title.blur();
  });

  // Buttons in the properties panel act on the selection.
  document.addEventListener('click', (e) => {
    const b = e.target.closest('#props [data-action]');
    if (!b) return;
    if (b.dataset.action === 'delete') removeSelection();
    if (b.dataset.action === 'duplicate') duplicate();
  });

  // A finding selects what it is about and outlines its path.
  document.addEventListener('click', (e) => {
    const f = e.target.closest('.finding');
    if (!f || e.target.closest('form, button, a')) return;
    const edges = (f.dataset.edges || '').split(' ').filter(Boolean);
    const nodes = (f.dataset.nodes || '').split(' ').filter(Boolean);
    const path = [];
    const blocked = [];
    for (const id of edges) {
      const se = st.scene.edges.get(id);
      if (!se) continue;
      path.push(...(se.path || []), se.from, se.to);
      blocked.push(...(se.blockedAt || []));
    }
    st.keepHighlight = true;
    select(edges.length ? [edges[0]] : nodes);
    st.keepHighlight = false;
    st.highlight = { nodes: [...new Set([...path, ...nodes])].filter((id) => !blocked.includes(id)), blocked };
    document.querySelectorAll('.finding.active').forEach((x) => x.classList.remove('active'));
    f.classList.add('active');
    drawOverlay();
    reveal([...edges.flatMap((id) => [st.scene.edges.get(id)?.from, st.scene.edges.get(id)?.to]), ...nodes].filter(Boolean));
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target.classList?.contains('finding')) e.target.click();
  });

  // reveal pans so the given nodes are in view.
  function reveal(ids) {
    const boxes = ids.map(boxOf).filter(Boolean);
    if (!boxes.length) return;
    const x0 = Math.min(...boxes.map((b) => b.x));
    const y0 = Math.min(...boxes.map((b) => b.y));
    const x1 = Math.max(...boxes.map((b) => b.x + b.w));
    const y1 = Math.max(...boxes.map((b) => b.y + b.h));
    const r = stage.getBoundingClientRect();
    const k = st.view.k;
    const sx0 = x0 * k + st.view.x;
    const sy0 = y0 * k + st.view.y;
    const sx1 = x1 * k + st.view.x;
    const sy1 = y1 * k + st.view.y;
    if (sx0 >= 0 && sy0 >= 0 && sx1 <= r.width && sy1 <= r.height) return;
    st.view.x = r.width / 2 - ((x0 + x1) / 2) * k;
    st.view.y = r.height / 2 - ((y0 + y1) / 2) * k;
    applyView();
  }

  // Live syntax check of policy fields; the server checks again.
  document.addEventListener('input', (e) => {
    const t = e.target;
    if (!t.matches?.('textarea[data-json]')) return;
    const status = t.parentElement.querySelector('.json-status');
    if (!status) return;
    if (!t.value.trim()) {
      status.textContent = '';
      return;
    }
    try {
      JSON.parse(t.value);
      status.textContent = 'Valid JSON';
      status.classList.remove('bad');
    } catch (err) {
      status.textContent = err.message;
      status.classList.add('bad');
    }
  });

  // ---------- actions on the selection ----------

  function removeSelection() {
    if (!st.sel.size) return;
    const ids = [...st.sel];
    st.sel = new Set();
    send([{ op: 'delete', ids }]);
  }

  function duplicate() {
    const ids = [...st.sel].filter((id) => st.scene.nodes.has(id) || groupsOf(id).some((g) => g.dataset.nodeId));
    if (ids.length) send([{ op: 'duplicate', ids }]);
  }

  async function copy() {
    const ids = [...st.sel].filter((id) => !st.scene.edges.has(id));
    if (!ids.length) return;
    const res = await fetch(`${ui}/clip?sel=${encodeURIComponent(ids.join(' '))}`, { headers: { Accept: 'application/json' } });
    if (!res.ok) return;
    store.setClipboard(await res.json());
    st.pasteCount = 0;
    toast(`Copied ${ids.length} ${ids.length === 1 ? 'item' : 'items'}.`);
  }

  function paste() {
    const clip = store.clipboard();
    if (!clip || !Array.isArray(clip.nodes) || !clip.nodes.length) {
      toast('The clipboard is empty: copy something first.');
      return;
    }
    st.pasteCount += 1;
    send([{ op: 'paste', nodes: clip.nodes, edges: clip.edges || [], dx: 40 * st.pasteCount, dy: 40 * st.pasteCount }]);
  }

  function nudge(dx, dy) {
    const ids = [...st.sel].filter((id) => st.scene.nodes.has(id));
    if (!ids.length) {
      st.view.x -= dx * 4;
      st.view.y -= dy * 4;
      applyView();
      return;
    }
    if (!st.nudge) st.nudge = { ids: withDescendants(ids), top: topLevel(ids), off: { x: 0, y: 0 }, timer: 0 };
    const n = st.nudge;
    n.off.x += dx;
    n.off.y += dy;
    setOffset(n.ids, n.off);
    clearTimeout(n.timer);
    n.timer = setTimeout(() => {
      st.nudge = null;
      send([{ op: 'move', ids: n.top, dx: n.off.x, dy: n.off.y }], { measure: performance.now() });
    }, 350);
  }

  // ---------- keyboard ----------

  document.addEventListener('keydown', (e) => {
    if (e.key === ' ' && !isTyping(e.target)) {
      st.space = true;
      stage.classList.add('space');
    }
    if (document.querySelector('dialog[open]') || isTyping(e.target)) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && key === 'z' && editable) {
      e.preventDefault();
      const b = document.querySelector(e.shiftKey ? '[data-testid="redo"]' : '[data-testid="undo"]');
      if (b && !b.disabled) b.click();
      return;
    }
    if (mod && key === 'y' && editable) {
      e.preventDefault();
      const b = document.querySelector('[data-testid="redo"]');
      if (b && !b.disabled) b.click();
      return;
    }
    if (mod && key === 'a') {
      e.preventDefault();
      select([...st.scene.nodes.keys()]);
      return;
    }
    if (mod && key === 'c' && editable) {
      e.preventDefault();
      copy();
      return;
    }
    if (mod && key === 'v' && editable) {
      e.preventDefault();
      paste();
      return;
    }
    if (mod && key === 'd' && editable) {
      e.preventDefault();
      duplicate();
      return;
    }
    if (mod) return;
    const step = e.shiftKey ? 5 * GRID : GRID;
    switch (e.key) {
      case 'Delete':
      case 'Backspace':
        if (editable) {
          e.preventDefault();
          removeSelection();
        }
        return;
      case 'ArrowLeft':
      case 'ArrowRight':
      case 'ArrowUp':
      case 'ArrowDown': {
        e.preventDefault();
        const dx = e.key === 'ArrowLeft' ? -step : e.key === 'ArrowRight' ? step : 0;
        const dy = e.key === 'ArrowUp' ? -step : e.key === 'ArrowDown' ? step : 0;
        if (editable) nudge(dx, dy);
        else {
          st.view.x -= dx * 4;
          st.view.y -= dy * 4;
          applyView();
        }
        return;
      }
      case 'Escape':
        if (st.drag?.kind === 'move') clearOffset();
        st.drag = null;
        setConnect(false);
        select([]);
        return;
      case '?':
        document.getElementById('help-dialog')?.showModal();
        return;
      case '+':
      case '=':
        zoomCenter(1.25);
        return;
      case '-':
      case '_':
        zoomCenter(0.8);
        return;
      case '0':
        zoomCenter(1 / st.view.k);
        return;
      case '!':
        fit();
        return;
      case 'c':
        if (editable) setConnect(!st.connect.on);
        return;
      default:
    }
  });
  document.addEventListener('keyup', (e) => {
    if (e.key === ' ') {
      st.space = false;
      stage.classList.remove('space');
    }
  });

  // ---------- dialogs ----------

  document.addEventListener('click', (e) => {
    const close = e.target.closest('[data-close]');
    if (close) close.closest('dialog')?.close();
    const menu = document.getElementById('export-menu');
    if (menu?.open && !e.target.closest('#export-menu')) menu.open = false;
  });
  document.getElementById('help-button')?.addEventListener('click', () => document.getElementById('help-dialog').showModal());
  document.getElementById('export-menu')?.addEventListener('click', (e) => {
    if (e.target.closest('a')) e.currentTarget.open = false;
  });

  const share = document.getElementById('share-dialog');
  document.getElementById('share-button')?.addEventListener('click', () => {
    document.getElementById('edit-link').value = location.origin + location.pathname;
    share.showModal();
    htmx.ajax('GET', `${ui}/share`, { source: stage, swap: 'none' });
  });
  share?.addEventListener('click', async (e) => {
    const b = e.target.closest('[data-copy], [data-copy-link]');
    if (!b) return;
    const input = b.dataset.copy ? document.querySelector(b.dataset.copy) : b.closest('.copyrow').querySelector('input');
    if (!input.value) {
      toast('This link was created in another browser; its address can only be shown there.', 'error');
      return;
    }
    if (await copyText(input.value, input)) toast('Link copied.', 'ok');
  });

  function shareLinksChanged() {
    const box = document.getElementById('share-links');
    if (!box) return;
    if (box.dataset.rotated) {
      store.moved(location.pathname, box.dataset.rotated);
      location.replace(box.dataset.rotated);
      return;
    }
    for (const li of box.querySelectorAll('[data-link-id]')) {
      if (li.dataset.token) store.keepViewToken(li.dataset.linkId, li.dataset.token);
      const tok = li.dataset.token || store.viewToken(li.dataset.linkId);
      if (tok) li.querySelector('input').value = `${location.origin}/v/${tok}`;
    }
  }

  const historyDialog = document.getElementById('history-dialog');
  document.addEventListener('click', (e) => {
    if (!e.target.closest('#history-button')) return;
    historyDialog.showModal();
    htmx.ajax('GET', `${ui}/revisions`, { source: stage, swap: 'none' });
  });

  const imp = document.getElementById('import-dialog');
  document.getElementById('import-button')?.addEventListener('click', () => {
    document.getElementById('import-result').replaceChildren();
    imp.showModal();
  });
  imp?.addEventListener('click', (e) => {
    const tab = e.target.closest('[data-tab]');
    if (!tab) return;
    for (const t of imp.querySelectorAll('[data-tab]')) {
      t.setAttribute('aria-selected', String(t === tab));
      document.getElementById(t.dataset.tab).hidden = t !== tab;
    }
  });
  document.body.addEventListener('htmx:afterRequest', (e) => {
    if (e.detail.elt?.id === 'import-json' && e.detail.xhr?.status === 200) {
      imp.close();
      e.detail.elt.reset();
      toast('Design imported as a new revision. Undo brings the previous one back.', 'ok');
    }
  });
  document.getElementById('import-cfn')?.addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = e.currentTarget;
    const file = form.querySelector('input[type=file]').files[0];
    if (!file) return;
    const result = document.getElementById('import-result');
    const say = (text) => {
      const p = document.createElement('p');
      p.className = 'error-text';
      p.textContent = text;
      result.replaceChildren(p);
    };
    const type = /\.json$/i.test(file.name) ? 'application/json' : 'application/yaml';
    let res;
    try {
      res = await fetch(form.dataset.endpoint, { method: 'POST', headers: { 'Content-Type': type }, body: file });
    } catch {
      say('The server cannot be reached.');
      return;
    }
    if (res.status === 404 || res.status === 405) {
      say('CloudFormation import is not available on this server yet.');
      return;
    }
    const text = await res.text();
    if (!res.ok) {
      let msg = `The template could not be converted (${res.status}).`;
      try {
        const body = JSON.parse(text);
        if (body.error) msg = body.error;
      } catch {
        // not JSON
      }
      say(msg);
      return;
    }
    let design = text;
    try {
      const body = JSON.parse(text);
      if (body && body.design) design = JSON.stringify(body.design);
    } catch {
      say('The converter answered something that is not JSON.');
      return;
    }
    const jsonForm = document.getElementById('import-json');
    const input = jsonForm.querySelector('input[type=file]');
    const dt = new DataTransfer();
    dt.items.add(new File([design], 'template.json', { type: 'application/json' }));
    input.files = dt.files;
    jsonForm.requestSubmit();
  });

  // show centres a node at 100 %, for the console and the browser tests.
  window.archwayEditor.show = (id) => {
    const b = boxOf(id);
    if (!b) return false;
    const r = stage.getBoundingClientRect();
    st.view = { k: 1, x: r.width / 2 - (b.x + b.w / 2), y: r.height / 2 - (b.y + b.h / 2) };
    applyView();
    return true;
  };

  // ---------- start ----------

  if (editable) {
    const m = /^#view=([0-9a-f]+)\.([A-Za-z0-9_-]+)$/.exec(location.hash);
    if (m) {
      store.keepViewToken(m[1], m[2]);
      window.history.replaceState(null, '', location.pathname);
    }
    store.remember(location.pathname, title?.value || '');
  }
  readDrawing();
  loadScene();
  placeSvg();
  addEdgeHits();
  requestAnimationFrame(() => {
    if (st.scene.nodes.size) fit(1);
    else applyView();
  });
  new ResizeObserver(() => drawOverlay()).observe(stage);
}
