/**
 * Reading the portal's production build as the browser loads it: which chunks `main` needs before the first page
 * (its static imports, transitively) and which page components sit in them.
 */

/** Relative modules a chunk imports statically (`import … from "./x.js"`, `import "./x.js"`), not `import()`. */
export function staticImports(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(
    /(?:^|[;}\s])import\s*(?:[\w$*{},\s]*?\bfrom\s*)?["'](\.\/[^"']+\.js)["']/g,
  )) {
    found.add((match[1] as string).slice(2));
  }
  return [...found];
}

/** The chunks the browser loads before the first page: the closure of `main` over static imports. */
export function initialChunks(files: ReadonlyMap<string, string>, entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = files.get(file);
    if (code === undefined) throw new Error(`${file} is imported but not in the build`);
    queue.push(...staticImports(code));
  }
  return [...seen].sort();
}

/** Page components (`selectors:[["sd-…-page"]]`) compiled into the given chunks. */
export function pagesIn(files: ReadonlyMap<string, string>, chunks: readonly string[]): string[] {
  return chunks.flatMap((chunk) =>
    [...(files.get(chunk) ?? '').matchAll(/selectors:\[\["(sd-[a-z-]+-page)"\]\]/g)].map(
      (m) => m[1] as string,
    ),
  );
}
