/** Whether this document can draw charts: a 2D canvas can be created (not in happy-dom). */
export function canvasSupported(doc: Document | undefined = globalThis.document): boolean {
  try {
    return !!doc?.createElement("canvas").getContext?.("2d");
  } catch {
    return false;
  }
}
