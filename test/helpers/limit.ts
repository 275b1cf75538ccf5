/** Run async jobs with at most `size` of them in flight at once; the others wait, in the order they came. */
export function limitConcurrency(size: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    while (active >= size) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    active++;
    try {
      return await job();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
