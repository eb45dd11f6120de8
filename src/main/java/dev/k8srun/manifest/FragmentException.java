package dev.k8srun.manifest;

import java.nio.file.Path;

/**
 * The user's manifest fragment cannot be used: it is missing, not valid YAML, not a mapping, or
 * sets a field k8s-run must own. The user's project is at fault; the message names the file (and
 * the line and column when the YAML itself is broken) and says how to fix it.
 */
public class FragmentException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;
  private final int column;

  /**
   * @param file the fragment
   * @param line 1-based line of the problem, or 0 when no position applies
   * @param column 1-based column of the problem, or 0 when no position applies
   */
  public FragmentException(Path file, int line, int column, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  public FragmentException(Path file, String message) {
    this(file, 0, 0, message, null);
  }

  /** The fragment file. */
  public Path getFile() {
    return file;
  }

  /** The 1-based line of the problem, as editors show it, or 0 when no position applies. */
  public int getLine() {
    return line;
  }

  /** The 1-based column of the problem, as editors show it, or 0 when no position applies. */
  public int getColumn() {
    return column;
  }
}
