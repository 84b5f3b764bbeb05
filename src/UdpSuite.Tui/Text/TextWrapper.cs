using System.Globalization;
using System.Text;
using Terminal.Gui.Text;

namespace UdpSuite.Tui.Text;

/// <summary>
/// Breaks text into lines that fit a number of terminal columns. Counts columns per grapheme cluster (a CJK character
/// or most emoji take two, a combining mark or ZWJ sequence stays with its base), never splits a cluster, and prefers
/// to break after a space; a word longer than the line is cut where it has to be.
/// </summary>
internal static class TextWrapper
{
    /// <summary>The columns <paramref name="text"/> takes.</summary>
    public static int Columns(string text)
    {
        int columns = 0;
        TextElementEnumerator elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            columns += ClusterColumns(elements.GetTextElement());
        }

        return columns;
    }

    /// <summary>The lines of <paramref name="text"/> at <paramref name="width"/> columns (at least one line, even for empty text).</summary>
    public static IReadOnlyList<string> Wrap(string text, int width)
    {
        width = Math.Max(width, 2);
        List<string> lines = [];
        foreach (string paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            WrapParagraph(paragraph, width, lines);
        }

        return lines;
    }

    private static void WrapParagraph(string paragraph, int width, List<string> lines)
    {
        var line = new StringBuilder();
        int lineColumns = 0;
        int lastSpace = -1;
        int columnsAfterSpace = 0;
        TextElementEnumerator elements = StringInfo.GetTextElementEnumerator(paragraph);
        while (elements.MoveNext())
        {
            string cluster = elements.GetTextElement();
            int columns = ClusterColumns(cluster);
            if (lineColumns + columns > width)
            {
                if (lastSpace >= 0 && cluster != " ")
                {
                    // Break after the last space: the partial word moves down.
                    string carried = line.ToString(lastSpace + 1, line.Length - lastSpace - 1);
                    lines.Add(line.ToString(0, lastSpace));
                    line.Clear().Append(carried);
                    lineColumns = columnsAfterSpace;
                }
                else
                {
                    lines.Add(line.ToString().TrimEnd());
                    line.Clear();
                    lineColumns = 0;
                }

                lastSpace = -1;
                columnsAfterSpace = lineColumns;
                if (cluster == " ")
                {
                    continue;
                }
            }

            if (cluster == " ")
            {
                lastSpace = line.Length;
                columnsAfterSpace = 0;
            }
            else
            {
                columnsAfterSpace += columns;
            }

            line.Append(cluster);
            lineColumns += columns;
        }

        lines.Add(line.ToString());
    }

    private static int ClusterColumns(string cluster)
    {
        Rune first = Rune.GetRuneAt(cluster, 0);
        int columns = first.GetColumns();

        // An emoji presentation selector makes a narrow symbol wide (e.g. U+2764 U+FE0F).
        if (cluster.Contains('\uFE0F', StringComparison.Ordinal))
        {
            columns = 2;
        }

        return Math.Max(columns, first.Value < 0x20 ? 0 : 1);
    }
}
