// Test helpers (not part of the library's entries): read generated XML back element by element.
import { create } from 'xmlbuilder2';

export interface XmlElement {
  readonly name: string;
  readonly text: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
}

interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
  readonly attributes?: ArrayLike<{ name: string; value: string }>;
}

function toElement(node: DomNode): XmlElement {
  const children = Array.from(node.childNodes)
    .filter((child) => child.nodeType === 1)
    .map(toElement);
  const attributes: Record<string, string> = {};
  for (const attribute of Array.from(node.attributes ?? [])) attributes[attribute.name] = attribute.value;
  return {
    name: node.nodeName,
    text: children.length === 0 ? (node.textContent ?? '') : '',
    attributes,
    children,
  };
}

/** The root element of an XML text as plain data (qualified names as written, e.g. `inv:invoice`). */
export function readXml(xml: string): XmlElement {
  return toElement(create(xml).root().node as unknown as DomNode);
}

/** The only child of that name; throws when there is none or more than one. */
export function child(element: XmlElement, name: string): XmlElement {
  const found = element.children.filter((candidate) => candidate.name === name);
  if (found.length !== 1) throw new Error(`${element.name} has ${found.length} <${name}>`);
  return found[0] as XmlElement;
}

/** The text of the element at a path of child names, e.g. `text(header, 'inv:number', 'typ:numberRequested')`. */
export function text(element: XmlElement, ...path: string[]): string {
  return path.reduce(child, element).text;
}

/** Names and texts of the leaf children, in order: what an element-by-element comparison reads. */
export function leaves(element: XmlElement): Array<[string, string]> {
  return element.children.map((entry) => [entry.name, entry.children.length === 0 ? entry.text : '…']);
}
