import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on stderr for humans; nothing at all with --json or when stderr is not a terminal. */
export function progressBar(enabled: boolean, label: string) {
  if (!enabled || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar(
    { format: `${label} [{bar}] {value}/{total} {item}`, stream: process.stderr },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number, item = '') {
      if (!started) bar.start(total, 0, { item });
      started = true;
      bar.setTotal(Math.max(total, done));
      bar.update(done, { item });
    },
    stop: () => started && bar.stop(),
  };
}
