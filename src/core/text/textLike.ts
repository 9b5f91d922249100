/** The few things the core needs from a text: satisfied by a VS Code document and by `LineIndex`. */
export interface Position {
  readonly line: number;
  /** UTF-16 code units, as in VS Code. */
  readonly character: number;
}

export interface TextLike {
  readonly lineCount: number;
  /** The line's text without its line break. */
  lineText(line: number): string;
  offsetAt(position: Position): number;
  positionAt(offset: number): Position;
}
