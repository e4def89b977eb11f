/** A one-line progress bar on stderr when it is a terminal; silent otherwise. */
export function progressBar(
  label: string,
): ((done: number, total: number, detail?: number | string) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, total, detail) => {
    const width = 24;
    const filled = Math.round((width * done) / total);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const extra = detail === undefined ? '' : ` (${detail})`;
    process.stderr.write(`\r${label} ${bar} ${done}/${total}${extra}   `);
    if (done === total) process.stderr.write('\r\x1b[K');
  };
}
