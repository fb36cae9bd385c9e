/** A small helper to build elements (text is always set as text, never parsed as HTML). */

type Child = Node | string | null | undefined | false;
type Props = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.replace(/^on/, "").toLowerCase(), value);
    else if (name === "className") element.className = String(value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no element #${id}`);
  return element as T;
}

/** Shows a message in a status region: "loading", "error" or "info" (the kind is also said in words, not by colour alone). */
export function showStatus(region: HTMLElement, kind: "loading" | "error" | "info" | "none", message = ""): void {
  region.className = `status status-${kind}`;
  region.replaceChildren();
  if (kind === "none") return;
  const prefix = kind === "error" ? "Error: " : kind === "loading" ? "Loading: " : "";
  region.append(h("strong", {}, prefix), message);
}
