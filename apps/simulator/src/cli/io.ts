/** Where CLI commands write: injected so tests can capture it. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** A live progress line: rewritten in place on a terminal, a plain line otherwise. */
  status?(line: string): void;
}

let statusShown = false;
/** Ends a live status line before normal output, so the two never share a line. */
const endStatus = () => {
  if (statusShown) process.stdout.write("\n");
  statusShown = false;
};

export const processIo: CliIo = {
  out: (line) => {
    endStatus();
    process.stdout.write(`${line}\n`);
  },
  err: (line) => {
    endStatus();
    process.stderr.write(`${line}\n`);
  },
  status: (line) => {
    if (!process.stdout.isTTY) return void process.stdout.write(`${line}\n`);
    process.stdout.write(`\r\x1b[2K${line}`);
    statusShown = true;
  },
};
