/**
 * Tiny DOM helper for the views: creates an element with attributes and children; text is always
 * set through text nodes, never parsed as HTML.
 */
type Child = Node | string | number | null | undefined | false;

/**
 * `h('div', {class: 'row'}, 'text', child)`. Attributes starting with `on` are not supported on
 * purpose. `style` is applied through the CSSOM (`element.style.cssText`), never as an attribute:
 * the server's Content-Security-Policy refuses inline style attributes.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'style') element.style.cssText = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  return element;
}

/**
 * The SVG namespace name `createElementNS` needs (an identifier, never fetched: the page makes no
 * request outside its own server).
 */
const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/** `svg('path', {d: 'M0 0h4'}, child)`: an SVG element with attributes and children, as {@link h}. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: SVGElement[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NAMESPACE, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}
