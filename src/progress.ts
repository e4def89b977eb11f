/** A step of long work and how far it is: what `onProgress` receives. */
export interface ProgressEvent {
  /** What is being done, e.g. "choosing k", "cross-validation", "reading customers.csv". */
  step: string;
  done: number;
  total: number;
  /** The item just finished, e.g. "k = 4" or "fold 3". */
  detail?: string;
  /** A result worth a line of its own (a tuning candidate's score), shown even between bar updates. */
  message?: string;
}

export type OnProgress = (event: ProgressEvent) => void;

/**
 * Reports a single long await as a step in progress: an update every second while it runs (so a
 * reporter can say it is still working), and done at the end.
 */
export async function ticking<T>(
  onProgress: OnProgress | undefined,
  step: string,
  work: Promise<T>,
): Promise<T> {
  if (!onProgress) return work;
  const started = Date.now();
  const timer = setInterval(
    () => onProgress({ step, done: 0, total: 1, detail: `${Math.round((Date.now() - started) / 1000)} s` }),
    1000,
  );
  try {
    const out = await work;
    onProgress({ step, done: 1, total: 1 });
    return out;
  } finally {
    clearInterval(timer);
  }
}

/**
 * Progress for work made of named steps: every event the work reports passes through, and while a
 * step runs without news (one long query), the step is repeated each second with its elapsed time,
 * so a reporter shows what is being done rather than one opaque step.
 */
export async function steps<T>(
  onProgress: OnProgress | undefined,
  first: string,
  work: (report: OnProgress | undefined) => Promise<T>,
): Promise<T> {
  if (!onProgress) return work(undefined);
  let last: ProgressEvent = { step: first, done: 0, total: 1 };
  let since = Date.now();
  const report: OnProgress = (e) => {
    if (e.step !== last.step) since = Date.now();
    last = e;
    onProgress(e);
  };
  const timer = setInterval(() => {
    if (last.done < last.total)
      onProgress({ ...last, detail: `${Math.round((Date.now() - since) / 1000)} s`, message: undefined });
  }, 1000);
  try {
    report(last);
    return await work(report);
  } finally {
    clearInterval(timer);
  }
}
