// The moment a loading page has both comparisons on screen (the Jacobian's table, or its refusal),
// as a performance mark: the end of "loading" for bench/loadTrace.ts and bench/loadProfile.ts.
export const COMPARISONS_MARK = 'splittape:comparisons';

/** Runs in the page before its scripts (page.addInitScript); resolves with the mark's time. */
export function markComparisons(mark: string) {
  const target = window as unknown as { comparisonsShown: Promise<number> };
  target.comparisonsShown = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const selector =
        '.gradient-tables [data-method="jacobian"] caption, .gradient-tables .method-refused';
      if (!document.querySelector(selector)) return;
      observer.disconnect();
      resolve(performance.mark(mark).startTime);
    });
    observer.observe(document, { subtree: true, childList: true });
  });
}
