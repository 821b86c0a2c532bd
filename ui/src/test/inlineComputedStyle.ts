import { afterAll, beforeAll } from 'vitest';

/**
 * Makes `getComputedStyle` answer from the element's inline style for the tests of one file.
 *
 * jsdom's `getComputedStyle` matches every rule antd's CSS-in-JS injected (thousands) against the
 * element, and for inherited properties its ancestors too: a few hundred milliseconds per call on a busy
 * machine. antd calls it dozens of times per render (table scroll bar size and container width, popup
 * alignment walking every ancestor), which made page tests take 10 s each and `findBy*` time out. jsdom does
 * no layout, so those values mean nothing anyway.
 *
 * Hiding done by CSS classes (e.g. `.ant-popover-hidden`) is then invisible to `toBeVisible` and to the
 * hidden-element filter of role queries: check such state by class instead.
 */
export function inlineComputedStyleInThisFile(): void {
  let original: typeof window.getComputedStyle;
  beforeAll(() => {
    original = window.getComputedStyle;
    window.getComputedStyle = ((elt: Element, pseudo?: string | null) =>
      elt instanceof HTMLElement || elt instanceof SVGElement
        ? elt.style
        : original(elt, pseudo)) as typeof window.getComputedStyle;
  });
  afterAll(() => {
    window.getComputedStyle = original;
  });
}
