/** Timings the e2e test reads (window.__ltPerf): how long a list takes to render once its data arrived. */
declare global {
  interface Window {
    __ltPerf?: Record<string, number[]>;
  }
}

const arrivals = new Map<string, number>();

export function markDataArrived(name: string) {
  arrivals.set(name, performance.now());
}

/** Call from a layout effect after the rows are in the DOM; records the time until the next frame. */
export function markRendered(name: string, rows: number) {
  const start = arrivals.get(name);
  if (start === undefined || rows === 0) return;
  arrivals.delete(name);
  const inDom = performance.now() - start;
  requestAnimationFrame(() => {
    const painted = performance.now() - start;
    const perf = (window.__ltPerf ??= {});
    (perf[`${name}.dom`] ??= []).push(Math.round(inDom * 10) / 10);
    (perf[`${name}.frame`] ??= []).push(Math.round(painted * 10) / 10);
    (perf[`${name}.rows`] ??= []).push(rows);
  });
}
