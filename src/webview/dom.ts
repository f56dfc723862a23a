// DOM building without HTML strings. Report data (file names, function names, messages) comes from the
// user's code, so every text goes in through textContent and every attribute through setAttribute —
// never innerHTML. Inline `style="…"` and `onclick="…"` would also break under the page's CSP.

type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  class?: string;
  text?: string;
  attrs?: Record<string, string | number | boolean | undefined>;
}

/** An element with a class, text and attributes, and children appended in order (falsy ones skipped). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, opts: ElementOptions | string = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const o: ElementOptions = typeof opts === 'string' ? { class: opts } : opts;
  if (o.class) node.className = o.class;
  if (o.text !== undefined) node.textContent = o.text;
  for (const [name, value] of Object.entries(o.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** A real <button> (keyboard and screen readers get it for free) that runs `onClick`. */
export function button(label: string, onClick: () => void, opts: { class?: string; title?: string; attrs?: ElementOptions['attrs'] } = {}): HTMLButtonElement {
  const b = el('button', { class: opts.class ?? 'btn', text: label, attrs: { type: 'button', title: opts.title, ...opts.attrs } });
  b.addEventListener('click', onClick);
  return b;
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** A section with a heading; `id` makes it a target for the report page's navigation. */
export function section(title: string, id?: string, level: 2 | 3 = 2): { root: HTMLElement; body: HTMLElement } {
  const headingId = id ? `${id}-heading` : undefined;
  const root = el('section', { class: 'view-section', attrs: { id, 'aria-labelledby': headingId } });
  root.appendChild(el(level === 2 ? 'h2' : 'h3', { text: title, attrs: { id: headingId } }));
  const body = el('div', 'section-body');
  root.appendChild(body);
  return { root, body };
}

/** Elements of SVG, which need their namespace. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  ...children: (SVGElement | null)[]
): SVGElementTagNameMap[K] {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) if (c) node.appendChild(c);
  return node;
}

/** Short id-safe slug of a string, for DOM ids built from spec ids. */
export const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
