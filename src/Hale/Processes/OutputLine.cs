namespace Hale.Processes;

/// <summary>One line written by an <see cref="OwnedProcess"/>.</summary>
/// <param name="Stream">Stdout or stderr.</param>
/// <param name="Text">
/// The line without its <c>\n</c> (nor a <c>\r</c> before it), decoded as UTF-8 (invalid bytes become U+FFFD).
/// A line longer than 8 KiB arrives as several pieces of at most 8 KiB, cut between characters.
/// </param>
public readonly record struct OutputLine(OutputStream Stream, string Text);
