// Progress for the command-line tools, plain text. On a terminal a line is redrawn in place (a spinner, a bar); when
// the output is a file or a pipe (CI logs, `| tee`), each change worth keeping is printed once, on a line of its own,
// with no control characters.

export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** A terminal's width; a redrawn line longer than it would wrap and could not be cleared. */
  readonly columns?: number;
}

/** A line to redraw in place, cut to the terminal's width. */
const fitted = (out: Output, line: string) => {
  const width = (out.columns ?? 80) - 1;
  const chars = Array.from(line);
  return chars.length > width ? `${chars.slice(0, width - 3).join('')}...` : line;
};

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const CLEAR_LINE = '\r\x1b[2K';

/** `[######----]`: `done` of `total` as a bar `width` characters wide. */
export function bar(done: number, total: number, width = 20): string {
  const share = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Numbered steps: "Step 3/9 [######----] title", with a spinner and the current wait ("waiting for the crediting
 * job") on a terminal; then the step's outcome and its narration, indented.
 */
export class StepProgress {
  private readonly tty: boolean;
  private timer: NodeJS.Timeout | null = null;
  private frame = 0;
  private current: { n: number; title: string; startedAt: number; detail: string } | null = null;

  constructor(
    private readonly total: number,
    private readonly out: Output,
    tty: boolean = out.isTTY === true,
  ) {
    this.tty = tty;
  }

  /** "Step 3/9 [##--------]", the bar counting the steps `done`. */
  private heading(n: number, done: number): string {
    return `Step ${String(n)}/${String(this.total)} ${bar(done, this.total, 10)}`;
  }

  start(n: number, title: string): void {
    this.current = { n, title, startedAt: Date.now(), detail: '' };
    if (this.tty) {
      this.redraw();
      this.timer = setInterval(() => { this.redraw(); }, 100);
    } else {
      this.out.write(`${this.heading(n, n - 1)} ${title} ...\n`);
    }
  }

  /** What the step waits for now; shown beside the spinner on a terminal, printed once otherwise. */
  detail(text: string): void {
    if (!this.current || this.current.detail === text) return;
    this.current.detail = text;
    if (!this.tty) this.out.write(`    ... ${text}\n`);
  }

  /** Ends the step as done and prints its narration. */
  succeed(narration: readonly string[]): void {
    const step = this.stop();
    if (!step) return;
    this.out.write(`${this.tty ? `${CLEAR_LINE}✔` : 'done:'} ${this.heading(step.n, step.n)} ${step.title} (${seconds(Date.now() - step.startedAt)})\n`);
    for (const sentence of narration) this.out.write(`    ${sentence}\n`);
  }

  /** Ends the step as failed, saying why. */
  fail(reason: string): void {
    const step = this.stop();
    if (!step) return;
    this.out.write(`${this.tty ? `${CLEAR_LINE}✖` : 'FAILED:'} Step ${String(step.n)}/${String(this.total)} ${step.title}: ${reason}\n`);
  }

  private stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const step = this.current;
    this.current = null;
    return step;
  }

  private redraw(): void {
    if (!this.current) return;
    this.frame = (this.frame + 1) % SPINNER.length;
    const { n, title, detail, startedAt } = this.current;
    const wait = detail === '' ? '' : ` - ${detail}`;
    this.out.write(`${CLEAR_LINE}${fitted(this.out, `${SPINNER[this.frame] ?? '-'} ${this.heading(n, n - 1)} ${title}${wait} (${seconds(Date.now() - startedAt)})`)}`);
  }
}

/**
 * A percentage bar: "[#########-----------]  45 % label", redrawn in place on a terminal; otherwise a line at the
 * start, at every quarter passed (100 % included) and whenever the label changes.
 */
export class PercentBar {
  private readonly tty: boolean;
  private lastMark = -1;
  private lastLabel = '';
  private lastLine = '';

  constructor(
    private readonly out: Output,
    tty: boolean = out.isTTY === true,
  ) {
    this.tty = tty;
  }

  update(percent: number, label = ''): void {
    const whole = Math.min(100, Math.max(0, Math.round(percent)));
    const line = `${bar(whole, 100, 30)} ${String(whole).padStart(3)} %${label === '' ? '' : `  ${label}`}`;
    if (this.tty) {
      if (line !== this.lastLine) this.out.write(`${CLEAR_LINE}${fitted(this.out, line)}`);
    } else {
      const mark = Math.floor(whole / 25);
      if (mark > this.lastMark || label !== this.lastLabel) this.out.write(`${line}\n`);
      this.lastMark = Math.max(this.lastMark, mark);
    }
    this.lastLabel = label;
    this.lastLine = line;
  }

  /** Leaves the bar's last state on screen and moves to a new line. */
  finish(): void {
    if (this.tty && this.lastLine !== '') this.out.write('\n');
  }
}
