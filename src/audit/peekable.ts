/** A pull cursor over a sync or async iterable with one item of look-ahead (constant memory). */
export interface Peekable<T> {
  next(): Promise<T | undefined>;
  peek(): Promise<T | undefined>;
  /** Releases the underlying iterator (a database cursor, a file) when the reader stops early. */
  close(): Promise<void>;
}

/** Wraps `source`; `undefined` marks the end, so items must not be undefined. */
export function peekable<T>(source: Iterable<T> | AsyncIterable<T>): Peekable<T> {
  const iterator: Iterator<T> | AsyncIterator<T> = Symbol.asyncIterator in source
    ? (source as AsyncIterable<T>)[Symbol.asyncIterator]()
    : (source as Iterable<T>)[Symbol.iterator]();
  let buffered: { item: T | undefined } | undefined;
  let done = false;
  const pull = async (): Promise<T | undefined> => {
    if (done) return undefined;
    const step = await iterator.next();
    if (step.done) done = true;
    return step.done ? undefined : step.value;
  };
  return {
    next: async () => {
      if (buffered) {
        const { item } = buffered;
        buffered = undefined;
        return item;
      }
      return pull();
    },
    peek: async () => {
      if (!buffered) buffered = { item: await pull() };
      return buffered.item;
    },
    close: async () => {
      if (!done) {
        done = true;
        await iterator.return?.();
      }
    },
  };
}
