/**
 * The real parsers for what `labc graph` writes: Mermaid's own (it needs a DOM for DOMPurify,
 * which jsdom provides; nothing is rendered) and Graphviz itself, compiled to WebAssembly.
 */
let mermaid: { parse(text: string): Promise<{ diagramType: string } | false> } | undefined;

export async function parseMermaid(text: string): Promise<string> {
  if (!mermaid) {
    // jsdom ships no type declarations; only its JSDOM constructor is used.
    const jsdom = "jsdom";
    const { JSDOM } = (await import(jsdom)) as { JSDOM: new (html: string) => { window: { document: unknown } } };
    const dom = new JSDOM("<!doctype html><html><body></body></html>");
    const g = globalThis as Record<string, unknown>;
    g["window"] ??= dom.window;
    g["document"] ??= dom.window.document;
    mermaid = (await import("mermaid")).default as unknown as typeof mermaid;
  }
  const result = await mermaid!.parse(text);
  if (!result) throw new Error("mermaid rejected the diagram");
  return result.diagramType;
}

let graphviz: { dot(text: string): string } | undefined;

/** Lays the graph out with Graphviz and returns the SVG; a syntax error throws. */
export async function layoutDot(text: string): Promise<string> {
  if (!graphviz) graphviz = await (await import("@hpcc-js/wasm-graphviz")).Graphviz.load();
  return graphviz.dot(text);
}
