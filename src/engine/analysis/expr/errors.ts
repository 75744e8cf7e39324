// The one error type of the expression language: parse and runtime errors, with the position
// in the condition's source and a caret snippet under it.

/** Where an error happened in the source, 1-based line and column. */
export interface SourcePosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/**
 * A parse or runtime error of a `successCondition`/`failureCondition` expression.
 *
 * `reason` is the short cause (`invalid operation: string < number`); `message` adds the position
 * and, when the source is known, a caret snippet:
 *
 * ```
 * invalid operation: string < number at column 8
 *  | result < 1
 *  | .......^
 * ```
 */
export class ExprError extends Error {
  override readonly name = 'ExprError';
  readonly reason: string;
  /** Absent for errors not tied to a place (a non-boolean outcome, a fault not yet located). */
  readonly position: SourcePosition | undefined;

  constructor(reason: string, where?: { source: string; offset: number; kind: 'parse' | 'runtime' }) {
    const position = where === undefined ? undefined : positionOf(where.source, where.offset);
    super(where === undefined || position === undefined ? reason : render(reason, where.source, position, where.kind));
    this.reason = reason;
    this.position = position;
  }

  /** This error placed at `offset` of `source`, unless it already has a position. */
  located(source: string, offset: number): ExprError {
    if (this.position !== undefined) return this;
    return new ExprError(this.reason, { source, offset, kind: 'runtime' });
  }
}

/** Throws a runtime fault; the evaluator adds the position of the node that raised it. */
export function fault(reason: string): never {
  throw new ExprError(reason);
}

function positionOf(source: string, offset: number): SourcePosition {
  const at = Math.max(0, Math.min(offset, source.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset: at, line, column: at - lineStart + 1 };
}

function render(reason: string, source: string, pos: SourcePosition, kind: 'parse' | 'runtime'): string {
  const singleLine = !source.includes('\n');
  const where = kind === 'runtime' && singleLine ? `column ${pos.column}` : `line ${pos.line}, column ${pos.column}`;
  const text = source.split('\n')[pos.line - 1] ?? '';
  if (text.trim() === '') return `${reason} at ${where}`;
  return `${reason} at ${where}\n | ${text}\n | ${'.'.repeat(pos.column - 1)}^`;
}
